import rules

from kinerja.cycles.rules import is_team_member
from kinerja.tenancy.keepers import acts_for_any, may_edit, may_publish
from kinerja.tenancy.rules import is_cycle_organiser, is_organiser


@rules.predicate
def keeps_unit(user, survey) -> bool:
    return survey is not None and may_edit(user, survey.unit)


@rules.predicate
def heads_unit(user, survey) -> bool:
    return survey is not None and may_publish(user, survey.unit)


has_units = rules.predicate(acts_for_any, name="acts_for_a_unit")

# A unit's people read its survey and record the follow-up; its head or an organiser of its
# government opens, edits, publishes and excludes answers. Respondents need no account.
rules.add_perm("surveys.manage", is_organiser | has_units)
rules.add_perm("surveys.view_survey", keeps_unit)
rules.add_perm("surveys.change_survey", heads_unit)
# The survey feed of a cycle: its team reads it, its organiser chooses the period.
rules.add_perm("surveys.view_feed", is_cycle_organiser | is_team_member)
