"""Who may see and do what with presentations and field visits.

- Scheduling (presentations, the field-visit timetable, hand edits): the organiser.
- The cycle's timetable grid: the organiser and the team.
- An evaluator's itinerary: that evaluator, the team chair and the organiser.
- A participant's schedule (its presentation and visit): the organiser, the team and the
  unit's own people (operator, head).
- The on-site page of a visit: its assigned evaluators (who work on it), the chair and the
  organiser (who may look). Checklist scores, photos, attendance and "done": assigned evaluators
  only; scoring is also gated by the stage (``can_score``) in reviews.services.record_review.

Anyone else is refused; views turn that into 404.
"""

from __future__ import annotations

import rules

from kinerja.cycles.rules import (
    is_assigned_evaluator,
    is_participant_member,
    is_team_chair,
    is_team_member,
)
from kinerja.tenancy.rules import is_cycle_organiser


@rules.predicate
def is_own_seat(user, member) -> bool:
    if not user.is_authenticated or member is None:
        return False
    return member.user_id == user.pk


rules.add_perm("visits.manage", is_cycle_organiser)
rules.add_perm("visits.view_schedule", is_cycle_organiser | is_team_member)
rules.add_perm("visits.view_evaluator_itinerary", is_cycle_organiser | is_own_seat | is_team_chair)
rules.add_perm(
    "visits.view_participant_schedule", is_cycle_organiser | is_team_member | is_participant_member
)
rules.add_perm("visits.view_visit", is_cycle_organiser | is_team_chair | is_assigned_evaluator)
rules.add_perm("visits.work_visit", is_assigned_evaluator)
