from django.db import models
from django.utils.translation import gettext_lazy as _


class InnovationStatus(models.TextChoices):
    RUNNING = "berjalan", _("Running")
    STOPPED = "berhenti", _("Stopped")
    REPLICATED = "direplikasi", _("Replicated")
