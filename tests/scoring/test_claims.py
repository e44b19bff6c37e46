"""Claims indicators (``claims: {criteria: [...]}``): what the file accepts, and the score.

A claims indicator is scored found / claimed: the unit lists what it claims per criterion, the
evaluators check each claim on site, and the answer stored is ``{target: claimed, actual: found}``.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from kinerja.scoring import InstrumentError, load_library, score, validate_instrument_data
from kinerja.scoring.formats.xlsx import instrument_from_xlsx, instrument_to_xlsx
from kinerja.scoring.formats.yaml_file import instrument_to_data
from tests.scoring.conftest import base_data

RATIO = {"type": "number", "rule": {"kind": "ratio"}, "unit": "inovasi"}


def problems(data) -> list[tuple[str, str]]:
    with pytest.raises(InstrumentError) as caught:
        validate_instrument_data(data)
    return [(error.field, error.message) for error in caught.value.errors]


def claims_data(criteria=("a1", "a2"), answer=None):
    data = base_data()
    b1 = data["aspects"][1]["indicators"][0]
    b1["answer"] = answer or RATIO
    b1["claims"] = {"criteria": list(criteria)}
    return data


def test_claims_indicator_is_read_with_its_criteria():
    # Act
    instrument = validate_instrument_data(claims_data())

    # Assert
    (indicator,) = instrument.claim_indicators()
    assert indicator.ref == "b1"
    assert indicator.claims.criteria == ("a1", "a2")


def test_claims_need_a_ratio_answer_without_target():
    # Arrange: points cannot be found / claimed
    data = claims_data(answer={"type": "points", "max": 10})

    # Act / Assert
    assert problems(data) == [
        (
            "aspects[1].indicators[0].claims",
            "butir klaim dinilai ditemukan / diklaim: jawabannya harus "
            "{type: number, rule: {kind: ratio}} tanpa target",
        )
    ]


def test_claims_refuse_a_ratio_with_its_own_target():
    data = claims_data(answer={"type": "number", "rule": {"kind": "ratio", "target": 5}})

    assert [field for field, _ in problems(data)] == ["aspects[1].indicators[0].claims"]


def test_claim_criteria_must_be_other_indicators():
    # Arrange: an unknown ref and the claims indicator itself
    data = claims_data(criteria=("a1", "zz", "b1"))

    # Act / Assert
    assert problems(data) == [
        (
            "aspects[1].indicators[0].claims.criteria[1]",
            "kriteria 'zz' bukan indikator di instrumen",
        ),
        (
            "aspects[1].indicators[0].claims.criteria[2]",
            "kriteria 'b1' adalah butir klaim itu sendiri",
        ),
    ]


def test_claims_need_at_least_one_criterion():
    data = claims_data(criteria=())

    assert [field for field, _ in problems(data)] == ["aspects[1].indicators[0].claims.criteria"]


def test_claims_survive_yaml_and_xlsx_round_trips():
    # Arrange
    instrument = validate_instrument_data(claims_data())

    # Act
    from_yaml = validate_instrument_data(instrument_to_data(instrument))
    from_xlsx = instrument_from_xlsx(instrument_to_xlsx(instrument))

    # Assert
    assert from_yaml == instrument
    assert from_xlsx == instrument
    assert from_xlsx.indicator("b1").claims.criteria == ("a1", "a2")


def test_skk_jatim_2027_scores_lap1_as_found_over_claimed():
    # Arrange: 34 innovations claimed over the seven criteria, 30 found on site; every other
    # indicator at zero, so the total is LAP1's 100 points × 30/34 alone.
    instrument = load_library("skk-jatim", "2027.1")
    answers = {
        component.code: {
            indicator.ref: 0
            for indicator in instrument.iter_indicators(component.code)
            if indicator.claims is None
        }
        for component in instrument.components
    }
    answers["lapangan"]["LAP1"] = {"target": 34, "actual": 30}

    # Act
    result = score(instrument, answers)

    # Assert
    (lap1,) = instrument.claim_indicators()
    assert lap1.ref == "LAP1"
    assert lap1.claims.criteria == tuple(f"ADM{n}" for n in range(1, 8))
    assert result.indicators["LAP1"].fraction == Fraction(30, 34)
    assert result.indicators["LAP1"].points == Fraction(100 * 30, 34)
    assert result.total == Fraction(100 * 30, 34)
