"""The IKM of a survey, exact, computed by the scoring engine from the running tallies.

The survey's instrument (the shipped ``skm``: nine elements, answers 1–4, IKM = Σ NRR × 1/9 × 25
with the exact 1/9, REFERENCE.md §6) is scored with one ``Tally`` per element, so the engine's
result, grade and explanation are the same as for the list of every answer. The instrument's
survey component says which respondents count where one skipped an element
(``missing_answers``): ``per_element`` (the documented default) averages each element over those
who answered it, ``complete_only`` counts only respondents who answered all nine. Each element
shows how many respondents it was computed from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Case, Count, F, Value, When
from django.db.models.functions import TruncMonth

from kinerja.scoring.engine import Result, Tally, score
from kinerja.scoring.model.answers import LevelAnswer
from kinerja.scoring.model.schema import Instrument
from kinerja.surveys.enums import ANSWERS, ELEMENTS
from kinerja.surveys.models import ElementTally, Response, Survey
from kinerja.surveys.tally import TALLY_FIELDS, answer_counts


@dataclass(frozen=True)
class Counts:
    """One element's tally as read (``ElementTally`` without the model): answers per value, in
    all (``n``) and among complete respondents (``c``)."""

    element: int
    n: tuple[int, int, int, int]
    c: tuple[int, int, int, int]

    @classmethod
    def of(cls, element: int, values: Sequence[int]) -> Counts:
        return cls(element, tuple(values[:4]), tuple(values[4:8]))

    def counts(self, *, complete_only: bool) -> dict[int, int]:
        return dict(zip(ANSWERS, self.c if complete_only else self.n, strict=True))


LOWEST = 3
"""How many of the lowest elements are flagged for follow-up (ties at the cut included)."""


def survey_component(definition: Instrument):
    """The instrument's one survey component, or None."""
    found = [c for c in definition.components if c.source == "survey"]
    return found[0] if len(found) == 1 else None


def fit_problems(definition: Instrument) -> list[str]:
    """Why ``definition`` cannot carry a survey (empty when it can): one survey component of
    nine scored elements answered on the levels 1–4."""
    component = survey_component(definition)
    if component is None:
        return ["the instrument needs exactly one survey component"]
    elements = [i for i in definition.iter_indicators(component.code) if i.scored]
    if len(elements) != ELEMENTS:
        return [f"the survey component needs {ELEMENTS} elements, it has {len(elements)}"]
    problems = []
    for element in elements:
        answer = element.answer
        values = tuple(lv.value for lv in answer.levels) if isinstance(answer, LevelAnswer) else ()
        if values != ANSWERS:
            problems.append(f"{element.ref}: answers must be the levels 1–4")
    return problems


def elements_of(definition: Instrument):
    component = survey_component(definition)
    return [i for i in definition.iter_indicators(component.code) if i.scored]


@dataclass(frozen=True)
class ElementScore:
    number: int
    ref: str
    name: str
    levels: dict[int, str]
    counts: dict[int, int]
    nrr: Fraction | None
    lowest: bool = False

    @property
    def respondents(self) -> int:
        return sum(self.counts.values())

    @property
    def nrr_display(self) -> str:
        """NRR with three decimals, rounded half-up ("3.250"), as the regulation's tables."""
        if self.nrr is None:
            return ""
        value = Decimal(self.nrr.numerator) / Decimal(self.nrr.denominator)
        return str(value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP))

    def share(self, answer: int) -> Fraction:
        return Fraction(self.counts[answer], self.respondents) if self.respondents else Fraction(0)


@dataclass(frozen=True)
class Ikm:
    survey: Survey
    policy: str
    responses: int
    elements: tuple[ElementScore, ...]
    result: Result | None

    @property
    def value(self) -> Fraction | None:
        return None if self.result is None else self.result.total

    @property
    def display(self) -> str:
        return "" if self.result is None or self.result.total is None else self.result.display

    @property
    def band(self):
        return None if self.result is None else self.result.grade

    @property
    def lowest(self) -> list[ElementScore]:
        return [e for e in self.elements if e.lowest]


def _flag_lowest(elements: list[ElementScore]) -> list[ElementScore]:
    ranked = sorted(e.nrr for e in elements if e.nrr is not None)
    if not ranked:
        return elements
    cut = ranked[min(LOWEST, len(ranked)) - 1]
    return [replace(e, lowest=e.nrr is not None and e.nrr <= cut) for e in elements]


