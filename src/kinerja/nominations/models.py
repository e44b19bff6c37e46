"""Nominations up the hierarchy: a government invited into a higher government's cycle (a
kab/kota into the province's SKK) puts forward its units within the invitation's quota, during
the cycle's nomination stage; the cycle's organiser accepts (the unit becomes a participant) or
refuses with a reason. Nothing is deleted: a withdrawn or refused nomination stays on record."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinerja.nominations.enums import HOLDING, NominationStatus


class Nomination(models.Model):
    invitation = models.ForeignKey(
        "cycles.Invitation",
        verbose_name=_("invitation"),
        on_delete=models.CASCADE,
        related_name="nominations",
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="nominations"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=NominationStatus.choices,
        default=NominationStatus.PROPOSED,
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    reason = models.TextField(_("organiser's reason"), blank=True)
    participant = models.OneToOneField(
        "cycles.Participant",
        verbose_name=_("participant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nomination",
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    nominated_at = models.DateTimeField(_("nominated"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["invitation", "nominated_at", "pk"]
        constraints = [
            # A unit holds one place per invitation at a time (nominated or accepted).
            models.UniqueConstraint(
                fields=["invitation", "unit"],
                condition=Q(status__in=[s.value for s in HOLDING]),
                name="nomination_once_per_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} ({self.get_status_display()})"

    @property
    def open(self) -> bool:
        return self.status == NominationStatus.PROPOSED
