from django.db import models
from django.utils.translation import gettext_lazy as _


class InnovationStatus(models.TextChoices):
    RUNNING = "berjalan", _("Running")
    STOPPED = "berhenti", _("Stopped")
    REPLICATED = "direplikasi", _("Replicated")


# Evidence of an innovation: photos show on its public page, documents are linked from it.
PHOTO_KINDS = ("jpeg", "png", "webp")
DOCUMENT_KINDS = ("pdf", "docx", "pptx", "xlsx", "odt", "odp", "ods")
FILE_KINDS = PHOTO_KINDS + DOCUMENT_KINDS
MAX_FILES = 30
