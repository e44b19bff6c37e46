from django.db import models
from django.utils.translation import gettext_lazy as _


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Being filled in")
    SUBMITTED = "submitted", _("Submitted")
    REOPENED = "reopened", _("Reopened")


EDITABLE = frozenset({AssessmentStatus.DRAFT, AssessmentStatus.REOPENED})


class ClarificationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")
    RESOLVED = "resolved", _("Resolved")


# Not yet resolved: the unit may still answer and add evidence for the indicator.
UNRESOLVED = frozenset({ClarificationStatus.OPEN, ClarificationStatus.ANSWERED})
