"""Who may see and change a participant's claims.

- see the list: whoever may see the participant's F01 (the organiser, the unit's people, its
  assigned evaluators and the chair once the F01 is released to them);
- change the list: the unit's operator or head (the services check the stage and the F01);
- check a claim on site: an evaluator assigned to the participant (``visits.work_visit``).
"""

import rules

from kinerja.assessments.rules import f01_released_to_evaluators
from kinerja.cycles.rules import (
    is_assigned_evaluator,
    is_participant_member,
    is_team_chair,
)
from kinerja.tenancy.rules import is_cycle_organiser

rules.add_perm(
    "claims.view_claims",
    is_cycle_organiser
    | is_participant_member
    | ((is_assigned_evaluator | is_team_chair) & f01_released_to_evaluators),
)
rules.add_perm("claims.edit_claims", is_participant_member)
