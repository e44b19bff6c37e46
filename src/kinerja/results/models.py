from django.conf import settings
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
    # Per round {code: {name, score, display, upto}}; ``upto`` is the total up to and including
    # a round after which only the top N go on, which decides who goes on.
    rounds = models.JSONField(_("rounds"), default=dict, blank=True)
    reached = models.CharField(_("last round reached"), max_length=60, blank=True)
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


class Determination(models.Model):
    """Penetapan (SK): a frozen snapshot of a cycle's results, hashed; one version per decree.

    The current determination is the latest one not reopened. ``snapshot`` holds every
    participant's stored result fields and unit name, ordered by rank; ``sha256`` is the hash of
    its canonical JSON, so any later change to the snapshot is detectable.
    """

    cycle = models.ForeignKey(
        "cycles.Cycle", on_delete=models.CASCADE, related_name="determinations"
    )
    version = models.PositiveIntegerField(_("version"))
    decree_number = models.CharField(_("decree number"), max_length=200)
    decree_date = models.DateField(_("decree date"))
    signatory_name = models.CharField(_("signatory name"), max_length=200)
    signatory_position = models.CharField(_("signatory position"), max_length=200)
    snapshot = models.JSONField(_("snapshot"), default=list)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    determined_at = models.DateTimeField(_("determined"), auto_now_add=True)
    determined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reopened_at = models.DateTimeField(_("reopened"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reopen_reason = models.TextField(_("reopen reason"), blank=True)

    class Meta:
        verbose_name = _("determination")
        verbose_name_plural = _("determinations")
        ordering = ["cycle", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "version"], name="determination_version_once"),
            # At most one current (not reopened) determination per cycle.
            models.UniqueConstraint(
                fields=["cycle"],
                condition=models.Q(reopened_at__isnull=True),
                name="determination_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} v{self.version} ({self.decree_number})"

    @property
    def is_current(self) -> bool:
        return self.reopened_at is None


class Announcement(models.Model):
    """Pengumuman: publication of a cycle's current determination to the public."""

    cycle = models.OneToOneField(
        "cycles.Cycle", on_delete=models.CASCADE, related_name="announcement"
    )
    determination = models.ForeignKey(
        Determination, on_delete=models.PROTECT, related_name="announcements"
    )
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    def __str__(self) -> str:
        return str(self.cycle)

    @property
    def is_live(self) -> bool:
        return self.withdrawn_at is None
