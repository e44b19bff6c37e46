"""PEKPPP (PermenPANRB 29/2022 jo. 4/2023): the shipped instrument and hand-computed IPP values."""

from __future__ import annotations

from fractions import Fraction

from kinerja.scoring import (
    grade_for,
    library_dir,
    load_instrument_file,
    load_instrument_text,
    load_library,
    score,
)

ASPECT_WEIGHTS = {"a": 24, "b": 25, "c": 18, "d": 11, "e": 10, "f": 12}
INDICATOR_WEIGHTS = {
    "a": [17, 14, 7, 14, 10, 17, 7, 7, 7],
    "b": [10, 20, 20, 20, 30],
    "c": [15, 23, 20, 20, 11, 11],
    "d": [30, 20, 20, 30],
    "e": [20, 25, 25, 30],
    "f": [50, 50],
}

# Levels of the mixed example, indicator ref -> level 0..5.
MIXED = {
    # a: 1..9
    "1": 5, "2": 3, "3": 4, "4": 2, "5": 5, "6": 4, "7": 1, "8": 0, "9": 3,
    # b: 10..14
    "10": 4, "11": 3, "12": 2, "13": 5, "14": 3,
    # c: 15..20
    "15": 2, "16": 3, "17": 4, "18": 1, "19": 5, "20": 0,
    # d: 21..24
    "21": 3, "22": 3, "23": 2, "24": 4,
    # e: 25..28
    "25": 5, "26": 4, "27": 3, "28": 2,
    # f: 29..30
    "29": 3, "30": 1,
}  # fmt: skip


def test_pekppp_file_validates_with_regulation_weights():
    # Arrange
    path = library_dir() / "pekppp.yaml"

    # Act
    instrument = load_instrument_file(path)

    # Assert
    assert instrument.version == "2023.1"
    f02 = instrument.top_aspects("f02")
    assert {a.ref: int(a.weight) for a in f02} == ASPECT_WEIGHTS
    assert {a.ref: [int(i.weight) for i in a.indicators] for a in f02} == INDICATOR_WEIGHTS
    refs = [i.ref for i in instrument.iter_indicators("f02")]
    assert refs == [str(n) for n in range(1, 31)]
    assert set(instrument.tags) == {"K", "P", "Ak", "T", "B", "As"}


def test_pekppp_every_f02_indicator_has_six_levels_tag_and_evidence():
    # Arrange
    instrument = load_library("pekppp")

    # Act
    indicators = list(instrument.iter_indicators("f02"))

    # Assert
    assert len(indicators) == 30
    for indicator in indicators:
        assert indicator.answer.values == (0, 1, 2, 3, 4, 5), indicator.ref
        assert indicator.tag in instrument.tags, indicator.ref
        assert indicator.evidence, indicator.ref


def test_pekppp_indicator_1_descriptors_follow_the_pedoman():
    # Arrange
    instrument = load_library("pekppp")

    # Act
    descriptors = [level.descriptor for level in instrument.indicator("1").answer.levels]

    # Assert: 0 no SP; 1 lacking components; 2 all 14; 3 set; 4 with the public; 5 monitored
    assert "belum memiliki standar pelayanan" in descriptors[0]
    assert "belum memuat sebagian dari 14 komponen" in descriptors[1]
    assert "seluruh 14 komponen" in descriptors[2]
    assert "ditetapkan" in descriptors[3]
    assert "bersama masyarakat" in descriptors[4]
    assert "dievaluasi" in descriptors[5]


def test_pekppp_f03_is_a_14_item_public_survey_blended_at_zero():
    # Arrange
    instrument = load_library("pekppp")

    # Act
    items = list(instrument.iter_indicators("f03"))

    # Assert
    assert len(items) == 14
    assert all(item.answer.values == (0, 1, 2, 3, 4, 5) for item in items)
    assert instrument.component("f03").source == "survey"
    assert int(instrument.component("f02").weight) == 100
    assert int(instrument.component("f03").weight) == 0


def test_pekppp_all_level_5_gives_ipp_5_00_grade_a():
    # Arrange
    instrument = load_library("pekppp")
    answers = {"f02": {str(n): 5 for n in range(1, 31)}}

    # Act
    result = score(instrument, answers)

    # Assert: every indicator 5/5 = 100%, every aspect 100%, IPP% = 100, IPP = 100% * 5 = 5.00
    assert result.total == 5
    assert result.display == "5.00"
    assert result.grade.code == "A"
    assert result.grade.label == "Pelayanan Prima"


