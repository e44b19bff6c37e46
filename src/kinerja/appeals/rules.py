"""Who may file, read and decide appeals (sanggah).

The unit's people file and read their appeals; the team of the participant (its assigned
evaluators, the chair) and the organiser read and decide them. Anyone else is refused; views
turn that into 404.
"""

from __future__ import annotations

import rules

from kinerja.cycles.rules import is_assigned_evaluator, is_participant_member, is_team_chair
from kinerja.tenancy.rules import is_cycle_organiser

rules.add_perm("appeals.file_appeal", is_participant_member)
rules.add_perm("appeals.decide_appeal", is_cycle_organiser | is_team_chair | is_assigned_evaluator)
rules.add_perm(
    "appeals.view_appeals",
    is_cycle_organiser | is_team_chair | is_assigned_evaluator | is_participant_member,
)
