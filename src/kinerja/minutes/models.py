"""The berita acara (official minutes) of a participant's evaluation, its observations and
signers, and the team's recommendations with the unit's follow-up.

The models came from the ``reviews`` app and keep its tables (``db_table``)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinerja.minutes.enums import FollowUpStatus, MinutesStatus, SignerRole


class Minutes(models.Model):
    """The berita acara of a participant's evaluation: the meeting, the field observation per
    aspect and the signers. Once every signer has confirmed it is final: its PDF is stored with
    its SHA-256 and nothing in it changes any more."""

    participant = models.OneToOneField(
        "cycles.Participant", on_delete=models.CASCADE, related_name="minutes"
    )
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    final_pdf = models.CharField(_("stored PDF"), max_length=300, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    finalized_at = models.DateTimeField(_("finalised"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        db_table = "reviews_minutes"
        verbose_name = _("berita acara")
        verbose_name_plural = _("berita acara")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="final", finalized_at__isnull=False) | ~Q(status="final"),
                name="minutes_final_has_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant}"

    @property
    def is_final(self) -> bool:
        return self.status == MinutesStatus.FINAL


class MinutesObservation(models.Model):
    """The field observation (pengamatan lapangan) written for one top-level aspect."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="observations")
    aspect_ref = models.CharField(_("aspect"), max_length=60)
    aspect_name = models.CharField(_("aspect name"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("observation"), blank=True)

    class Meta:
        db_table = "reviews_minutesobservation"
        verbose_name = _("field observation")
        verbose_name_plural = _("field observations")
        ordering = ["minutes", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "aspect_ref"], name="minutes_observation_once_per_aspect"
            )
        ]

    def __str__(self) -> str:
        return f"{self.aspect_ref}: {self.text[:60]}"


class MinutesSigner(models.Model):
    """A person who signs (evaluators) or acknowledges (chair, unit head) the berita acara;
    ``name`` and ``position`` are kept as printed."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="signers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=20, choices=SignerRole.choices)
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=300, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        db_table = "reviews_minutessigner"
        verbose_name = _("signer")
        verbose_name_plural = _("signers")
        ordering = ["minutes", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "user", "role"], name="minutes_signer_once_per_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class Recommendation(models.Model):
    """A recommendation (rekomendasi) of the team to a participant, on an aspect or an
    indicator, with the unit's follow-up (monitored since Pedoman 5/2023)."""

    participant = models.ForeignKey(
        "cycles.Participant", on_delete=models.CASCADE, related_name="recommendations"
    )
    aspect_ref = models.CharField(_("aspect"), max_length=60, blank=True)
    indicator_ref = models.CharField(_("indicator"), max_length=60, blank=True)
    text = models.TextField(_("recommendation"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    follow_up_status = models.CharField(
        _("follow-up"), max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    follow_up_note = models.TextField(_("follow-up note"), blank=True)
    follow_up_at = models.DateTimeField(_("follow-up updated"), null=True, blank=True)
    follow_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "reviews_recommendation"
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["participant", "created_at", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="recommendation_text")]

    def __str__(self) -> str:
        return self.text[:60]
