from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinerja.reviews.enums import ClarificationStatus, PlenaryStatus, Verdict


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


class Clarification(models.Model):
    """A question an evaluator asks a unit about one indicator, with its thread of messages."""

    participant = models.ForeignKey(
        "cycles.Participant", on_delete=models.CASCADE, related_name="clarifications"
    )
    indicator_ref = models.CharField(_("indicator"), max_length=60)
    raised_by = models.ForeignKey(
        "cycles.TeamMember", on_delete=models.PROTECT, related_name="clarifications"
    )
    question = models.TextField(_("question"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ClarificationStatus.choices,
        default=ClarificationStatus.OPEN,
    )
    created_at = models.DateTimeField(_("raised"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("clarification")
        verbose_name_plural = _("clarifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["participant", "indicator_ref", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="resolved", resolved_at__isnull=False) | ~Q(status="resolved"),
                name="clarification_resolved_has_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} {self.indicator_ref}: {self.question[:60]}"


class ClarificationMessage(models.Model):
    """A message in a clarification's thread, seen by the unit and the evaluators."""

    clarification = models.ForeignKey(
        Clarification, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_unit = models.BooleanField(_("from the unit"), default=False)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("clarification message")
        verbose_name_plural = _("clarification messages")
        ordering = ["clarification", "created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]


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


# --- Berita acara (official minutes) and recommendations ---------------------------------------
# The states live here rather than in enums.py only because this section was added on its own;
# they follow the same TextChoices pattern.


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")


class SignerRole(models.TextChoices):
    EVALUATOR = "evaluator", _("Evaluator")
    CHAIR = "chair", _("Team chair (acknowledges)")
    UNIT_HEAD = "unit_head", _("Head of the unit (acknowledges)")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    NOT_FOLLOWED = "not_followed", _("Not followed up")


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
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["participant", "created_at", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="recommendation_text")]

    def __str__(self) -> str:
        return self.text[:60]


# --- Sanggah (appeal) ----------------------------------------------------------------------------


class AppealStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


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
