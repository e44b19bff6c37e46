"""SKM (PermenPANRB 14/2017): IKM = Σ NRR * 1/9 * 25 with the exact 1/9."""

from __future__ import annotations

from fractions import Fraction

import pytest
from pydantic import ValidationError

from kinerja.scoring import (
    grade_for,
    library_dir,
    load_instrument_file,
    load_library,
    present,
    score,
)
from kinerja.scoring.engine import Tally
from kinerja.scoring.model.errors import ScoreInputError
from kinerja.scoring.model.schema import Instrument

ELEMENTS = {
    "U1": "Persyaratan",
    "U2": "Sistem, mekanisme, dan prosedur",
    "U3": "Waktu penyelesaian",
    "U4": "Biaya/tarif",
    "U5": "Produk spesifikasi jenis pelayanan",
    "U6": "Kompetensi pelaksana",
    "U7": "Perilaku pelaksana",
    "U8": "Penanganan pengaduan, saran, dan masukan",
    "U9": "Sarana dan prasarana",
}

# Four respondents; one list per element, one answer (1-4) per respondent.
RESPONSES = {
    "U1": [3, 4, 3, 3],  # NRR 13/4 = 3.25
    "U2": [3, 3, 2, 3],  # NRR 11/4 = 2.75
    "U3": [2, 3, 3, 2],  # NRR 10/4 = 2.50
    "U4": [4, 4, 4, 4],  # NRR 4.00
    "U5": [3, 3, 3, 4],  # NRR 13/4 = 3.25
    "U6": [3, 4, 4, 3],  # NRR 14/4 = 3.50
    "U7": [4, 4, 3, 4],  # NRR 15/4 = 3.75
    "U8": [2, 3, 2, 2],  # NRR 9/4 = 2.25
    "U9": [3, 3, 3, 3],  # NRR 3.00
}


def test_skm_file_validates_with_nine_equal_elements():
    # Arrange
    path = library_dir() / "skm.yaml"

    # Act
    instrument = load_instrument_file(path)

    # Assert
    indicators = list(instrument.iter_indicators())
    assert {i.ref: i.name for i in indicators} == ELEMENTS
    assert {str(i.weight) for i in indicators} == {"1"}
    assert instrument.node("unsur").weights == "relative"
    assert all(i.answer.values == (1, 2, 3, 4) for i in indicators)
    assert [level.label for level in indicators[0].answer.levels] == [
        "Tidak baik",
        "Kurang baik",
        "Baik",
        "Sangat baik",
    ]
    assert instrument.component("survei").source == "survey"
    assert instrument.aggregation.method == "mean"
    assert instrument.provisional is False


def test_skm_ikm_equals_sum_nrr_times_exact_ninth_times_25():
    # Arrange
    instrument = load_library("skm")

    # Act
    result = score(instrument, {"survei": RESPONSES})

    # Assert: Σ NRR = 3.25+2.75+2.5+4+3.25+3.5+3.75+2.25+3 = 28.25
    # IKM = 28.25 * 1/9 * 25 = 706.25/9 = 78.4722… -> 78.47 -> B (76.61-88.30)
    nrr_sum = sum((Fraction(sum(v), len(v)) for v in RESPONSES.values()), Fraction(0))
    assert nrr_sum == Fraction("28.25")
    assert result.total == nrr_sum * Fraction(1, 9) * 25
    assert result.total == Fraction("706.25") / 9
    assert result.display == "78.47"
    assert result.grade.code == "B"
    assert result.grade.label == "Baik"


def test_skm_rounded_weight_0_111_would_give_a_different_ikm():
    # Arrange
    instrument = load_library("skm")

    # Act
    exact = score(instrument, {"survei": RESPONSES}).display
    with_0_111 = present(Fraction("28.25") * Fraction("0.111") * 25, 2)

    # Assert: 28.25 * 0.111 * 25 = 78.39375 -> 78.39, not the exact 78.47
    assert with_0_111 == "78.39"
    assert exact == "78.47"
    assert exact != with_0_111


def test_skm_element_score_is_its_nrr_over_4():
    # Arrange
    instrument = load_library("skm")

    # Act
    result = score(instrument, {"survei": RESPONSES})

    # Assert: U8 NRR = 9/4 = 2.25; score on 0-100 = 2.25/4 * 100 = 56.25
    assert result.indicators["U8"].fraction == Fraction(9, 16)
    assert result.indicators["U8"].score == Fraction("56.25")


