from django.db import models
from django.utils.translation import gettext_lazy as _


class Origin(models.TextChoices):
    LIBRARY = "library", _("Shipped library")
    UPLOAD = "upload", _("Uploaded by an organiser")
    COMMAND = "command", _("Imported on the command line")
