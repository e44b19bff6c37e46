import rules

from kinerja.cycles.rules import is_invited_organiser
from kinerja.tenancy.rules import is_cycle_organiser

# The cycle's organiser decides on nominations; an invited government's organisers nominate
# (the services check that the invitation is theirs).
rules.add_perm("nominations.view", is_cycle_organiser | is_invited_organiser)
