import rules

from kinerja.accounts.rules import is_organiser

rules.add_perm("units.manage", is_organiser)
rules.add_perm("units.view_tree", is_organiser)