def test_pekppp_mixed_levels_match_hand_computed_aspect_percentages():
    # Arrange
    instrument = load_library("pekppp")

    # Act
    result = score(instrument, {"f02": MIXED})

    # Assert, by hand (indicator contribution = level/5 * weight, summed per aspect):
    # a: (17*5 + 14*3 + 7*4 + 14*2 + 10*5 + 17*4 + 7*1 + 7*0 + 7*3)/5
    #    = (85+42+28+28+50+68+7+0+21)/5 = 329/5 = 65.8 %
    # b: (10*4 + 20*3 + 20*2 + 20*5 + 30*3)/5 = (40+60+40+100+90)/5 = 330/5 = 66 %
    # c: (15*2 + 23*3 + 20*4 + 20*1 + 11*5 + 11*0)/5 = (30+69+80+20+55+0)/5 = 254/5 = 50.8 %
    # d: (30*3 + 20*3 + 20*2 + 30*4)/5 = (90+60+40+120)/5 = 310/5 = 62 %
    # e: (20*5 + 25*4 + 25*3 + 30*2)/5 = (100+100+75+60)/5 = 335/5 = 67 %
    # f: (50*3 + 50*1)/5 = 200/5 = 40 %
    # IPP% = .24*65.8 + .25*66 + .18*50.8 + .11*62 + .10*67 + .12*40
    #      = 15.792 + 16.5 + 9.144 + 6.82 + 6.7 + 4.8 = 59.756
    # IPP  = 59.756 % * 5 = 2.9878 -> 2.99 -> C (2.51-3.00)
    fractions = {ref: result.nodes[ref].fraction for ref in ASPECT_WEIGHTS}
    assert fractions == {
        "a": Fraction("0.658"),
        "b": Fraction("0.66"),
        "c": Fraction("0.508"),
        "d": Fraction("0.62"),
        "e": Fraction("0.67"),
        "f": Fraction("0.4"),
    }
    assert result.total == Fraction("2.9878")
    assert result.display == "2.99"
    assert result.grade.code == "C"
    assert result.grade.label == "Cukup"


def test_pekppp_f03_answers_do_not_move_ipp_at_default_blend():
    # Arrange: the mixed F02 example plus a full F03 survey of two respondents
    instrument = load_library("pekppp")
    survey = {f"S{n}": [5, 1] for n in range(1, 15)}

    # Act
    result = score(instrument, {"f02": MIXED, "f03": survey})

    # Assert: f03 weighs 0, so IPP stays 2.9878; F03 itself = mean (5+1)/2 = 3 of 5 = 3.00
    assert result.total == Fraction("2.9878")
    assert result.components["f03"].display == "3.00"


def test_pekppp_75_25_blend_when_the_region_configures_it():
    # Arrange: the same file with F02 75 / F03 25 (the blend seen in some implementations)
    text = (library_dir() / "pekppp.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "{code: f02, name: Penilaian Evaluator (F02), weight: 100,",
        "{code: f02, name: Penilaian Evaluator (F02), weight: 75,",
    ).replace(
        "{code: f03, name: Survei Publik (F03), weight: 0,",
        "{code: f03, name: Survei Publik (F03), weight: 25,",
    )
    instrument = load_instrument_text(text, filename="pekppp-75-25.yaml")
    survey = {f"S{n}": [4, 3] for n in range(1, 15)}

    # Act
    result = score(instrument, {"f02": MIXED, "f03": survey})

    # Assert: F02 = 2.9878; F03 = mean(4, 3) = 3.5 of 5 on every item = 3.5
    # IPP = .75 * 2.9878 + .25 * 3.5 = 2.24085 + 0.875 = 3.11585 -> 3.12 -> B-
    assert result.total == Fraction("3.11585")
    assert result.display == "3.12"
    assert result.grade.code == "B-"


def test_pekppp_grade_boundaries_follow_the_categories():
    # Arrange
    instrument = load_library("pekppp")

    # Act
    grades = {
        value: grade_for(instrument, value).code
        for value in ["4.50", "4.51", "4.00", "4.01", "3.01", "1.00", "1.01", "0", "5.00"]
    }

    # Assert
    assert grades == {
        "4.50": "A-",
        "4.51": "A",
        "4.00": "B",
        "4.01": "A-",
        "3.01": "B-",
        "1.00": "F",
        "1.01": "E",
        "0": "F",
        "5.00": "A",
    }


def test_pekppp_d_e_f_are_priority_for_coaching():
    # Arrange
    instrument = load_library("pekppp")

    # Act
    flagged = {band.code for band in instrument.bands if "prioritas_pembinaan" in band.flags}

    # Assert
    assert flagged == {"D", "E", "F"}


def test_pekppp_unrounded_4_505_shows_4_51_and_is_a():
    # Arrange
    instrument = load_library("pekppp")

    # Act
    just_below, on_half = grade_for(instrument, "4.5049"), grade_for(instrument, "4.505")

    # Assert: grading uses the half-up rounded value: 4.5049 -> 4.50 (A-), 4.505 -> 4.51 (A)
    assert just_below.code == "A-"
    assert on_half.code == "A"


def test_pekppp_indicators_with_secondary_weights_are_marked_provisional():
    # Arrange
    instrument = load_library("pekppp")

    # Act
    provisional = [i.ref for i in instrument.iter_indicators() if i.provisional]

    # Assert: 1-9 (Kebijakan Pelayanan) weights are from the regulation; 10-30 and F03 are not
    assert provisional == [str(n) for n in range(10, 31)] + [f"S{n}" for n in range(1, 15)]
