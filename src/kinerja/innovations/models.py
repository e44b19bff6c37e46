"""Innovations: a unit's own record of an innovation (REFERENCE.md §5), kept outside any cycle.

An innovation belongs to its owner unit; its people draft it and the unit head publishes it to the
public catalogue. A competition enters it through a participant (``cycles.Participant.innovation``):
one unit may enter several innovations in one cycle.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.common.uploads.records import StoredFileRecord
from kinerja.innovations.enums import InnovationStatus


class Innovation(models.Model):
    """One innovation of a unit (e.g. "Ada Kelas di ATV" of the Dinas Pendidikan Kota Batu)."""

    owner = models.ForeignKey(
        "units.Unit",
        verbose_name=_("owner unit"),
        on_delete=models.PROTECT,
        related_name="innovations",
    )
    title = models.CharField(_("title"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=60, blank=True)
    description = models.TextField(_("description"), blank=True)
    started_on = models.DateField(_("start date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InnovationStatus.choices,
        default=InnovationStatus.RUNNING,
    )
    # With the status "direplikasi": the innovation it replicates (free text: it may be another
    # government's, outside Kinerja).
    replicated_from = models.CharField(_("replicated from"), max_length=300, blank=True)
    # The criteria or aspects it serves, as the unit names them (e.g. "PATEN", "tugas atributif").
    serves = models.CharField(_("criteria served"), max_length=500, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    # Before/after figures: [{"label": "Waktu layanan (hari)", "before": "5", "after": "1"}].
    figures = models.JSONField(_("before and after figures"), default=list, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("innovation")
        verbose_name_plural = _("innovations")
        ordering = ["owner__name", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "title"], name="innovation_title_once_per_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.acronym})" if self.acronym else self.title

    @property
    def published(self) -> bool:
        return self.published_at is not None


class InnovationFile(StoredFileRecord):
    """Evidence of an innovation (a document or a photo), stored through common.uploads. Public
    with its innovation once that is published."""

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="files")

    class Meta:
        verbose_name = _("innovation file")
        verbose_name_plural = _("innovation files")
        ordering = ["innovation", "uploaded_at", "pk"]

    @property
    def is_photo(self) -> bool:
        return self.content_type.startswith("image/")
