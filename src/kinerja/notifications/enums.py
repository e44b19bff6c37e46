from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    CLARIFICATION_ASKED = "clarification_asked", _("Clarification asked")
    CLARIFICATION_ANSWERED = "clarification_answered", _("Clarification answered")
    DEADLINE = "deadline", _("Deadline near")
    F01_REOPENED = "f01_reopened", _("F01 reopened")
    MINUTES_TO_SIGN = "minutes_to_sign", _("Berita acara to confirm")
    RESULTS_ANNOUNCED = "results_announced", _("Results announced")


# What each notification says, filled from its params when it is shown (so each reader sees it
# in their own language).
MESSAGES = {
    NotificationKind.CLARIFICATION_ASKED: _(
        "%(evaluator)s asks %(unit)s for clarification on %(ref)s (%(cycle)s)."
    ),
    NotificationKind.CLARIFICATION_ANSWERED: _(
        "%(unit)s answered your clarification on %(ref)s (%(cycle)s)."
    ),
    NotificationKind.DEADLINE: _(
        "The F01 of %(unit)s closes in %(days)s day(s), on %(when)s (%(cycle)s)."
    ),
    NotificationKind.F01_REOPENED: _(
        "The F01 of %(unit)s was reopened by the organiser and can be changed again (%(cycle)s)."
    ),
    NotificationKind.MINUTES_TO_SIGN: _(
        "The berita acara of %(unit)s waits for your confirmation (%(cycle)s)."
    ),
    NotificationKind.RESULTS_ANNOUNCED: _("The results of %(cycle)s are announced."),
}
