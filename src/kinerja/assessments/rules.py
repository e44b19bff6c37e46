"""Who may see and change a participant's self-assessment (F01).

- view: the organiser, the unit's own people (operator, head), and an evaluator assigned to the
  unit (or the team chair, who runs the plenary over every unit) once the F01 is released to
  evaluators: while any stage that lets evaluators score is open, or once the filling period is
  over (the last stage that lets units edit their F01 has ended). Before that, the unit's work
  in progress is the unit's own.
- edit (answers, evidence): the unit's operator or head; the stage gates and the F01's status
  are checked again by the services.
- submit: the unit head. Reopen and monitoring: the organiser.

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
