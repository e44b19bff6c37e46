"""Who organises for which government, and which governments below a cycle invites.

An organiser acts for an organising body (a unit: Bagian Tata Pemerintahan Setda Kota
Yogyakarta, Biro Pemerintahan Setda Provinsi Jawa Timur). The body's government — its region and
every region under it — is the organiser's scope; the cycles the body (or a unit under it) runs are
the organiser's cycles. ``kinerja.tenancy.scope`` turns these rows into that scope.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
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


class Invitation(models.Model):
    """A government below invited to act in a higher government's cycle (e.g. a kab/kota in the
    province's SKK). Its organisers see the cycle; what they may do in it (nominating their units
    within ``quota``) is decided per action."""

    cycle = models.ForeignKey(
        "cycles.Cycle",
        verbose_name=_("cycle"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    body = models.ForeignKey(
        "units.Unit",
        verbose_name=_("invited body"),
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    quota = models.PositiveSmallIntegerField(
        _("nomination quota"),
        default=1,
        help_text=_("How many of its units the invited government may nominate."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("invited"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["body__region__code", "body__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "body"],
                condition=Q(withdrawn_at__isnull=True),
                name="invitation_open_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} — {self.body}"

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None