def test_skm_all_answers_3_give_75_00_kurang_baik():
    # Arrange
    instrument = load_library("skm")
    responses = {ref: [3, 3, 3] for ref in ELEMENTS}

    # Act
    result = score(instrument, {"survei": responses})

    # Assert: Σ NRR = 9 * 3 = 27; IKM = 27 * 1/9 * 25 = 75.00 -> C (65.00-76.60)
    assert result.total == 75
    assert result.display == "75.00"
    assert result.grade.code == "C"


def test_skm_all_answers_1_give_the_minimum_25_00():
    # Arrange
    instrument = load_library("skm")
    responses = {ref: [1, 1] for ref in ELEMENTS}

    # Act
    result = score(instrument, {"survei": responses})

    # Assert: Σ NRR = 9; IKM = 9 * 1/9 * 25 = 25.00 -> D
    assert result.total == 25
    assert result.grade.code == "D"


def test_skm_element_without_any_answer_gives_no_result():
    # Arrange
    instrument = load_library("skm")
    responses = {ref: values for ref, values in RESPONSES.items() if ref != "U4"}

    # Act
    result = score(instrument, {"survei": responses})

    # Assert: missing policy no_result — an IKM needs all nine elements
    assert result.total is None
    assert result.grade is None
    assert result.missing == ("U4",)


def test_skm_grade_boundaries_follow_the_regulation():
    # Arrange
    instrument = load_library("skm")
    values = ["88.31", "88.30", "76.61", "76.60", "65.00", "64.99", "25.00", "100"]

    # Act
    grades = {value: grade_for(instrument, value).code for value in values}

    # Assert
    assert grades == {
        "88.31": "A",
        "88.30": "B",
        "76.61": "B",
        "76.60": "C",
        "65.00": "C",
        "64.99": "D",
        "25.00": "D",
        "100": "A",
    }


def _tallies(responses):
    from collections import Counter

    return {ref: Tally(dict(Counter(values))) for ref, values in responses.items()}


def test_a_tally_scores_exactly_like_the_answers_it_counts():
    skm = load_library("skm")
    listed = score(skm, {"survei": RESPONSES})
    counted = score(skm, {"survei": _tallies(RESPONSES)})
    assert counted.total == listed.total
    assert counted.display == listed.display
    assert {r: n.fraction for r, n in counted.indicators.items()} == {
        r: n.fraction for r, n in listed.indicators.items()
    }


def test_a_large_tally_is_exact_and_explained_with_its_counts():
    skm = load_library("skm")
    # 1,000,001 respondents on U1 (one 4, the rest 3); every other element all 3s.
    tallies = {ref: Tally({3: 1_000_001}) for ref in ELEMENTS}
    tallies["U1"] = Tally({3: 1_000_000, 4: 1})
    result = score(skm, {"survei": tallies})
    nrr_u1 = Fraction(3_000_004, 1_000_001)
    assert result.indicators["U1"].fraction == nrr_u1 / 4
    assert result.total == (nrr_u1 + 8 * 3) * Fraction(1, 9) * 25
    values = result.explain()["components"][0]["children"][0]["children"][0]["values"]
    assert {v["raw"]: v.get("count") for v in values} == {"3": 1_000_000, "4": None}


def test_a_tally_with_a_wrong_answer_or_count_is_refused_with_its_element():
    skm = load_library("skm")
    tallies = {ref: Tally({3: 2}) for ref in ELEMENTS}
    tallies["U2"] = Tally({5: 1})
    tallies["U3"] = Tally({3: -1})
    with pytest.raises(ScoreInputError) as caught:
        score(skm, {"survei": tallies})
    text = str(caught.value)
    assert "U2 [1 responden]" in text
    assert "U3 [3]" in text


def test_the_missing_answers_policy_is_instrument_data_with_per_element_default():
    skm = load_library("skm")
    assert skm.components[0].missing_answers == "per_element"
    data = skm.model_dump(mode="python")
    data["components"][0]["missing_answers"] = "complete_only"
    assert Instrument.model_validate(data).components[0].missing_answers == "complete_only"
    data["components"][0]["missing_answers"] = "sometimes"
    with pytest.raises(ValidationError):
        Instrument.model_validate(data)
