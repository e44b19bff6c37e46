"""A job: long work (a full recompute, later determinations, bundles, exports) run by a worker
outside the web request, with who started it, its progress and where its result is."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.jobs.enums import FINISHED, MAX_ATTEMPTS, JobStatus


class Job(models.Model):
    kind = models.CharField(_("kind"), max_length=40)
    label = models.CharField(_("description"), max_length=300)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # The cycle it works on, if any: the job's page shows it and the same rights apply.
    cycle = models.ForeignKey(
        "cycles.Cycle",
        verbose_name=_("cycle"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="jobs",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    message = models.CharField(_("message"), max_length=300, blank=True)
    result_url = models.CharField(_("result"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("attempts allowed"), default=MAX_ATTEMPTS)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["started_by", "-created_at"], name="job_by_person")]

    def __str__(self) -> str:
        return self.label

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
