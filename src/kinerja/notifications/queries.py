"""Reads of a person's notifications."""

from __future__ import annotations

from django.db.models import QuerySet

from kinerja.notifications.models import Notification


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at=None).count()


def notifications_of(user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)
