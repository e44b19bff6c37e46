"""Surveys: a unit's public satisfaction survey (SKM, PermenPANRB 14/2017) for one period, its
respondents' answers, and the running per-element tallies its IKM is computed from.

A ``Survey`` is one unit's survey of one period (semester or year) on an instrument version with
one survey component (the shipped ``skm``). A ``Response`` is one respondent's answers: the nine
elements as ``a1`` … ``a9`` (1–4, empty when skipped), the profile the regulation's form asks for,
a suggestion, and where it came from (the public link, a kiosk, a paper form). A response is
never deleted: one the unit judges suspicious is *excluded* (audited) and stops counting.
``ElementTally`` keeps, per survey and element, how many counted respondents gave each answer, in
all (``n1`` … ``n4``) and among those who answered every element (``c1`` … ``c4``): a new
response adds to it in the same transaction, so the IKM of a unit is read from nine rows however
many respondents it has (``surveys.tally``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kinerja.surveys.enums import ELEMENTS, Channel, Education, Occupation, Period, Sex


class Survey(models.Model):
    """One unit's SKM of one period, e.g. "SKM Semester I 2023 — Suku Dinas Sosial"."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="surveys"
    )
    instrument_version = models.ForeignKey(
        "instruments.InstrumentVersion",
        verbose_name=_("instrument version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=4, choices=Period.choices)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    # The public link's key: unguessable, so a survey is found only through its poster.
    token = models.CharField(_("link key"), max_length=24, unique=True)
    # The services the unit offers, one per line: the respondent picks the one received.
    services = models.TextField(_("services"), blank=True)
    # The unit's own extra questions (free-text answers), at most ``MAX_QUESTIONS``.
    questions = models.JSONField(_("extra questions"), default=list, blank=True)
    # Counted (not excluded) respondents, kept with the tallies (``surveys.tally``).
    respondents = models.PositiveIntegerField(_("counted respondents"), default=0)
    published_at = models.DateTimeField(_("IKM published"), null=True, blank=True)
    # The unit's follow-up of the lowest elements (published with the IKM).
    follow_up = models.TextField(_("follow-up actions"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        ordering = ["-year", "-period", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "period"], name="survey_once_per_unit_and_period"
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="survey_closes_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return f"SKM {self.get_period_display()} {self.year} — {self.unit}"

    @property
    def published(self) -> bool:
        return self.published_at is not None

    def service_list(self) -> list[str]:
        return [line.strip() for line in self.services.splitlines() if line.strip()]

    def is_open_on(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on


def _answer_field(number: int) -> models.PositiveSmallIntegerField:
    # format_lazy keeps the name lazy: translated when shown, English in the migration.
    return models.PositiveSmallIntegerField(
        format_lazy(_("element {number}"), number=number), null=True, blank=True
    )


class Response(models.Model):
    """One respondent's answers. Indexed by survey (each survey is one unit's period, so a year
    of national data is read a survey at a time) and by address and device for the limits."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    submitted_at = models.DateTimeField(_("submitted"))
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    a1 = _answer_field(1)
    a2 = _answer_field(2)
    a3 = _answer_field(3)
    a4 = _answer_field(4)
    a5 = _answer_field(5)
    a6 = _answer_field(6)
    a7 = _answer_field(7)
    a8 = _answer_field(8)
    a9 = _answer_field(9)
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=2, choices=Sex.choices, blank=True)
    education = models.CharField(
        _("education"), max_length=10, choices=Education.choices, blank=True
    )
    occupation = models.CharField(
        _("occupation"), max_length=12, choices=Occupation.choices, blank=True
    )
    service = models.CharField(_("service received"), max_length=200, blank=True)
    visited_on = models.DateField(_("visit date"), null=True, blank=True)
    suggestion = models.TextField(_("suggestion"), blank=True)
    extra = models.JSONField(_("answers to extra questions"), default=dict, blank=True)
    # Keyed hashes (never the address or cookie itself): enough to count and refuse repeats.
    address = models.CharField(_("address key"), max_length=32, blank=True)
    device = models.CharField(_("device key"), max_length=32, blank=True)
    # A paper import's batch (its file name and time) or a kiosk's name.
    batch = models.CharField(_("batch"), max_length=120, blank=True)
    excluded_at = models.DateTimeField(_("excluded"), null=True, blank=True)
    excluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    excluded_reason = models.CharField(_("reason for exclusion"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["survey", "submitted_at", "pk"]
        indexes = [
            models.Index(fields=["survey", "submitted_at"], name="response_survey_time"),
            models.Index(fields=["address", "submitted_at"], name="response_address_time"),
            models.Index(fields=["device", "submitted_at"], name="response_device_time"),
        ]
        constraints = [
            # One answer per device and survey through the public link (a kiosk or paper batch
            # has no device key).
            models.UniqueConstraint(
                fields=["survey", "device"],
                condition=~Q(device=""),
                name="response_once_per_device",
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"a{n}__isnull": True}) | Q(**{f"a{n}__range": (1, 4)}),
                    name=f"response_a{n}_1_to_4",
                )
                for n in range(1, ELEMENTS + 1)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"

    def answers(self) -> list[int | None]:
        return [getattr(self, f"a{n}") for n in range(1, ELEMENTS + 1)]

    @property
    def complete(self) -> bool:
        return all(a is not None for a in self.answers())

    @property
    def excluded(self) -> bool:
        return self.excluded_at is not None


class ElementTally(models.Model):
    """Counted respondents per answer of one element of one survey (``surveys.tally``)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="tallies")
    element = models.PositiveSmallIntegerField(_("element"))
    n1 = models.PositiveIntegerField(default=0)
    n2 = models.PositiveIntegerField(default=0)
    n3 = models.PositiveIntegerField(default=0)
    n4 = models.PositiveIntegerField(default=0)
    c1 = models.PositiveIntegerField(default=0)
    c2 = models.PositiveIntegerField(default=0)
    c3 = models.PositiveIntegerField(default=0)
    c4 = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("element tally")
        verbose_name_plural = _("element tallies")
        ordering = ["survey", "element"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "element"], name="tally_once_per_element")
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}/U{self.element}"

    def counts(self, *, complete_only: bool) -> dict[int, int]:
        prefix = "c" if complete_only else "n"
        return {a: getattr(self, f"{prefix}{a}") for a in (1, 2, 3, 4)}


class Feed(models.Model):
    """The period whose surveys feed a cycle's survey component (PEKPPP's F03): each
    participant's unit's survey of that year and period, as counted now (``surveys.feeds``)."""

    cycle = models.OneToOneField(
        "cycles.Cycle",
        verbose_name=_("cycle"),
        on_delete=models.CASCADE,
        related_name="survey_feed",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=4, choices=Period.choices)
    version = models.PositiveIntegerField(_("version"), default=1)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chosen_at = models.DateTimeField(_("chosen"), auto_now=True)

    class Meta:
        verbose_name = _("survey feed")
        verbose_name_plural = _("survey feeds")

    def __str__(self) -> str:
        return f"{self.cycle_id}: {self.get_period_display()} {self.year}"
