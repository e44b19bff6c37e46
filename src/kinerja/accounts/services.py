"""Account state changes. Each function validates, saves, and writes an audit event."""

from __future__ import annotations

from django.db import transaction

from kinerja.accounts.models import User
from kinerja.audit.services import record_event


@transaction.atomic
def create_user(
    *,
    username: str,
    password: str,
    full_name: str = "",
    position: str = "",
    email: str = "",
    by: User | None = None,
) -> User:
    """Create a user with a hashed password (organiser seats are given by
    ``kinerja.tenancy.services.seat_organiser``).

    Side effects: saves the user, audits ``user.create``.
    """
    user = User(username=username, full_name=full_name, position=position, email=email)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    record_event(
        actor=by,
        action="user.create",
        obj=user,
        after={"username": username, "full_name": full_name},
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
    """Idempotent variant for the demo world: create once, never reset a changed password."""
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing
    return create_user(
        username=username,
        password=password,
        full_name=full_name,
        position=position,
    )
