"""The home page of tasks: what waits for the user in every role they hold."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kinerja.notifications.queries import notifications_of
from kinerja.tasks.items import Desk
from kinerja.tasks.organiser import organiser_tasks
from kinerja.tasks.team import signature_tasks, team_tasks
from kinerja.tasks.units import unit_tasks

NOTICES = 5
"""Unread notifications the home page shows (the notifications page has them all)."""


def desk_for(user, at: dt.datetime | None = None) -> Desk:
    """Every role's tasks of ``user`` now (or at ``at``); an anonymous user has none."""
    if not user.is_authenticated:
        return Desk()
    at = at or timezone.now()
    unread = notifications_of(user).filter(read_at=None)
    return Desk(
        notices=list(unread[:NOTICES]),
        unread=unread.count(),
        organiser=organiser_tasks(user, at),
        unit=unit_tasks(user, at),
        team=team_tasks(user, at),
        signatures=signature_tasks(user),
    )
