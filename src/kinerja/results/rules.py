import rules

from kinerja.cycles.rules import is_team_member
from kinerja.tenancy.rules import is_cycle_organiser

# Before announcement only the organiser and the team see results (publication comes later).
rules.add_perm("results.view_ranking", is_cycle_organiser | is_team_member)
rules.add_perm("results.recompute", is_cycle_organiser)
# Who goes on after a round: the team sees the proposal and the decisions, the organiser decides.
rules.add_perm("results.decide_rounds", is_cycle_organiser)
rules.add_perm("results.view_fairness", is_cycle_organiser)

# Penetapan and pengumuman: the organiser determines and publishes; the organiser and the team
# may preview the determined snapshot before publication, everyone else gets 404 until then.
rules.add_perm("results.determine", is_cycle_organiser)
rules.add_perm("results.preview_announcement", is_cycle_organiser | is_team_member)
