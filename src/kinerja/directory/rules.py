import rules

from kinerja.tenancy.rules import is_organiser, is_unit_organiser

# The unit tree: organisers see and change the units of their own government only (the region of
# their organising body and the regions under it). Regions are platform data.
rules.add_perm("units.view_tree", is_organiser)
rules.add_perm("units.manage", is_organiser)
rules.add_perm("units.change_unit", is_unit_organiser)
rules.add_perm("units.manage_regions", rules.is_superuser)
