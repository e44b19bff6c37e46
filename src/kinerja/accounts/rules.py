"""Global role predicates. Per-cycle and per-unit roles join these in later apps."""

import rules


@rules.predicate
def is_organiser(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("accounts.organiser"))


is_authenticated = rules.is_authenticated
