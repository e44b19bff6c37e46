"""Claims checked on site (SKK Jawa Timur's Tahap III): what a participant claims per criterion
of an instrument's claims indicator (``claims: {criteria: [...]}``), usually its innovations, and
what each evaluator found on the field visit.

A claim is the unit's own line, entered while it may still edit its submission; a check is one
evaluator's "ditemukan" / "tidak ditemukan" of one claim. The evaluator's score of the claims
indicator is derived from their checks (``claims.services.checks``), never typed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Claim(models.Model):
    participant = models.ForeignKey(
        "cycles.Participant",
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="claims",
    )
    # The instrument's claims indicator (LAP1) and the criterion it is claimed under (ADM4).
    indicator_ref = models.CharField(_("indicator"), max_length=40)
    criterion_ref = models.CharField(_("criterion"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    # The unit's innovation record of the same title or acronym, when it has one.
    innovation = models.ForeignKey(
        "innovations.Innovation",
        verbose_name=_("innovation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claims",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["participant", "indicator_ref", "criterion_ref", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "indicator_ref", "criterion_ref", "title"],
                name="claim_once_per_criterion",
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion_ref}: {self.title}"


class ClaimCheck(models.Model):
    """One evaluator's finding on one claim; optimistic locking through ``version``."""

    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="checks"
    )
    evaluator = models.ForeignKey(
        "cycles.TeamMember",
        verbose_name=_("evaluator"),
        on_delete=models.PROTECT,
        related_name="claim_checks",
    )
    found = models.BooleanField(_("found on site"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked"))

    class Meta:
        verbose_name = _("claim check")
        verbose_name_plural = _("claim checks")
        ordering = ["claim", "evaluator"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "evaluator"], name="claim_checked_once")
        ]

    def __str__(self) -> str:
        return f"{self.claim}: {'found' if self.found else 'not found'}"
