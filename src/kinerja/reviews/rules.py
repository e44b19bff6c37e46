"""Who may see and do what in verification and scoring (F02) and clarifications.

- The worklist of a cycle: its team and the organiser.
- A participant's review page: its assigned evaluators (who score), the team chair and the
  organiser (who read every evaluator's scores). Scoring itself: only an assigned evaluator; the
  stage gate (``can_score``) is checked again by the services.
- A clarification: the unit's own people, its assigned evaluators, the chair and the organiser.
  The unit answers and adds evidence; the evaluators ask; the evaluator who raised it, the
  chair or the organiser resolves it.

Anyone else (another unit, an unassigned evaluator) is refused; views turn that into 404.
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


rules.add_perm("reviews.view_worklist", is_cycle_organiser | is_team_member)
rules.add_perm(
    "reviews.view_participant", is_cycle_organiser | is_team_chair | is_assigned_evaluator
)
rules.add_perm("reviews.score", is_assigned_evaluator)
rules.add_perm("reviews.see_all_scores", is_cycle_organiser | is_team_chair)
rules.add_perm("reviews.raise_clarification", is_assigned_evaluator)
rules.add_perm("reviews.view_unit_clarifications", is_cycle_organiser | is_participant_member)
rules.add_perm(
    "reviews.view_clarification",
    is_cycle_organiser | clarification_member | clarification_evaluator | clarification_chair,
)
rules.add_perm(
    "reviews.reply_clarification",
    clarification_member | clarification_evaluator | clarification_chair | is_cycle_organiser,
)
rules.add_perm("reviews.answer_clarification", clarification_member)
rules.add_perm(
    "reviews.resolve_clarification", raised_clarification | clarification_chair | is_cycle_organiser
)

# The plenary (rapat pleno): the team reads it (non-chair evaluators see others' scores only as
# the stage's ``see_other_scores`` allows, and only for the participants assigned to them); the
# chair or the organiser sets consensus values and closes it; only the organiser reopens it.
rules.add_perm("reviews.view_plenary", is_cycle_organiser | is_team_member)
rules.add_perm("reviews.run_plenary", is_cycle_organiser | is_team_chair)
rules.add_perm("reviews.reopen_plenary", is_cycle_organiser)

# The berita acara and recommendations: the team of the participant (its assigned evaluators,
# the chair) and the organiser write them; the unit's people read them and report follow-up.
# Who signs is decided by the signer rows, checked by the service.
rules.add_perm(
    "reviews.view_minutes",
    is_cycle_organiser | is_team_chair | is_assigned_evaluator | is_participant_member,
)
rules.add_perm("reviews.edit_minutes", is_cycle_organiser | is_team_chair | is_assigned_evaluator)
rules.add_perm(
    "reviews.add_recommendation", is_cycle_organiser | is_team_chair | is_assigned_evaluator
)
rules.add_perm("reviews.follow_up_recommendation", is_participant_member)

# The appeal (sanggah): the unit's people file and read their appeals; the team of the
# participant (its assigned evaluators, the chair) and the organiser read and decide them.
rules.add_perm("reviews.file_appeal", is_participant_member)
rules.add_perm("reviews.decide_appeal", is_cycle_organiser | is_team_chair | is_assigned_evaluator)
rules.add_perm(
    "reviews.view_appeals",
    is_cycle_organiser | is_team_chair | is_assigned_evaluator | is_participant_member,
)
