"""Presentations (paparan): when and where a participant presents, and who presents."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.audit.services import record_event, snapshot
from kinerja.cycles.models import Participant
from kinerja.visits.models import Presentation
from kinerja.visits.services.access import require

PRESENTATION_FIELDS = (
    "starts_at",
    "place",
    "online_link",
    "presenter_name",
    "presenter_position",
    "notes",
)


@transaction.atomic
def schedule_presentation(
    participant: Participant,
    *,
    starts_at: dt.datetime,
    place: str = "",
    online_link: str = "",
    presenter_name: str = "",
    presenter_position: str = "",
    notes: str = "",
    by,
) -> Presentation:
    """Create or change a participant's presentation (paparan). Needs a place or an online link
    and an aware start. Side effects: the row, audit ``presentation.schedule``."""
    require(by, "visits.manage", participant.cycle)
    if timezone.is_naive(starts_at):
        raise ValueError("starts_at must be aware")
    place, online_link = place.strip(), online_link.strip()
    if not place and not online_link:
        raise ValidationError(
            _("Give a place or an online meeting link for the presentation."), code="where"
        )
    presentation = Presentation.objects.filter(participant=participant).first()
    before = snapshot(presentation, PRESENTATION_FIELDS) if presentation else None
    if presentation is None:
        presentation = Presentation(participant=participant)
    presentation.starts_at = starts_at
    presentation.place = place
    presentation.online_link = online_link
    presentation.presenter_name = presenter_name.strip()
    presentation.presenter_position = presenter_position.strip()
    presentation.notes = notes.strip()
    presentation.full_clean(exclude=["participant"])
    presentation.save()
    after = snapshot(presentation, PRESENTATION_FIELDS)
    if before != after:
        record_event(
            actor=by, action="presentation.schedule", obj=presentation, before=before, after=after
        )
    return presentation


@transaction.atomic
def cancel_presentation(presentation: Presentation, *, by) -> None:
    """Remove a presentation from the schedule. Side effects: delete, audit."""
    require(by, "visits.manage", presentation.participant.cycle)
    before = snapshot(presentation, PRESENTATION_FIELDS)
    record_event(actor=by, action="presentation.cancel", obj=presentation, before=before)
    presentation.delete()
