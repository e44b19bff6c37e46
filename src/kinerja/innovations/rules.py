import rules

from kinerja.tenancy.keepers import acts_for_any, may_edit, may_publish
from kinerja.tenancy.rules import is_organiser


@rules.predicate
def keeps_owner(user, innovation) -> bool:
    return innovation is not None and may_edit(user, innovation.owner)


@rules.predicate
def publishes_owner(user, innovation) -> bool:
    return innovation is not None and may_publish(user, innovation.owner)


@rules.predicate
def is_published(user, innovation) -> bool:
    return innovation is not None and innovation.published


has_units = rules.predicate(acts_for_any, name="acts_for_a_unit")

# A government's organisers and the people of a unit keep its innovations: the unit's operators
# draft and edit, its head (or an organiser) publishes; the public sees the published ones.
rules.add_perm("innovations.manage", is_organiser | has_units)
rules.add_perm("innovations.change_innovation", keeps_owner)
rules.add_perm("innovations.publish_innovation", publishes_owner)
rules.add_perm("innovations.view_files", is_published | keeps_owner)
