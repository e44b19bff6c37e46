"""The field checklist: the field component's indicators confirmed or adjusted on site."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kinerja.cycles.models import TeamMember
from kinerja.reviews.models import Review
from kinerja.reviews.services import record_review
from kinerja.visits.models import FieldVisit
from kinerja.visits.queries import field_indicator_refs
from kinerja.visits.services.access import require_worker


def record_checklist_item(
    visit: FieldVisit,
    indicator_ref: str,
    *,
    evaluator: TeamMember,
    value,
    note: str,
    expected_version: int,
    by,
) -> Review:
    """Confirm or adjust one indicator of the field component on site: a review through
    ``reviews.services.record_review`` (assignment, stage gate, answer type, optimistic lock
    and audit are all its own). Refuses an indicator outside the field component."""
    require_worker(visit, by)
    if indicator_ref not in field_indicator_refs(visit.participant.cycle):
        raise ValidationError(
            _("Indicator %(ref)s is not part of the field visit."),
            code="unknown_indicator",
            params={"ref": indicator_ref},
        )
    # The verdict (a desk finding) is not asked on site: keep whatever is stored.
    verdict = (
        Review.objects.filter(
            evaluator=evaluator, participant=visit.participant, indicator_ref=indicator_ref
        )
        .values_list("verdict", flat=True)
        .first()
    )
    return record_review(
        visit.participant,
        indicator_ref,
        evaluator=evaluator,
        value=value,
        verdict=verdict or "",
        note=note,
        expected_version=expected_version,
        by=by,
    )
