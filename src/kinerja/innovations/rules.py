import rules

from kinerja.tenancy.rules import is_organiser, is_unit_organiser


@rules.predicate
def organises_owner(user, innovation) -> bool:
    return innovation is not None and is_unit_organiser(user, innovation.owner)


# The organisers of a government keep its units' innovations (draft, edit, publish).
rules.add_perm("innovations.manage", is_organiser)
rules.add_perm("innovations.change_innovation", organises_owner)
