import rules

from kinerja.accounts.rules import is_organiser
from kinerja.cycles.rules import is_team_member

# Before announcement only the organiser and the team see results (publication comes later).
rules.add_perm("results.view_ranking", is_organiser | is_team_member)
rules.add_perm("results.recompute", is_organiser)
