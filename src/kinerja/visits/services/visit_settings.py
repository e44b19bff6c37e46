"""The cycle's visit settings: the checklist's component and when the sessions start."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.audit.services import record_event, snapshot
from kinerja.cycles.models import Cycle
from kinerja.visits.enums import Session
from kinerja.visits.models import FieldVisit, VisitSettings
from kinerja.visits.queries import settings_for
from kinerja.visits.services.access import require


def session_start(settings: VisitSettings, session: str) -> dt.time:
    return settings.pagi_starts if session == Session.PAGI else settings.siang_starts


def visit_start(cycle: Cycle, day: dt.date, session: str, settings: VisitSettings | None = None):
    """When a session starts, as an aware datetime in the cycle's time zone."""
    settings = settings or settings_for(cycle)
    return dt.datetime.combine(day, session_start(settings, session), ZoneInfo(cycle.time_zone))


@transaction.atomic
def save_visit_settings(
    cycle: Cycle, *, field_component: str, pagi_starts: dt.time, siang_starts: dt.time, by
) -> VisitSettings:
    """Choose the checklist's component and the session start times. Side effects: the
    settings row, the stored visits' ``starts_at`` recomputed, audit ``visits.settings``."""
    require(by, "visits.manage", cycle)
    codes = [c.code for c in cycle.instrument_version.definition.components]
    if field_component not in codes:
        raise ValidationError(_("Choose a component of the instrument."), code="component")
    if pagi_starts >= siang_starts:
        raise ValidationError(
            _("The morning session must start before the afternoon session."), code="times"
        )
    current = settings_for(cycle)
    before = snapshot(current, ["field_component", "pagi_starts", "siang_starts"])
    current.field_component = field_component
    current.pagi_starts, current.siang_starts = pagi_starts, siang_starts
    current.save()
    visits = list(FieldVisit.objects.filter(participant__cycle=cycle))
    for visit in visits:
        visit.starts_at = visit_start(cycle, visit.day, visit.session, current)
    FieldVisit.objects.bulk_update(visits, ["starts_at"])
    record_event(
        actor=by,
        action="visits.settings",
        obj=current,
        before=before,
        after=snapshot(current, ["field_component", "pagi_starts", "siang_starts"]),
    )
    return current
