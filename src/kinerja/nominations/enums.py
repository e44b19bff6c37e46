from django.db import models
from django.utils.translation import gettext_lazy as _


class NominationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Nominated, awaiting the organiser")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn by the nominating government")


# Nominations that take a place of the quota.
HOLDING = (NominationStatus.PROPOSED, NominationStatus.ACCEPTED)