def ikm_from(survey: Survey, tallies: Sequence[Counts | ElementTally], responses: int) -> Ikm:
    """The IKM of ``survey`` from its tallies and its number of counted responses."""
    definition = survey.instrument_version.definition
    component = survey_component(definition)
    complete_only = component.missing_answers == "complete_only"
    by_number = {t.element: t for t in tallies}
    elements, values = [], {}
    for number, indicator in enumerate(elements_of(definition), start=1):
        tally = by_number.get(number)
        counts = tally.counts(complete_only=complete_only) if tally else dict.fromkeys(ANSWERS, 0)
        total = sum(counts.values())
        nrr = Fraction(sum(a * c for a, c in counts.items()), total) if total else None
        elements.append(
            ElementScore(
                number=number,
                ref=indicator.ref,
                name=indicator.name,
                levels={lv.value: lv.label for lv in indicator.answer.levels},
                counts=counts,
                nrr=nrr,
            )
        )
        values[indicator.ref] = Tally(counts)
    result = None
    if responses and all(e.respondents for e in elements):
        result = score(definition, {component.code: values})
    return Ikm(survey, component.missing_answers, responses, tuple(_flag_lowest(elements)), result)


def ikm_of(survey: Survey) -> Ikm:
    """The survey's IKM now (two queries: its counted respondents and its tallies)."""
    survey.refresh_from_db(fields=["respondents"])
    return ikm_many([survey])[survey.pk]


def tallies_of(survey_ids: Sequence[int]) -> dict[int, list[Counts]]:
    """Each survey's element tallies as read, in one query."""
    tallies: dict[int, list[Counts]] = {}
    rows = ElementTally.objects.filter(survey_id__in=survey_ids).values_list(
        "survey_id", *TALLY_FIELDS
    )
    for survey_id, element, *values in rows.iterator(chunk_size=10000):
        tallies.setdefault(survey_id, []).append(Counts.of(element, values))
    return tallies


def ikm_many(surveys: Sequence[Survey]) -> dict[int, Ikm]:
    """The IKM of each survey (``instrument_version`` loaded with them, ``respondents`` as
    read), in one query."""
    tallies = tallies_of([s.pk for s in surveys])
    return {s.pk: ikm_from(s, tallies.get(s.pk, []), s.respondents) for s in surveys}


BREAKDOWNS = ("sex", "age", "education", "occupation", "service", "visited_on")

AGE_GROUPS = ((20, "< 20"), (30, "20–29"), (40, "30–39"), (50, "40–49"), (60, "50–59"))
"""Upper bounds (exclusive) and labels of the age groups; 60 and over is the last group."""
OLDEST = "≥ 60"


def _group(field: str):
    """The expression a breakdown groups by: the field itself, the age group (its label,
    prefixed by its order so that groups sort), or the month of the visit."""
    if field == "age":
        return Case(
            *(
                When(age__lt=bound, then=Value(f"{n}|{label}"))
                for n, (bound, label) in enumerate(AGE_GROUPS)
            ),
            When(age__isnull=False, then=Value(f"{len(AGE_GROUPS)}|{OLDEST}")),
            default=Value(""),
        )
    if field == "visited_on":
        return TruncMonth("visited_on")
    return F(field)


def breakdown(survey: Survey, field: str) -> list[tuple[object, Ikm]]:
    """The IKM of each group of respondents by a profile field (``BREAKDOWNS``: age by group,
    the visit date by month), in one aggregate query; respondents who left the field empty are
    their own group ("" or None)."""
    if field not in BREAKDOWNS:
        raise ValueError(field)
    rows = (
        Response.objects.filter(survey=survey, excluded_at__isnull=True)
        .order_by()
        .annotate(group=_group(field))
        .values("group")
        .annotate(responses=Count("pk"), **answer_counts())
        .order_by("group")
    )
    groups = []
    for row in rows:
        tallies = [
            Counts.of(n, [row[f"{k}_{n}_{a}"] for k in ("n", "c") for a in ANSWERS])
            for n in range(1, ELEMENTS + 1)
        ]
        groups.append((row["group"], ikm_from(survey, tallies, row["responses"])))
    return groups
