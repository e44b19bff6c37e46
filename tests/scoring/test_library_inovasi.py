"""Innovation competition (KIPP/KOVABLIK style): substance 70 % + presentation 30 %."""

from __future__ import annotations

from fractions import Fraction

import pytest

from kinerja.scoring import (
    library_dir,
    load_instrument_file,
    load_library,
    score,
    validate_instrument_data,
)
from kinerja.scoring.engine.ranking import advancement, awards_for, passed_round, reached_round
from kinerja.scoring.formats.xlsx import instrument_from_xlsx, instrument_to_xlsx
from kinerja.scoring.formats.yaml_file import instrument_to_data
from kinerja.scoring.model.errors import AnswerError
from kinerja.scoring.model.scope import f01_components, reviewed_components

SECTIONS = [
    "Ringkasan",
    "Latar belakang dan tujuan",
    "Kebaruan",
    "Implementasi",
    "Signifikansi (dampak dan manfaat)",
    "Adaptabilitas (dapat direplikasi)",
    "Sumber daya",
    "Keberlanjutan",
]
ADMINISTRASI = {"ADM1": "Y", "ADM2": "Y", "ADM3": "Y", "ADM4": "Y"}
SUBSTANSI = {
    "SUB1": 90, "SUB2": 85, "SUB3": 92, "SUB4": 88,
    "SUB5": 90, "SUB6": 80, "SUB7": 85, "SUB8": 86,
}  # fmt: skip
PRESENTASI = {"PRS1": 80, "PRS2": 90, "PRS3": 85}


def round_of(instrument, code):
    return next(r for r in instrument.rounds if r.code == code)


def test_inovasi_file_validates_with_proposal_sections_and_rounds():
    # Arrange
    path = library_dir() / "inovasi.yaml"

    # Act
    instrument = load_instrument_file(path)

    # Assert
    assert [i.name for i in instrument.iter_indicators("substansi")] == SECTIONS
    assert {c.code: str(c.weight) for c in instrument.components} == {
        "administrasi": "0",
        "substansi": "70",
        "presentasi": "30",
    }
    assert [r.code for r in instrument.rounds] == [
        "seleksi-administrasi",
        "evaluasi-desk",
        "presentasi-wawancara",
    ]
    assert str(round_of(instrument, "evaluasi-desk").passing) == "85"
    assert [(a.label, a.top) for a in instrument.awards] == [("5 Terbaik", 5), ("10 Terbaik", 10)]


def test_inovasi_blend_70_30_matches_hand_computation():
    # Arrange
    instrument = load_library("inovasi")
    answers = {"administrasi": ADMINISTRASI, "substansi": SUBSTANSI, "presentasi": PRESENTASI}

    # Act
    result = score(instrument, answers)

    # Assert, by hand:
    # substansi = (5*90 + 10*85 + 20*92 + 15*88 + 20*90 + 10*80 + 10*85 + 10*86)/100
    #           = (450 + 850 + 1840 + 1320 + 1800 + 800 + 850 + 860)/100 = 8770/100 = 87.7
    # presentasi = (30*80 + 40*90 + 30*85)/100 = (2400 + 3600 + 2550)/100 = 85.5
    # total = .7*87.7 + .3*85.5 = 61.39 + 25.65 = 87.04 -> Sangat Baik
    assert result.components["substansi"].score == Fraction("87.7")
    assert result.components["presentasi"].score == Fraction("85.5")
    assert result.total == Fraction("87.04")
    assert result.display == "87.04"
    assert result.grade.code == "SB"


def test_inovasi_administrative_gate_does_not_count_in_the_total():
    # Arrange
    instrument = load_library("inovasi")
    with_gate = {"administrasi": ADMINISTRASI, "substansi": SUBSTANSI, "presentasi": PRESENTASI}
    without_gate = {"substansi": SUBSTANSI, "presentasi": PRESENTASI}

    # Act
    gated, ungated = score(instrument, with_gate), score(instrument, without_gate)

    # Assert: administrasi weighs 0 in the blend; its round is all-Y = 4/4 -> 100 = passing 100
    assert gated.total == ungated.total == Fraction("87.04")
    assert gated.rounds["seleksi-administrasi"].score == 100
    assert (
        gated.rounds["seleksi-administrasi"].score
        >= round_of(instrument, "seleksi-administrasi").passing
    )


def test_inovasi_incomplete_administration_fails_the_gate():
    # Arrange: one requirement not met (innovation younger than a year)
    instrument = load_library("inovasi")
    answers = {"administrasi": dict(ADMINISTRASI, ADM1="T")}

    # Act
    result = score(instrument, answers)

    # Assert: 3 of 4 -> 75 < passing 100
    assert result.rounds["seleksi-administrasi"].score == 75
    assert passed_round(instrument, result, "seleksi-administrasi") is False


def test_inovasi_desk_score_87_70_passes_the_85_passing_grade():
    # Arrange
    instrument = load_library("inovasi")
    answers = {"administrasi": ADMINISTRASI, "substansi": SUBSTANSI}

    # Act
    result = score(instrument, answers, upto_round="evaluasi-desk")

    # Assert: up to the desk round only substansi counts (the gate weighs 0): total = 87.70
    assert result.total == Fraction("87.7")
    assert result.display == "87.70"
    assert passed_round(instrument, result, "evaluasi-desk") is True


