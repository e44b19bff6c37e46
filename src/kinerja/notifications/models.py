import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinerja.common.moments import deadline_text
from kinerja.notifications.enums import MESSAGES, NotificationKind


class Notification(models.Model):
    """Something a person should know (in-app, and by e-mail when SMTP is configured and they
    did not turn it off). ``key`` makes a reminder once-only per person."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    params = models.JSONField(_("details"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    key = models.CharField(_("once-only key"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~Q(key=""), name="notification_once_per_key"
            )
        ]

    def __str__(self) -> str:
        return self.message

    def shown_params(self) -> dict:
        """The params as the reader sees them: a deadline (``ends_at`` and ``time_zone``) as
        text in the active language ("Minggu, 6 Oktober 2024, 23.59 WIB")."""
        params = dict(self.params)
        if "ends_at" in params and "when" not in params:
            moment = dt.datetime.fromisoformat(params["ends_at"])
            params["when"] = deadline_text(moment, params.get("time_zone") or settings.TIME_ZONE)
        return params

    @property
    def message(self) -> str:
        template = MESSAGES.get(self.kind)
        if template is None:
            return self.kind
        try:
            return str(template) % self.shown_params()
        except (KeyError, TypeError, ValueError):
            return str(NotificationKind(self.kind).label)
