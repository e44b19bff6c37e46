import rules

from kinerja.tenancy.rules import is_organiser

rules.add_perm("instruments.view", is_organiser)
rules.add_perm("instruments.manage", is_organiser)
