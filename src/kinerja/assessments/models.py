from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinerja.assessments.enums import AssessmentStatus, ClarificationStatus


class SelfAssessment(models.Model):
    """A participant's F01 (penilaian mandiri): its state and when it was submitted."""

    participant = models.OneToOneField(
        "cycles.Participant", on_delete=models.CASCADE, related_name="self_assessment"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")

    def __str__(self) -> str:
        return f"F01 {self.participant}"


class Answer(models.Model):
    """The unit's answer to one indicator: the raw value as the scoring engine reads it (a level
    number, an option key, "Y"/"T", a number or points as text) and a narrative."""

    participant = models.ForeignKey(
        "cycles.Participant", on_delete=models.CASCADE, related_name="answers"
    )
    indicator_ref = models.CharField(_("indicator"), max_length=60)
    value = models.JSONField(_("value"), null=True, blank=True)
    narrative = models.TextField(_("narrative"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    revision = models.PositiveIntegerField(_("revision"), default=0)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "indicator_ref"], name="answer_once_per_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} {self.indicator_ref}"


class EvidenceFile(models.Model):
    """A stored file (content-checked, hashed, under an unguessable name). Never copied: the same
    file can back evidence in several slots and cycles."""

    storage_name = models.CharField(_("stored name"), max_length=300, unique=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("size"))
    content_type = models.CharField(_("content type"), max_length=120)
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name


class Evidence(models.Model):
    """A document in an indicator's evidence slot; each upload adds a revision, older kept."""

    participant = models.ForeignKey(
        "cycles.Participant", on_delete=models.CASCADE, related_name="evidence"
    )
    indicator_ref = models.CharField(_("indicator"), max_length=60)
    slot_code = models.CharField(_("slot"), max_length=60)
    title = models.CharField(_("title"), max_length=255)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        indexes = [models.Index(fields=["participant", "indicator_ref"])]

    def __str__(self) -> str:
        return self.title


class EvidenceRevision(models.Model):
    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    file = models.ForeignKey(EvidenceFile, on_delete=models.PROTECT, related_name="revisions")
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence revision")
        verbose_name_plural = _("evidence revisions")
        ordering = ["evidence", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["evidence", "number"], name="evidence_revision_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evidence} r{self.number}"


class Clarification(models.Model):
    """A question an evaluator asks a unit about one indicator, with its thread of messages.

    The table keeps the name it had in the ``reviews`` app (``db_table``)."""

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
        db_table = "reviews_clarification"
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
        db_table = "reviews_clarificationmessage"
        verbose_name = _("clarification message")
        verbose_name_plural = _("clarification messages")
        ordering = ["clarification", "created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]
