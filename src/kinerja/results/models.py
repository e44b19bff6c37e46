from django.db import models
from django.utils.translation import gettext_lazy as _


class Result(models.Model):
    """A participant's computed result: derived by the scoring engine from reviews, never typed.

    ``total_exact`` keeps the exact fraction ("n/d") the engine produced; ``total`` is the same
    value to 12 decimals for ordering in SQL; ``display`` is what people see (half-up, once).
    """

    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="results")
    participant = models.OneToOneField(
        "cycles.Participant", on_delete=models.CASCADE, related_name="result"
    )
    total = models.DecimalField(_("total"), max_digits=30, decimal_places=12, null=True)
    total_exact = models.CharField(_("exact total"), max_length=200, blank=True)
    display = models.CharField(_("total shown"), max_length=40, blank=True)
    grade_code = models.CharField(_("grade"), max_length=20, blank=True)
    grade_label = models.CharField(_("grade label"), max_length=200, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    awards = models.JSONField(_("awards"), default=list, blank=True)
    components = models.JSONField(_("components"), default=dict, blank=True)
    aspects = models.JSONField(_("aspects"), default=dict, blank=True)
    missing = models.JSONField(_("missing answers"), default=list, blank=True)
    tiebreak = models.JSONField(_("tie-break values"), default=list, blank=True)
    inputs_hash = models.CharField(_("inputs hash"), max_length=64, blank=True)
    computed_at = models.DateTimeField(_("computed"), auto_now=True)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        indexes = [
            models.Index(fields=["cycle", "rank"]),
            # The incremental re-rank reads only the rows whose total lies near the changed one.
            models.Index(fields=["cycle", "total"]),
        ]

    def __str__(self) -> str:
        return f"{self.participant}: {self.display}"
