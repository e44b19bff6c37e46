"""Who organises for which government.

An organiser acts for an organising body (a unit: Bagian Tata Pemerintahan Setda Kota
Yogyakarta, Biro Pemerintahan Setda Provinsi Jawa Timur). The body's government — its region and
every region under it — is the organiser's scope; the cycles the body (or a unit under it) runs are
the organiser's cycles. ``kinerja.tenancy.scope`` turns these rows into that scope. The invitation
of a government below into a cycle is the cycle's (``kinerja.cycles.models.Invitation``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganiserSeat(models.Model):
    """A user organising evaluations for one body (a user may hold seats at several bodies)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="organiser_seats",
    )
    body = models.ForeignKey(
        "units.Unit",
        verbose_name=_("organising body"),
        on_delete=models.PROTECT,
        related_name="organiser_seats",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organiser seat")
        verbose_name_plural = _("organiser seats")
        ordering = ["body__region__code", "body__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "body"], name="organiser_seat_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.body}"
