from django.db import models
from django.utils.translation import gettext_lazy as _


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


# Statuses the unit itself may set; the team decides "done" and "not followed up".
UNIT_STATUSES = frozenset({FollowUpStatus.OPEN, FollowUpStatus.IN_PROGRESS})
