"""The appeal (sanggah) of a unit against one indicator's score.

The model came from the ``reviews`` app and keeps its tables (``db_table``; the evidence
many-to-many table follows it as ``reviews_appeal_evidence``)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinerja.appeals.enums import AppealStatus


class Appeal(models.Model):
    """A unit's appeal (sanggah) against the score of one indicator, with reasons and its own
    evidence; the team decides it. An accepted appeal with a new value sets the indicator's
    value through a ``Consensus`` row; ``score_before``/``score_after`` keep the result's total
    and the indicator as they were and became."""

    participant = models.ForeignKey(
        "cycles.Participant", on_delete=models.CASCADE, related_name="appeals"
    )
    indicator_ref = models.CharField(_("indicator"), max_length=60)
    reason = models.TextField(_("reason"))
    evidence = models.ManyToManyField(
        "assessments.EvidenceRevision", blank=True, related_name="appeals"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AppealStatus.choices, default=AppealStatus.SUBMITTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    score_before = models.JSONField(_("score before"), null=True, blank=True)
    score_after = models.JSONField(_("score after"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("filed"), auto_now_add=True)

    class Meta:
        db_table = "reviews_appeal"
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["participant", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "indicator_ref"],
                condition=Q(status="submitted"),
                name="appeal_one_open_per_indicator",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="appeal_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} {self.indicator_ref}: {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == AppealStatus.SUBMITTED
