"""The IKM of a survey, exact (REFERENCE.md §6): NRR per element, Σ NRR × 1/9 × 25 with the exact
1/9, the regulation's bands at their boundaries, and the missing-answer policy."""

from __future__ import annotations

from fractions import Fraction
from io import StringIO

import pytest
from django.core.management import call_command

from kinerja.instruments.services import import_instrument
from kinerja.scoring import load_library
from kinerja.surveys import tally
from kinerja.surveys.ikm import fit_problems, ikm_from, ikm_of
from kinerja.surveys.models import ElementTally

from .conftest import answer


def test_ikm_of_four_respondents_is_exact_with_the_exact_ninth(survey):
    for row in (
        [3, 3, 2, 4, 3, 3, 4, 2, 3],
        [4, 3, 3, 4, 3, 4, 4, 3, 3],
        [3, 2, 3, 4, 3, 4, 3, 2, 3],
        [3, 3, 2, 4, 4, 3, 4, 2, 3],
    ):
        answer(survey, *row)
    ikm = ikm_of(survey)
    nrr = [
        Fraction(sum(col), 4)
        for col in zip(
            [3, 3, 2, 4, 3, 3, 4, 2, 3],
            [4, 3, 3, 4, 3, 4, 4, 3, 3],
            [3, 2, 3, 4, 3, 4, 3, 2, 3],
            [3, 3, 2, 4, 4, 3, 4, 2, 3],
            strict=True,
        )
    ]
    assert [e.nrr for e in ikm.elements] == nrr
    assert ikm.value == sum(nrr) * Fraction(1, 9) * 25 == Fraction("706.25") / 9
    assert ikm.display == "78.47"
    assert ikm.band.code == "B"
    assert ikm.responses == 4
    assert [e.respondents for e in ikm.elements] == [4] * 9
    assert [e.nrr_display for e in ikm.elements][:3] == ["3.250", "2.750", "2.500"]
    # The lowest three elements (U8 2.25, U3 2.50, U2 2.75) are flagged for follow-up.
    assert [e.ref for e in ikm.lowest] == ["U2", "U3", "U8"]


def test_one_ninth_rounded_to_0_111_would_be_visibly_different(survey):
    answer(survey, 4, 4, 4, 4, 4, 4, 4, 4, 3)
    ikm = ikm_of(survey)
    assert ikm.value == Fraction(35, 9) * 25  # 97.2222…
    assert ikm.display == "97.22"
    assert (Fraction(35) * Fraction("0.111") * 25) != ikm.value


def _tallies(survey, total: int, respondents: int) -> list[ElementTally]:
    """Tallies whose answers add up to ``total`` over ``respondents`` answers per element."""
    rows = []
    for number in range(1, 10):
        element_sum = total // 9 + (1 if number <= total % 9 else 0)
        low, higher = divmod(element_sum, respondents)
        counts = {low: respondents - higher}
        if higher:
            counts[low + 1] = higher
        rows.append(
            ElementTally(survey=survey, element=number, **{f"n{a}": c for a, c in counts.items()})
        )
    return rows


@pytest.mark.parametrize(
    ("total", "display", "band"),
    [
        # 1000 respondents: IKM = Σ answers × 25 / 9000 = Σ / 360.
        (31790, "88.31", "A"),  # 88.3055…
        (31789, "88.30", "B"),  # 88.3027…
        (31788, "88.30", "B"),  # 88.3 exactly
        (27580, "76.61", "B"),  # 76.6111…
        (27576, "76.60", "C"),  # 76.6 exactly
        (23400, "65.00", "C"),  # 65 exactly
        (23396, "64.99", "D"),  # 64.9888…
        (9000, "25.00", "D"),  # everyone answered 1
        (36000, "100.00", "A"),  # everyone answered 4
    ],
)
def test_bands_follow_the_regulation_at_their_boundaries(survey, total, display, band):
    ikm = ikm_from(survey, _tallies(survey, total, 1000), responses=1000)
    assert ikm.value == Fraction(total * 25, 9000)
    assert (ikm.display, ikm.band.code) == (display, band)


def _policy(survey, policy: str):
    skm = load_library("skm")
    component = skm.components[0].model_copy(update={"missing_answers": policy})
    definition = skm.model_copy(update={"code": "skm-lengkap", "components": (component,)})
    version, _ = import_instrument(definition, by=None, origin="upload")
    survey.instrument_version = version
    survey.save()


def test_per_element_is_the_default_and_counts_each_element_over_who_answered(survey):
    answer(survey, 4, 4, 4, 4, 4, 4, 4, 4, 4)
    answer(survey, 2, None, 2, 2, 2, 2, 2, 2, 2)
    ikm = ikm_of(survey)
    assert ikm.policy == "per_element"
    assert ikm.elements[0].nrr == 3 and ikm.elements[0].respondents == 2
    assert ikm.elements[1].nrr == 4 and ikm.elements[1].respondents == 1
    assert ikm.value == (3 * 8 + 4) * Fraction(25, 9)


def test_complete_only_drops_a_respondent_who_skipped(survey):
    _policy(survey, "complete_only")
    answer(survey, 4, 4, 4, 4, 4, 4, 4, 4, 4)
    answer(survey, 2, None, 2, 2, 2, 2, 2, 2, 2)
    ikm = ikm_of(survey)
    assert ikm.policy == "complete_only"
    assert [e.respondents for e in ikm.elements] == [1] * 9
    assert ikm.value == 100
    assert ikm.responses == 2


def test_no_answers_no_ikm(survey):
    ikm = ikm_of(survey)
    assert ikm.result is None and ikm.display == "" and ikm.band is None


def test_the_running_tallies_equal_a_full_recount(survey):
    rows = [[1, 2, 3, 4, 1, 2, 3, 4, 1], [4, None, 4, 4, 3, 3, 3, 2, 2], [2] * 9, [3] * 9]
    for row in rows:
        answer(survey, *row)
    kept = [
        (t.element, t.n1, t.n2, t.n3, t.n4, t.c1, t.c2, t.c3, t.c4)
        for t in ElementTally.objects.filter(survey=survey)
    ]
    assert tally.rebuild([survey.pk]) == 1
    rebuilt = [
        (t.element, t.n1, t.n2, t.n3, t.n4, t.c1, t.c2, t.c3, t.c4)
        for t in ElementTally.objects.filter(survey=survey)
    ]
    assert kept == rebuilt
    survey.refresh_from_db()
    assert survey.respondents == 4


def test_an_instrument_without_nine_level_elements_cannot_carry_a_survey():
    assert fit_problems(load_library("skm")) == []
    assert fit_problems(load_library("pekppp")) == [
        "the survey component needs 9 elements, it has 14"
    ]
    assert fit_problems(load_library("sakip")) == [
        "the instrument needs exactly one survey component"
    ]


def test_the_recompute_command_recounts_every_survey(survey):
    answer(survey, *[4] * 9)
    ElementTally.objects.filter(survey=survey).update(n4=0, c4=0)
    out = StringIO()
    call_command("ikm", "recompute", stdout=out)
    assert out.getvalue().startswith("1 surveys recounted")
    assert ikm_of(survey).value == 100
