"""A token for the REST API, read-only or read-write; only its SHA-256 is kept, shown once.

- A personal access token acts as the person who created it (their government, their rights).
- A service token belongs to a government's organising body (``body``): an organiser of the
  body creates it for another system (a province's own system, e-SAKIP), it acts as its own
  service account seated at the body, so it keeps working when its creator moves on, and any
  organiser of the body may revoke it."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

PREFIX = "knj_"


class Scope(models.TextChoices):
    READ = "read", _("Read")
    WRITE = "write", _("Read and write")


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    body = models.ForeignKey(
        "units.Unit",
        verbose_name=_("government body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_tokens",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(_("scope"), max_length=5, choices=Scope.choices, default=Scope.READ)
    # The first characters, to tell tokens apart; the rest is never stored.
    lead = models.CharField(_("begins with"), max_length=12)
    digest = models.CharField(_("SHA-256"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.lead}…)"

    @property
    def is_service(self) -> bool:
        return self.body_id is not None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def new_secret() -> str:
        return PREFIX + secrets.token_urlsafe(32)
