"""Penilaian Sinergitas Kinerja Kecamatan Jawa Barat (Pergub 23/2018): field focus + interview."""

from __future__ import annotations

from fractions import Fraction

from kinerja.scoring import library_dir, load_instrument_file, load_library, score

LAPANGAN = {
    "1.1": 3, "1.2": 4, "1.3": "80.5",
    "2.1": 3, "2.2": 2,
    "3.1": 11, "3.2": 3,
    "4.1": 2, "4.2": 3,
    "5.1": "95", "5.2": 3,
}  # fmt: skip
WAWANCARA = {"W1": 27, "W2": 24, "W3": 18, "W4": 15}


def test_skk_jabar_file_validates_with_focus_areas_and_interview():
    # Arrange
    path = library_dir() / "skk-jabar.yaml"

    # Act
    instrument = load_instrument_file(path)

    # Assert
    assert [a.name for a in instrument.top_aspects("lapangan")] == [
        "Pelayanan Publik Tingkat Kecamatan",
        "Koordinasi Pelayanan Publik",
        "Inovasi",
        "Kompetensi Aparatur",
        "Pengelolaan Anggaran",
    ]
    assert [a.name for a in instrument.top_aspects("wawancara")] == ["Penguasaan Materi oleh Camat"]
    assert {c.code: str(c.weight) for c in instrument.components} == {
        "lapangan": "80",
        "wawancara": "20",
    }
    assert instrument.provisional is True


def test_skk_jabar_blend_matches_hand_computation():
    # Arrange
    instrument = load_library("skk-jabar")

    # Act
    result = score(instrument, {"lapangan": LAPANGAN, "wawancara": WAWANCARA})

    # Assert, by hand:
    # 1: (35*3/4 + 35*4/4 + 30*.75 [IKM 80.5 >= 76.61])/100 = (26.25+35+22.5)/100 = .8375
    # 2: (50*3/4 + 50*2/4)/100 = .625
    # 3: (40*1 [11 inovasi >= 8] + 60*3/4)/100 = (40 + 45)/100 = .85
    # 4: (50*2/4 + 50*3/4)/100 = .625
    # 5: (50*95/100 + 50*3/4)/100 = (47.5 + 37.5)/100 = .85
    # lapangan = .25*.8375 + .2*.625 + .25*.85 + .15*.625 + .15*.85
    #          = .209375 + .125 + .2125 + .09375 + .1275 = .768125 -> 76.8125
    # wawancara = (27 + 24 + 18 + 15)/100 = .84 -> 84
    # total = .8*76.8125 + .2*84 = 61.45 + 16.8 = 78.25 -> Baik
    assert result.components["lapangan"].score == Fraction("76.8125")
    assert result.components["wawancara"].score == 84
    assert result.total == Fraction("78.25")
    assert result.display == "78.25"
    assert result.grade.code == "B"


def test_skk_jabar_interview_of_three_evaluators_is_averaged():
    # Arrange: three assessors score the camat's mastery of the material
    instrument = load_library("skk-jabar")
    wawancara = {
        "W1": [27, 24, 30],  # mean 27
        "W2": [24, 24, 27],  # mean 25
        "W3": [18, 16, 20],  # mean 18
        "W4": [15, 14, 16],  # mean 15
    }

    # Act
    result = score(instrument, {"lapangan": LAPANGAN, "wawancara": wawancara})

    # Assert: wawancara = 27 + 25 + 18 + 15 = 85; total = .8*76.8125 + .2*85 = 61.45 + 17
    #         = 78.45 -> Baik
    assert result.components["wawancara"].score == 85
    assert result.total == Fraction("78.45")
    assert result.display == "78.45"


def test_skk_jabar_ikm_thresholds_score_the_survey_indicator():
    # Arrange
    indicator = load_library("skk-jabar").indicator("1.3")

    # Act
    scores = [indicator.normalise(v) for v in ["64.99", "65", "76.61", "88.30", "88.31"]]

    # Assert: below C 0; C from 65.00 -> .5; B from 76.61 -> .75; A from 88.31 -> 1
    assert scores == [0, Fraction(1, 2), Fraction(3, 4), Fraction(3, 4), 1]


def test_skk_jabar_2026_makes_field_and_interview_two_rounds_with_the_same_total():
    # Arrange
    before = load_library("skk-jabar", "2018.1")
    rounds = load_library("skk-jabar", "2026.1")
    values = {"lapangan": LAPANGAN, "wawancara": WAWANCARA}

    # Act
    old, new = score(before, values), score(rounds, values)

    # Assert: two rounds without a gate (everyone takes both, each may have its own jury); the
    # 80 / 20 blend of the rounds is the 80 / 20 blend of the components.
    assert before.rounds == ()
    assert [(r.code, r.components, str(r.weight)) for r in rounds.rounds] == [
        ("lapangan", ("lapangan",), "80"),
        ("wawancara", ("wawancara",), "20"),
    ]
    assert all(r.passing is None and r.advance is None for r in rounds.rounds)
    assert new.total == old.total == Fraction("78.25")
    assert new.rounds["wawancara"].score == 84
