from django.db import models
from django.utils.translation import gettext_lazy as _


class Session(models.TextChoices):
    """A half-day of field visits (sesi); the values are the timetable module's session names."""

    PAGI = "pagi", _("Morning session")
    SIANG = "siang", _("Afternoon session")


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")


class AttendeeCategory(models.TextChoices):
    """Who was present at a field visit (daftar hadir), as the EKK reports group them."""

    OFFICIAL = "official", _("Official of the unit")
    STAKEHOLDER = "stakeholder", _("Stakeholder")
    PARTNER = "partner", _("Partner organisation")
    TEAM = "team", _("Evaluation team")


# Photo kinds accepted on site (common.uploads codes): what phone cameras write.
PHOTO_KINDS = ("jpeg", "png", "webp")

# Who usually attends a kemantren/kecamatan field visit (EKK Yogyakarta 2024, REFERENCE.md §7):
# offered as suggestions in the attendance form. Proper names, not UI text.
ATTENDEE_SUGGESTIONS = (
    "Mantri Pamong Praja",
    "Mantri Anom",
    "Forkompimtren",
    "Lurah",
    "Puskesmas",
    "Pendamping KB",
    "Pendamping PKH",
    "TKSK",
    "Satgas Sigrak",
    "Tim Penanggulangan Kemiskinan",
    "Kader Gisa",
    "Pendamping JBM",
    "Forkom UMKM",
    "Forum Bank Sampah",
    "TP PKK",
    "Tim Kemantren Layak Anak",
    "Pokjanal Posyandu",
    "IPSM",
    "Forum Kecamatan Sehat",
    "Karang Taruna",
    "Komisi Lansia",
    "Forum Gapoktan",
    "Kampung Ramah Anak",
)
