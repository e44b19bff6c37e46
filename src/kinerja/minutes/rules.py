"""Who may see and write the berita acara and the recommendations.

The team of the participant (its assigned evaluators, the chair) and the organiser write them;
the unit's people read them and report follow-up. Who signs is decided by the signer rows,
checked by the service. Anyone else is refused; views turn that into 404.
"""

from __future__ import annotations

import rules

from kinerja.cycles.rules import is_assigned_evaluator, is_participant_member, is_team_chair
from kinerja.tenancy.rules import is_cycle_organiser

rules.add_perm(
    "minutes.view_minutes",
    is_cycle_organiser | is_team_chair | is_assigned_evaluator | is_participant_member,
)
rules.add_perm("minutes.edit_minutes", is_cycle_organiser | is_team_chair | is_assigned_evaluator)
rules.add_perm(
    "minutes.add_recommendation", is_cycle_organiser | is_team_chair | is_assigned_evaluator
)
rules.add_perm("minutes.follow_up_recommendation", is_participant_member)
