from django.db import models
from django.utils.translation import gettext_lazy as _


class Verdict(models.TextChoices):
    """The evaluator's finding on the unit's claim for one indicator (blank: no finding yet, or
    an indicator the unit did not answer itself, such as a presentation score)."""

    SESUAI = "sesuai", _("Matches the evidence")
    TIDAK_SESUAI = "tidak_sesuai", _("Does not match the evidence")
    PERLU_KLARIFIKASI = "perlu_klarifikasi", _("Needs clarification")


class PlenaryStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
