"""Account state changes. Each function validates, saves, and writes an audit event."""

from __future__ import annotations

from functools import lru_cache

from django.contrib.auth.hashers import make_password
from django.db import transaction

from kinerja.accounts.models import User
from kinerja.audit.services import record_event, record_table_event

# An audit trail is not a place for a 100,000-character "username" an attacker typed.
USERNAME_IN_AUDIT_MAX = 150


@transaction.atomic
def create_user(
    *,
    username: str,
    password: str,
    full_name: str = "",
    position: str = "",
    email: str = "",
    must_change_password: bool = False,
    by: User | None = None,
    password_hash: str = "",
) -> User:
    """Create a user with a hashed password (organiser seats are given by
    ``kinerja.tenancy.services.seat_organiser``). ``must_change_password`` is for a password
    chosen by somebody else: the user is held on the password page until they change it.
    ``password_hash``: ``password`` hashed already (``make_password``), not hashed again.

    Side effects: saves the user, audits ``user.create``.
    """
    user = User(
        username=username,
        full_name=full_name,
        position=position,
        email=email,
        must_change_password=must_change_password,
    )
    if password_hash:
        user.password = password_hash
    else:
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    record_event(
        actor=by,
        action="user.create",
        obj=user,
        after={
            "username": username,
            "full_name": full_name,
            "must_change_password": must_change_password,
        },
    )
    return user


@transaction.atomic
def ensure_user(
    *,
    username: str,
    password: str,
    full_name: str = "",
    position: str = "",
) -> User:
    """Idempotent variant for the demo world: create once, never reset a changed password.

    Demo passwords are documented (README), so demo users are never made to change them.
    The demo's users share their password, so it is hashed once per process (``_shared_hash``:
    argon2 takes 0.15 s a hash, and the demo world has more than a hundred users)."""
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing
    return create_user(
        username=username,
        password=password,
        full_name=full_name,
        position=position,
        password_hash=_shared_hash(password),
    )


@lru_cache(maxsize=4)
def _shared_hash(password: str) -> str:
    """One hash (one salt) for every demo user of the same documented password."""
    return make_password(password)


@transaction.atomic
def change_password(user: User, *, password: str, by: User) -> None:
    """Set ``user``'s own new password (already validated by the form) and release them from
    ``must_change_password``.

    Side effects: saves ``password`` and ``must_change_password`` (``update_fields``), audits
    ``user.password_change`` (with whether it was a forced first-login change).
    """
    forced = user.must_change_password
    user.set_password(password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    record_event(
        actor=by,
        action="user.password_change",
        obj=user,
        after={"first_login": forced} if forced else None,
    )


def record_login_failure(*, username: str, ip_address: str | None, locked_out: bool) -> None:
    """Put a failed login on the audit trail: the username tried (cut to a username's length)
    and the address, never the password. The event has no cycle or region, so only the platform
    administrator reads it (``kinerja.audit.scoping``); no actor, since nobody is logged in.

    Side effects: one INSERT (``auth.login_failed``).
    """
    tried = (username or "")[:USERNAME_IN_AUDIT_MAX]
    record_table_event(
        actor=None,
        action="auth.login_failed",
        model=User,
        label=tried,
        after={"username": tried, "ip_address": ip_address, "locked_out": locked_out},
    )


def record_lockout(*, username: str, ip_address: str | None, by_address: bool) -> None:
    """Put the start of a login lockout on the audit trail: for the username at that address,
    or (``by_address``) for every username from that address (password spraying).

    Side effects: one INSERT (``auth.lockout``), with no scope (platform administrator only).
    """
    tried = (username or "")[:USERNAME_IN_AUDIT_MAX]
    record_table_event(
        actor=None,
        action="auth.lockout",
        model=User,
        label=tried,
        after={
            "username": tried,
            "ip_address": ip_address,
            "scope": "address" if by_address else "username",
        },
    )
