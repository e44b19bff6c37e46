"""Reads of surveys: the ones a user keeps, the instrument versions a survey can use, and the
review queue's bursts (many answers from one address in a short time)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min, Q, QuerySet

from kinerja.instruments.models import InstrumentVersion
from kinerja.instruments.queries import instruments_for
from kinerja.surveys.enums import BURST_SIZE, BURST_WINDOW
from kinerja.surveys.ikm import fit_problems
from kinerja.surveys.models import Response, Survey
from kinerja.tenancy.keepers import kept_units
from kinerja.units.models import Unit


def kept_surveys(user) -> QuerySet[Survey]:
    return Survey.objects.filter(unit__in=kept_units(user)).select_related(
        "unit__region", "instrument_version__instrument"
    )


def published_surveys(*, q: str = "", year: int | None = None) -> QuerySet[Survey]:
    """The surveys whose IKM is public, newest period first, by unit or region name."""
    found = Survey.objects.filter(published_at__isnull=False).select_related(
        "unit__region", "instrument_version__instrument"
    )
    if q:
        found = found.filter(Q(unit__name__icontains=q) | Q(unit__region__name__icontains=q))
    if year:
        found = found.filter(year=year)
    return found.order_by("-year", "-period", "unit__name", "pk")


def keepable_units(user) -> QuerySet[Unit]:
    return kept_units(user, Unit.objects.select_related("region")).order_by("name")


def survey_versions(user) -> QuerySet[InstrumentVersion]:
    """The instrument versions ``user`` may read that can carry a survey (the shipped ``skm``
    and any such version of their own), newest first."""
    versions = instruments_for(
        user, InstrumentVersion.objects.select_related("instrument").order_by("-imported_at")
    ).filter(instrument__family="skm")
    return versions.filter(pk__in=[v.pk for v in versions if not fit_problems(v.definition)])


@dataclass(frozen=True)
class Burst:
    address: str
    first: datetime
    last: datetime
    ids: tuple[int, ...]
    excluded: int

    @property
    def size(self) -> int:
        return len(self.ids)

    @property
    def label(self) -> str:
        return self.address[:8]


def bursts(survey: Survey) -> list[Burst]:
    """Runs of at least ``BURST_SIZE`` answers from one address, each within ``BURST_WINDOW``
    of the previous one: one query over the survey's answers with an address, newest first."""
    rows = (
        Response.objects.filter(survey=survey)
        .exclude(address="")
        .order_by("address", "submitted_at", "pk")
        .values_list("pk", "address", "submitted_at", "excluded_at")
    )
    found: list[Burst] = []
    run: list[tuple] = []

    def close() -> None:
        if len(run) >= BURST_SIZE:
            found.append(
                Burst(
                    address=run[0][1],
                    first=run[0][2],
                    last=run[-1][2],
                    ids=tuple(r[0] for r in run),
                    excluded=sum(1 for r in run if r[3] is not None),
                )
            )

    for row in rows:
        if run and (row[1] != run[-1][1] or row[2] - run[-1][2] > BURST_WINDOW):
            close()
            run = []
        run.append(row)
    close()
    return sorted(found, key=lambda b: b.first, reverse=True)


def exclusions(survey: Survey) -> list[dict]:
    """The survey's excluded answers grouped by reason and person: how many, since when."""
    return list(
        survey.responses.filter(excluded_at__isnull=False)
        .order_by()
        .values("excluded_reason", "excluded_by__full_name", "excluded_by__username")
        .annotate(count=Count("pk"), since=Min("excluded_at"))
        .order_by("since")
    )


@dataclass(frozen=True)
class Comment:
    """One counted respondent's suggestion and answers to the extra questions."""

    submitted_at: datetime
    service: str
    suggestion: str
    answers: tuple[tuple[str, str], ...]


def comments(survey: Survey) -> QuerySet[Response]:
    """Counted answers with a suggestion or an extra question answered, newest first."""
    return (
        Response.objects.filter(survey=survey, excluded_at__isnull=True)
        .exclude(Q(suggestion="") & Q(extra={}))
        .order_by("-submitted_at", "-pk")
        .only("submitted_at", "service", "suggestion", "extra")
    )


def as_comments(survey: Survey, responses) -> list[Comment]:
    """``responses`` (of ``comments``) with each extra answer beside its question."""
    questions = list(survey.questions)
    out = []
    for response in responses:
        answers = tuple(
            (questions[int(key)] if key.isdigit() and int(key) < len(questions) else key, text)
            for key, text in sorted(response.extra.items(), key=lambda item: item[0])
        )
        out.append(Comment(response.submitted_at, response.service, response.suggestion, answers))
    return out
