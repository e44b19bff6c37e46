"""Account state changes. Each function validates, saves, and writes an audit event."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from kinerja.accounts.enums import ORGANISER_GROUP
from kinerja.accounts.models import User
from kinerja.audit.services import record_event


def organiser_group() -> Group:
    """The "Penyelenggara" group holding the organiser permission (created when missing)."""
    group, _ = Group.objects.get_or_create(name=ORGANISER_GROUP)
    permission = Permission.objects.get(content_type__app_label="accounts", codename="organiser")
    group.permissions.add(permission)
    return group


@transaction.atomic
def create_user(
    *,
    username: str,
    password: str,
    full_name: str = "",
    position: str = "",
    email: str = "",
    organiser: bool = False,
    by: User | None = None,
) -> User:
    """Create a user with a hashed password.

    Side effects: saves the user, adds the organiser group when asked, audits ``user.create``.
    """
    user = User(username=username, full_name=full_name, position=position, email=email)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    if organiser:
        user.groups.add(organiser_group())
    record_event(
        actor=by,
        action="user.create",
        obj=user,
        after={"username": username, "full_name": full_name, "organiser": organiser},
    )
    return user


@transaction.atomic
def ensure_user(
    *,
    username: str,
    password: str,
    full_name: str = "",
    position: str = "",
    organiser: bool = False,
) -> User:
    """Idempotent variant for the demo world: create once, never reset a changed password."""
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        if organiser and not existing.has_perm("accounts.organiser"):
            existing.groups.add(organiser_group())
        return existing
    return create_user(
        username=username,
        password=password,
        full_name=full_name,
        position=position,
        organiser=organiser,
    )
