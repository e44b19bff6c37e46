from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinerja.reviews.enums import PlenaryStatus, Verdict


class Review(models.Model):
    """One evaluator's score of one indicator of a participant (F02), per round.

    ``value`` is the raw answer as the scoring engine reads it (canonical, validated with the
    indicator's answer type); ``version`` grows by one with every save, for optimistic locking.
    """

    evaluator = models.ForeignKey(
        "cycles.TeamMember", on_delete=models.PROTECT, related_name="reviews"
    )
    participant = models.ForeignKey(
        "cycles.Participant", on_delete=models.CASCADE, related_name="reviews"
    )
    indicator_ref = models.CharField(_("indicator"), max_length=60)
    round = models.CharField(_("round"), max_length=60, blank=True, default="")
    component = models.CharField(_("component"), max_length=60)
    value = models.JSONField(_("value"), null=True, blank=True)
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluator", "participant", "indicator_ref", "round"],
                name="review_once_per_evaluator_indicator_round",
            )
        ]
        indexes = [models.Index(fields=["participant", "indicator_ref"])]

    def __str__(self) -> str:
        return f"{self.participant} {self.indicator_ref} ({self.evaluator})"


class Plenary(models.Model):
    """The plenary (rapat pleno) of a cycle, per round ("" without rounds): while it is open the
    chair may set consensus values; closing it freezes them until the organiser reopens it."""

    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="plenaries")
    round = models.CharField(_("round"), max_length=60, blank=True, default="")
    status = models.CharField(
        _("status"), max_length=20, choices=PlenaryStatus.choices, default=PlenaryStatus.OPEN
    )
    opened_at = models.DateTimeField(_("opened"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("plenary")
        verbose_name_plural = _("plenaries")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "round"], name="plenary_once_per_round"),
            models.CheckConstraint(
                condition=Q(status="closed", closed_at__isnull=False) | ~Q(status="closed"),
                name="plenary_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} {self.round}".strip()

    @property
    def is_open(self) -> bool:
        return self.status == PlenaryStatus.OPEN


class Consensus(models.Model):
    """The plenary's value for one indicator of a participant (per round). It replaces the
    aggregate of the evaluators' scores in the result; the reviews themselves are never
    changed. ``value`` is a raw answer, canonical as in ``Review.value``; ``version`` grows by
    one with every change, for optimistic locking (as ``Review.version``)."""

    participant = models.ForeignKey(
        "cycles.Participant", on_delete=models.CASCADE, related_name="consensus_values"
    )
    indicator_ref = models.CharField(_("indicator"), max_length=60)
    round = models.CharField(_("round"), max_length=60, blank=True, default="")
    component = models.CharField(_("component"), max_length=60)
    value = models.JSONField(_("value"))
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"))
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("consensus value")
        verbose_name_plural = _("consensus values")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "indicator_ref", "round"],
                name="consensus_once_per_indicator_round",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="consensus_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} {self.indicator_ref}: {self.value}"
