"""Organiser predicates, scoped to the organiser's government (``kinerja.tenancy.scope``).

- ``is_organiser``: holds an organiser seat (or is the platform administrator). Used only for
  pages without an object (lists, "new cycle"), whose querysets are scoped in turn.
- ``is_cycle_organiser``: the object's cycle is run by one of the user's bodies. The object is
  a cycle or anything that leads to one (participant, clarification, team seat, evidence, …).
- ``is_unit_organiser``: the unit lies in the user's government.

(Whether a cycle invited the user's bodies is the cycle's: ``cycles.rules.is_invited_organiser``.)

The platform administrator passes the organiser checks of every government, and only those
(``accounts.User.has_perm`` does not give superusers Django's blanket grant): they never act as
a unit's operator or an evaluator. Their state changes are flagged in the audit trail.
"""

from __future__ import annotations

import rules

from kinerja.tenancy.scope import scope_of

# How to reach a cycle's organising unit from the objects permissions are checked on.
_TOWARDS_CYCLE = ("cycle", "participant", "evidence", "clarification", "assessment")


def organiser_unit_id_of(obj) -> int | None:
    """The organising unit of the cycle an object belongs to (None when it has none)."""
    for _ in range(4):
        if obj is None:
            return None
        if hasattr(obj, "organiser_unit_id") and hasattr(obj, "instrument_version_id"):
            return obj.organiser_unit_id
        obj = next((getattr(obj, a) for a in _TOWARDS_CYCLE if hasattr(obj, a)), None)
    return None


@rules.predicate
def is_organiser(user) -> bool:
    return bool(user and user.is_authenticated and scope_of(user).is_organiser)


@rules.predicate
def is_cycle_organiser(user, obj) -> bool:
    if not user.is_authenticated or obj is None:
        return False
    scope = scope_of(user)
    return scope.platform or scope.owns_body(organiser_unit_id_of(obj))


@rules.predicate
def is_unit_organiser(user, unit) -> bool:
    if not user.is_authenticated or unit is None:
        return False
    return scope_of(user).owns_unit(unit)


rules.add_perm("tenancy.manage_platform", rules.is_superuser)
