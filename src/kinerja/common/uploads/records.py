"""The row that names a stored upload: what ``store_upload`` returned, kept on a model.

``StoredFileRecord`` is the abstract model of a file that is its own row (a visit's photo, an
innovation's document or photo): the stored name, the detected type, the user's name for display,
size and digest, a caption, who uploaded it and when. Evidence keeps its own revision model
(``assessments.EvidenceRevision``), whose rows also carry their slot and revision number.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredFileRecord(models.Model):
    file_name = models.CharField(_("stored file"), max_length=300)
    content_type = models.CharField(_("content type"), max_length=100)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField("SHA-256", max_length=64)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.caption or self.original_name
