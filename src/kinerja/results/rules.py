import rules

from kinerja.accounts.rules import is_organiser
from kinerja.cycles.rules import is_team_member

# Before announcement only the organiser and the team see results (publication comes later).
rules.add_perm("results.view_ranking", is_organiser | is_team_member)
rules.add_perm("results.recompute", is_organiser)
rules.add_perm("results.view_fairness", is_organiser)

# Penetapan and pengumuman: the organiser determines and publishes; the organiser and the team
# may preview the determined snapshot before publication, everyone else gets 404 until then.
rules.add_perm("results.determine", is_organiser)
rules.add_perm("results.preview_announcement", is_organiser | is_team_member)
