"""Telling people: every notification is written by ``notify`` (in-app), which also has it
e-mailed by a job after the change commits when SMTP is configured and the person keeps e-mail
on."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kinerja.jobs import services as jobs
from kinerja.notifications.models import Notification


def notify(users: Iterable, *, kind: str, params: dict, url: str = "", key: str = "") -> int:
    """Tell ``users`` (each once; None and duplicates skipped) about ``kind``.

    Side effects: one bulk INSERT (a ``key`` already given to a person is not given again: a
    reminder is sent once); after commit, when SMTP is configured, a job that e-mails those with
    an address and e-mail on (a failing SMTP server is retried, never undoes the change).
    Returns how many notifications were written.
    """
    people = {u.pk: u for u in users if u is not None and getattr(u, "pk", None)}
    if not people:
        return 0
    if key:
        taken = set(
            Notification.objects.filter(user_id__in=people, key=key).values_list(
                "user_id", flat=True
            )
        )
        people = {pk: u for pk, u in people.items() if pk not in taken}
    rows = Notification.objects.bulk_create(
        Notification(user_id=pk, kind=kind, params=params, url=url, key=key) for pk in people
    )
    if getattr(settings, "KINERJA_EMAIL_ENABLED", False):
        mailed = [n.pk for n in rows if _wants_mail(people[n.user_id])]
        if mailed:
            transaction.on_commit(lambda: _start_mail(mailed))
    return len(rows)


def _wants_mail(user) -> bool:
    return bool(user.email) and user.email_notifications and user.is_active


def _start_mail(ids: list[int]) -> None:
    """The e-mails go out in a job (``notifications.jobs.mail``): a slow or failing SMTP server
    holds up no request, and a failure is retried."""
    jobs.start(
        "notification_mail",
        label=_("E-mail %(count)s notifications") % {"count": len(ids)},
        by=None,
        params={"notifications": ids},
    )


def mail_messages(notifications: list[Notification]) -> list[tuple]:
    """The e-mails of ``notifications`` (their users loaded), in the site's language."""
    base = getattr(settings, "KINERJA_SITE_URL", "")
    with translation.override(settings.LANGUAGE_CODE):
        return [
            (
                _("[Kinerja] %(kind)s") % {"kind": n.get_kind_display()},
                f"{n.message}\n\n{base}{n.url}\n\n"
                + _("You can turn these e-mails off on your notifications page."),
                settings.DEFAULT_FROM_EMAIL,
                [n.user.email],
            )
            for n in notifications
        ]


def mark_read(user, *, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (``ids``, or all) read; returns how many changed."""
    rows = Notification.objects.filter(user=user, read_at=None)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())


def set_email(user, *, enabled: bool) -> None:
    """Turn the user's notification e-mails on or off."""
    user.email_notifications = enabled
    user.save(update_fields=["email_notifications"])
