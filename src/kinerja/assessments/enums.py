from django.db import models
from django.utils.translation import gettext_lazy as _


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Being filled in")
    SUBMITTED = "submitted", _("Submitted")
    REOPENED = "reopened", _("Reopened")


EDITABLE = frozenset({AssessmentStatus.DRAFT, AssessmentStatus.REOPENED})
