"""The running tallies a survey's IKM is read from (``ElementTally``), kept exact.

A counted response (not excluded) adds one to its answer's count of each element it answered,
in all (``n``) and, when it answered every element, among the complete ones (``c``): at most four
UPDATEs (one per distinct answer), in the transaction that saves it, so two respondents at once
never lose a count (each UPDATE adds to the stored value). Exclusion and reinstatement subtract
and add back the same way. ``rebuild`` recounts surveys from their responses in one aggregate
query (after a paper import, a repair, or the full recompute).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, F, Q

from kinerja.surveys.enums import ANSWERS, ELEMENTS
from kinerja.surveys.models import ElementTally, Response, Survey

TALLY_FIELDS = ("element", *(f"{kind}{a}" for kind in ("n", "c") for a in ANSWERS))

_COMPLETE = Q(**{f"a{n}__isnull": False for n in range(1, ELEMENTS + 1)})


def create_tallies(survey: Survey) -> None:
    ElementTally.objects.bulk_create(
        ElementTally(survey=survey, element=n) for n in range(1, ELEMENTS + 1)
    )


def add(response: Response, *, sign: int = 1) -> None:
    """Count ``response`` in (``sign`` 1) or out (-1) of its survey's tallies and respondents."""
    answers = response.answers()
    complete = all(a is not None for a in answers)
    by_answer: dict[int, list[int]] = {}
    for number, answer in enumerate(answers, start=1):
        if answer is not None:
            by_answer.setdefault(answer, []).append(number)
    Survey.objects.filter(pk=response.survey_id).update(respondents=F("respondents") + sign)
    for answer, elements in sorted(by_answer.items()):
        changes = {f"n{answer}": F(f"n{answer}") + sign}
        if complete:
            changes[f"c{answer}"] = F(f"c{answer}") + sign
        ElementTally.objects.filter(survey_id=response.survey_id, element__in=elements).update(
            **changes
        )


def add_many(responses: Iterable[Response]) -> None:
    """Count many new responses of one survey in (a paper batch): summed first, nine UPDATEs."""
    sums: dict[int, dict[str, int]] = {}
    survey_id = None
    count = 0
    for response in responses:
        survey_id = response.survey_id
        count += 1
        answers = response.answers()
        complete = all(a is not None for a in answers)
        for number, answer in enumerate(answers, start=1):
            if answer is None:
                continue
            row = sums.setdefault(number, {})
            row[f"n{answer}"] = row.get(f"n{answer}", 0) + 1
            if complete:
                row[f"c{answer}"] = row.get(f"c{answer}", 0) + 1
    if survey_id is None:
        return
    Survey.objects.filter(pk=survey_id).update(respondents=F("respondents") + count)
    for element, row in sums.items():
        ElementTally.objects.filter(survey_id=survey_id, element=element).update(
            **{name: F(name) + value for name, value in row.items()}
        )


def answer_counts() -> dict:
    """Aggregates ``n_<element>_<answer>`` and ``c_…`` (complete respondents) for ``annotate``."""
    out = {}
    for n in range(1, ELEMENTS + 1):
        for a in ANSWERS:
            out[f"n_{n}_{a}"] = Count("pk", filter=Q(**{f"a{n}": a}))
            out[f"c_{n}_{a}"] = Count("pk", filter=Q(**{f"a{n}": a}) & _COMPLETE)
    return out


@transaction.atomic
def rebuild(surveys: Iterable[int] | None = None) -> int:
    """Recount the tallies of ``surveys`` (ids; every survey when None) from their counted
    responses: one aggregate query, then the rows replaced. Returns the number of surveys."""
    ids = None if surveys is None else list(surveys)
    all_surveys = Survey.objects.all() if ids is None else Survey.objects.filter(pk__in=ids)
    survey_ids = list(all_surveys.values_list("pk", flat=True))
    counted = Response.objects.filter(excluded_at__isnull=True)
    if ids is not None:
        counted = counted.filter(survey_id__in=survey_ids)
    rows = {
        row.pop("survey_id"): row
        for row in counted.order_by()
        .values("survey_id")
        .annotate(respondents=Count("pk"), **answer_counts())
    }
    tallies = (
        ElementTally.objects.all()
        if ids is None
        else ElementTally.objects.filter(survey_id__in=survey_ids)
    )
    tallies.delete()
    Survey.objects.bulk_update(
        [
            Survey(pk=survey_id, respondents=rows.get(survey_id, {}).get("respondents", 0))
            for survey_id in survey_ids
        ],
        ["respondents"],
        batch_size=2000,
    )
    empty: dict[str, int] = {}
    ElementTally.objects.bulk_create(
        (
            ElementTally(
                survey_id=survey_id,
                element=n,
                **{
                    f"{kind}{a}": rows.get(survey_id, empty).get(f"{kind}_{n}_{a}") or 0
                    for kind in ("n", "c")
                    for a in ANSWERS
                },
            )
            for survey_id in survey_ids
            for n in range(1, ELEMENTS + 1)
        ),
        batch_size=2000,
    )
    return len(survey_ids)
