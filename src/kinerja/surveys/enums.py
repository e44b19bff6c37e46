"""The survey's fixed lists: periods, the respondent profile of the regulation's form
(PermenPANRB 14/2017: age, sex, education, occupation), where an answer came from, and the
intake limits."""

from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


class Period(models.TextChoices):
    FIRST_HALF = "s1", _("Semester I (January–June)")
    SECOND_HALF = "s2", _("Semester II (July–December)")
    YEAR = "year", _("Whole year")


class Sex(models.TextChoices):
    MALE = "l", _("Male")
    FEMALE = "p", _("Female")


class Education(models.TextChoices):
    PRIMARY = "sd", _("Primary school (SD) or lower")
    JUNIOR = "smp", _("Junior high school (SMP)")
    SENIOR = "sma", _("Senior high school (SMA/SMK)")
    DIPLOMA = "diploma", _("Diploma (D1–D3)")
    BACHELOR = "s1", _("Bachelor (D4/S1)")
    MASTER = "s2", _("Master (S2)")
    DOCTOR = "s3", _("Doctorate (S3)")


class Occupation(models.TextChoices):
    CIVIL_SERVANT = "pns", _("Civil servant (PNS/PPPK)")
    MILITARY_POLICE = "tni_polri", _("TNI/POLRI")
    PRIVATE = "swasta", _("Private employee")
    SELF_EMPLOYED = "wirausaha", _("Self-employed")
    STUDENT = "pelajar", _("Student")
    OTHER = "lainnya", _("Other")


class Channel(models.TextChoices):
    WEB = "web", _("Public link")
    KIOSK = "kiosk", _("Kiosk at the counter")
    PAPER = "paper", _("Paper form")


ELEMENTS = 9
"""The regulation's nine elements, answered 1–4, stored as ``a1`` … ``a9``."""
ANSWERS = (1, 2, 3, 4)

# Abuse resistance without outside services (DESIGN: no network at run time).
# The answers one address may send in this window: settings.KINERJA_SURVEY_ADDRESS_LIMIT.
ADDRESS_WINDOW = timedelta(hours=1)
DEVICE_LIMIT = 5
"""Answers one device (its cookie) may send in ``DEVICE_WINDOW`` over all surveys."""
DEVICE_WINDOW = timedelta(hours=1)
BURST_SIZE = 10
"""A burst: at least this many answers to one survey from one address within ``BURST_WINDOW``:
listed in the review queue for the unit to exclude or keep."""
BURST_WINDOW = timedelta(minutes=10)
