"""The organiser's decision of who goes on after a round of a competition (SKK Jatim: the
seven for the field round; KOVABLIK: who passed the administrative check and the desk mark).

The engine computes a proposal (the round's pass mark, then its top N, ties at the cut going
on); the organiser decides, and a decision that differs from the proposal carries its reason.
A decided round is locked: its scores no longer change, and the next round takes scores only
for those who went on. The current decision of a round is the one not reopened; a reopen keeps
the old decision with its reason (nothing is deleted).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundDecision(models.Model):
    cycle = models.ForeignKey(
        "cycles.Cycle", on_delete=models.CASCADE, related_name="round_decisions"
    )
    round = models.CharField(_("round"), max_length=60)
    reason = models.TextField(_("reason"), blank=True)
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reopened_at = models.DateTimeField(_("reopened"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reopen_reason = models.TextField(_("reopen reason"), blank=True)

    class Meta:
        verbose_name = _("round decision")
        verbose_name_plural = _("round decisions")
        ordering = ["cycle", "decided_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "round"],
                condition=models.Q(reopened_at__isnull=True),
                name="round_decision_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} {self.round}"

    @property
    def is_current(self) -> bool:
        return self.reopened_at is None


class RoundOutcome(models.Model):
    """One entrant's outcome in a decision: went on or not, what the engine proposed, and the
    round's score and total so far as they were decided on."""

    decision = models.ForeignKey(RoundDecision, on_delete=models.CASCADE, related_name="outcomes")
    participant = models.ForeignKey(
        "cycles.Participant", on_delete=models.CASCADE, related_name="round_outcomes"
    )
    goes_on = models.BooleanField(_("goes on"))
    proposed = models.BooleanField(_("proposed"))
    score = models.CharField(_("round score"), max_length=200, blank=True)
    upto = models.CharField(_("total so far"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("round outcome")
        verbose_name_plural = _("round outcomes")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "participant"], name="round_outcome_once_per_participant"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision} {self.participant_id} {self.goes_on}"
