"""Who may see and change a participant's self-assessment (F01) and the clarifications on it.

- view: the organiser, the unit's own people (operator, head), and an evaluator assigned to the
  unit (or the team chair, who runs the plenary over every unit) once the F01 is released to
  evaluators: while any stage that lets evaluators score is open, or once the filling period is
  over (the last stage that lets units edit their F01 has ended). Before that, the unit's work
  in progress is the unit's own.
- edit (answers, evidence): the unit's operator or head; the stage gates and the F01's status
  are checked again by the services.
- submit: the unit head. Reopen and monitoring: the organiser.
- a clarification: the unit's own people, its assigned evaluators, the chair and the organiser.
  The unit answers and adds evidence; the evaluators ask; the evaluator who raised it, the
  chair or the organiser resolves it.

Anybody else (another unit, an unassigned evaluator) is refused, which views turn into 404.
"""

from __future__ import annotations

import rules
from django.utils import timezone

from kinerja.cycles import gates
from kinerja.cycles.rules import (
    is_assigned_evaluator,
    is_participant_head,
    is_participant_member,
    is_team_chair,
)
from kinerja.tenancy.rules import is_cycle_organiser


@rules.predicate
def f01_released_to_evaluators(user, participant) -> bool:
    if participant is None:
        return False
    cycle = participant.cycle
    now = timezone.now()
    if gates.is_open(cycle, "can_score", now):
        return True
    filling = [s for s in gates.stages_of(cycle) if s.can_edit_self]
    return bool(filling) and max(s.ends_at for s in filling) <= now


rules.add_perm(
    "assessments.view_f01",
    is_cycle_organiser
    | is_participant_member
    | ((is_assigned_evaluator | is_team_chair) & f01_released_to_evaluators),
)
rules.add_perm("assessments.edit_f01", is_participant_member)
rules.add_perm("assessments.submit_f01", is_participant_head)
rules.add_perm("assessments.reopen_f01", is_cycle_organiser)
rules.add_perm("assessments.monitor", is_cycle_organiser)


def _on_participant(predicate, name: str):
    """The participant predicate applied to a clarification's participant."""

    @rules.predicate(name=name)
    def check(user, clarification) -> bool:
        if clarification is None:
            return False
        return predicate.test(user, clarification.participant)

    return check


clarification_member = _on_participant(is_participant_member, "clarification_member")
clarification_evaluator = _on_participant(is_assigned_evaluator, "clarification_evaluator")
clarification_chair = _on_participant(is_team_chair, "clarification_chair")


@rules.predicate
def raised_clarification(user, clarification) -> bool:
    if not user.is_authenticated or clarification is None:
        return False
    return clarification.raised_by.user_id == user.pk


rules.add_perm("assessments.raise_clarification", is_assigned_evaluator)
rules.add_perm("assessments.view_unit_clarifications", is_cycle_organiser | is_participant_member)
rules.add_perm(
    "assessments.view_clarification",
    is_cycle_organiser | clarification_member | clarification_evaluator | clarification_chair,
)
rules.add_perm(
    "assessments.reply_clarification",
    clarification_member | clarification_evaluator | clarification_chair | is_cycle_organiser,
)
rules.add_perm("assessments.answer_clarification", clarification_member)
rules.add_perm(
    "assessments.resolve_clarification",
    raised_clarification | clarification_chair | is_cycle_organiser,
)