def test_inovasi_desk_score_84_00_misses_the_passing_grade():
    # Arrange: every section 85 except kebaruan 80
    instrument = load_library("inovasi")
    substansi = dict.fromkeys(SUBSTANSI, 85) | {"SUB3": 80}

    # Act
    result = score(instrument, {"substansi": substansi}, upto_round="evaluasi-desk")

    # Assert: 85 - 20 % * (85 - 80) = 85 - 1 = 84.00 < 85
    assert result.total == 84
    assert result.display == "84.00"
    assert result.rounds["evaluasi-desk"].score == 84
    assert passed_round(instrument, result, "evaluasi-desk") is False


def test_inovasi_top_5_and_top_10_awards():
    # Arrange
    instrument = load_library("inovasi")

    # Act
    awarded = {
        rank: [a.label for a in awards_for(instrument.awards, rank)] for rank in (1, 5, 6, 10, 11)
    }

    # Assert: ranks 1-5 are within both "top" awards; 6-10 only 10 Terbaik; 11 nothing
    assert awarded == {
        1: ["5 Terbaik", "10 Terbaik"],
        5: ["5 Terbaik", "10 Terbaik"],
        6: ["10 Terbaik"],
        10: ["10 Terbaik"],
        11: [],
    }


def test_inovasi_pass_marks_decide_who_goes_on_before_the_top_15():
    # Arrange: a failed the administrative check but has the best desk score; b is below the
    # desk pass mark 85; c..r (16 entries) pass both, c/d/... descending with q and r tied 15th.
    instrument = load_library("inovasi")
    keys = "abcdefghijklmnopqr"
    admin = {k: Fraction(100) for k in keys} | {"a": Fraction(75)}
    desk = {"a": Fraction(99), "b": Fraction("84.99")}
    for n, key in enumerate(keys[2:]):
        desk[key] = Fraction(98) - n * Fraction(1, 2)
    desk["r"] = desk["q"]
    upto = {k: {"seleksi-administrasi": Fraction(0), "evaluasi-desk": desk[k]} for k in keys}
    scores = {k: {"seleksi-administrasi": admin[k], "evaluasi-desk": desk[k]} for k in keys}

    # Act
    tiers = advancement(instrument, upto, scores)

    # Assert: a stops at the administrative selection, b at the desk pass mark, 16 go on
    # (the 15th place is shared by q and r: a tie at the cut goes on)
    assert tiers["a"] == 0
    assert tiers["b"] == 1
    finalists = {k for k, tier in tiers.items() if tier == 2}
    assert finalists == set(keys[2:])
    assert reached_round(instrument, tiers["a"]) == "seleksi-administrasi"
    assert reached_round(instrument, tiers["b"]) == "evaluasi-desk"
    assert reached_round(instrument, tiers["c"]) == "presentasi-wawancara"


def test_inovasi_the_top_15_cut_applies_only_to_those_above_the_pass_mark():
    # Arrange: 20 entries pass the administration; only 3 reach the desk pass mark exactly
    instrument = load_library("inovasi")
    keys = [f"e{n:02}" for n in range(20)]
    desk = {k: Fraction(80) for k in keys} | {"e00": Fraction(85), "e01": Fraction(90)}
    desk["e02"] = Fraction(85)
    upto = {k: {"evaluasi-desk": desk[k]} for k in keys}
    scores = {k: {"seleksi-administrasi": Fraction(100), "evaluasi-desk": desk[k]} for k in keys}

    # Act
    tiers = advancement(instrument, upto, scores)

    # Assert: exactly the mark passes (85 >= 85); nobody below it fills the 15 places
    assert {k for k, tier in tiers.items() if tier == 2} == {"e00", "e01", "e02"}


def test_inovasi_without_a_round_score_an_entry_stops_at_the_pass_mark():
    instrument = load_library("inovasi")

    tiers = advancement(instrument, {"x": {"evaluasi-desk": Fraction(95)}}, {"x": {}})

    assert tiers == {"x": 0}


def test_inovasi_2025_asks_the_unit_for_its_proposal_in_sections_with_word_limits():
    instrument = load_instrument_file(library_dir() / "inovasi@2025.1.yaml")
    before = load_instrument_file(library_dir() / "inovasi.yaml")
    answers = {"administrasi": ADMINISTRASI, "substansi": SUBSTANSI, "presentasi": PRESENTASI}

    sections = list(instrument.iter_indicators("proposal"))

    assert [i.name for i in sections[:8]] == SECTIONS
    assert [i.answer.max_words for i in sections[:8]] == [300, 500, 500, 700, 500, 300, 300, 300]
    assert sections[8].answer.type == "yes_no"  # the head's statement
    assert f01_components(instrument) == ("proposal",)
    assert "proposal" not in {c.code for c in reviewed_components(instrument)}
    assert score(instrument, answers).total == score(before, answers).total


def test_a_text_answer_refuses_more_words_than_its_limit():
    instrument = load_instrument_file(library_dir() / "inovasi@2025.1.yaml")
    summary = instrument.indicator("PROP1")

    assert summary.validate_raw(" ".join(["kata"] * 300))
    with pytest.raises(AnswerError, match="paling banyak 300 kata; isian ini 301 kata"):
        summary.validate_raw(" ".join(["kata"] * 301))


def test_word_limits_survive_yaml_and_xlsx_round_trips():
    instrument = load_instrument_file(library_dir() / "inovasi@2025.1.yaml")

    from_yaml = validate_instrument_data(instrument_to_data(instrument))
    from_xlsx = instrument_from_xlsx(instrument_to_xlsx(instrument))

    assert from_yaml == instrument
    assert from_xlsx == instrument
    assert from_xlsx.indicator("PROP4").answer.max_words == 700
