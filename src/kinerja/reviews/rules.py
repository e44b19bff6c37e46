"""Who may see and do what in verification and scoring (F02) and in the plenary.

- The worklist of a cycle: its team and the organiser.
- A participant's review page: its assigned evaluators (who score), the team chair and the
  organiser (who read every evaluator's scores). Scoring itself: only an assigned evaluator; the
  stage gate (``can_score``) is checked again by the services.
- The plenary (rapat pleno): the team reads it (non-chair evaluators see others' scores only as
  the stage's ``see_other_scores`` allows, and only for the participants assigned to them); the
  chair or the organiser sets consensus values and closes it; only the organiser reopens it.

Anyone else (another unit, an unassigned evaluator) is refused; views turn that into 404.
(Clarifications: ``assessments.rules``; berita acara: ``minutes.rules``; appeals:
``appeals.rules``.)
"""

from __future__ import annotations

import rules

from kinerja.cycles.rules import is_assigned_evaluator, is_team_chair, is_team_member
from kinerja.tenancy.rules import is_cycle_organiser

rules.add_perm("reviews.view_worklist", is_cycle_organiser | is_team_member)
rules.add_perm(
    "reviews.view_participant", is_cycle_organiser | is_team_chair | is_assigned_evaluator
)
rules.add_perm("reviews.score", is_assigned_evaluator)
rules.add_perm("reviews.see_all_scores", is_cycle_organiser | is_team_chair)

rules.add_perm("reviews.view_plenary", is_cycle_organiser | is_team_member)
rules.add_perm("reviews.run_plenary", is_cycle_organiser | is_team_chair)
rules.add_perm("reviews.reopen_plenary", is_cycle_organiser)
