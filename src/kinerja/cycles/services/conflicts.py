"""Conflicts of interest: an evaluator declares one, the organiser accepts or rejects it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.audit.services import record_event
from kinerja.cycles.enums import ConflictStatus
from kinerja.cycles.models import Assignment, ConflictDeclaration, Participant, TeamMember

# The algorithm names how the participant's unit stands to the evaluator's agency: "parent_unit"
# means the participant is the parent of the evaluator's agency, "child_unit" the reverse.
CONFLICT_MESSAGES = {
    "own_unit": gettext_lazy("%(evaluator)s comes from %(unit)s itself and cannot evaluate it."),
    "parent_unit": gettext_lazy(
        "%(evaluator)s comes from a unit under %(unit)s and cannot evaluate it."
    ),
    "child_unit": gettext_lazy(
        "%(evaluator)s comes from the parent unit of %(unit)s and cannot evaluate it."
    ),
    "declared": gettext_lazy("%(evaluator)s declared a conflict of interest with %(unit)s."),
}


@transaction.atomic
def declare_conflict(
    evaluator: TeamMember, participant: Participant, *, reason: str, by
) -> ConflictDeclaration:
    """An evaluator declares a conflict of interest. Side effects: saves, audits."""
    if not reason.strip():
        raise ValidationError(_("Give a reason for the conflict of interest."))
    conflict, _created = ConflictDeclaration.objects.update_or_create(
        evaluator=evaluator,
        participant=participant,
        defaults={
            "cycle": evaluator.cycle,
            "reason": reason.strip(),
            "status": ConflictStatus.DECLARED,
        },
    )
    record_event(
        actor=by, action="conflict.declare", obj=conflict, after={"reason": conflict.reason}
    )
    return conflict


@transaction.atomic
def resolve_conflict(
    conflict: ConflictDeclaration, *, accept: bool, note: str, by
) -> ConflictDeclaration:
    """The organiser accepts (the evaluator is excluded and unassigned) or rejects a conflict.

    Side effects: saves the resolution, deletes the pair's assignment when accepted, audits.
    """
    before = {"status": conflict.status}
    conflict.status = ConflictStatus.ACCEPTED if accept else ConflictStatus.REJECTED
    conflict.resolution_note = note
    conflict.resolved_by = by
    conflict.resolved_at = timezone.now()
    conflict.save(update_fields=["status", "resolution_note", "resolved_by", "resolved_at"])
    removed = 0
    if accept:
        removed, _ = Assignment.objects.filter(
            evaluator=conflict.evaluator, participant=conflict.participant
        ).delete()
    record_event(
        actor=by,
        action="conflict.resolve",
        obj=conflict,
        before=before,
        after={"status": conflict.status, "note": note, "assignments_removed": removed},
    )
    return conflict
