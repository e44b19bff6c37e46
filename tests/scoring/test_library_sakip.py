"""SAKIP evaluation (PermenPANRB 88/2021): shipped LKE, exclusive grade bounds, hand examples.

``sakip@2026.1`` (the shipped default) answers every criterion on the LKE letter scale
AA/A/BB/B/CC/C/D/E = 100/90/80/70/60/50/30/0 % of its weight; ``sakip@2024.1`` (Y/T and A–D)
stays for the governments that use it."""

from __future__ import annotations

from fractions import Fraction

from kinerja.scoring import grade_for, library_dir, load_instrument_file, load_library, score
from kinerja.scoring.model.answers import ChoiceAnswer, YesNoAnswer

SUB_POINTS = {
    "1": ["6", "9", "15"],
    "2": ["6", "9", "15"],
    "3": ["3", "4.5", "7.5"],
    "4": ["5", "7.5", "12.5"],
}


def criteria(instrument, sub_ref):
    return [indicator.ref for indicator in instrument.node(sub_ref).indicators]


def uniform(instrument, by_kind):
    """Answers giving every criterion of Pemenuhan/Kualitas/Pemanfaatan the same answer."""
    answers = {}
    for component in SUB_POINTS:
        for letter, kind in zip("abc", ("pemenuhan", "kualitas", "pemanfaatan"), strict=True):
            for ref in criteria(instrument, f"{component}.{letter}"):
                answers[ref] = by_kind[kind]
    return answers


def test_sakip_file_validates_with_components_and_sub_components():
    # Arrange
    path = library_dir() / "sakip.yaml"

    # Act
    instrument = load_instrument_file(path)

    # Assert: 30/30/15/25, each split 20/30/50 in points that sum to the parent
    tops = instrument.top_aspects("lke")
    assert [(a.ref, str(a.weight)) for a in tops] == [
        ("1", "30"),
        ("2", "30"),
        ("3", "15"),
        ("4", "25"),
    ]
    assert [a.name for a in tops] == [
        "Perencanaan Kinerja",
        "Pengukuran Kinerja",
        "Pelaporan Kinerja",
        "Evaluasi Akuntabilitas Kinerja Internal",
    ]
    for top in tops:
        assert top.weights == "points"
        assert [str(sub.weight) for sub in top.aspects] == SUB_POINTS[top.ref]


def test_sakip_criteria_answer_types_per_sub_component():
    # Arrange
    instrument = load_library("sakip", "2024.1")

    # Act
    subs = [sub for top in instrument.top_aspects("lke") for sub in top.aspects]

    # Assert: Pemenuhan Y/T, Kualitas and Pemanfaatan A/B/C/D = 1/0.66/0.33/0; 3-6 criteria
    for sub in subs:
        assert 3 <= len(sub.indicators) <= 6, sub.ref
        for indicator in sub.indicators:
            if sub.ref.endswith(".a"):
                assert isinstance(indicator.answer, YesNoAnswer), indicator.ref
            else:
                assert isinstance(indicator.answer, ChoiceAnswer), indicator.ref
                values = {o.key: str(o.value) for o in indicator.answer.options}
                assert values == {"A": "1", "B": "0.66", "C": "0.33", "D": "0"}


def test_sakip_grade_boundaries_have_exclusive_lower_bounds():
    # Arrange
    instrument = load_library("sakip", "2024.1")
    values = ["80.00", "80.01", "90.00", "90.01", "30.00", "30.01", "0", "100", "50.00", "50.01"]

    # Act
    grades = {value: grade_for(instrument, value).code for value in values}

    # Assert
    assert grades == {
        "80.00": "BB",
        "80.01": "A",
        "90.00": "A",
        "90.01": "AA",
        "30.00": "D",
        "30.01": "C",
        "0": "D",
        "100": "AA",
        "50.00": "C",
        "50.01": "CC",
    }


def test_sakip_full_example_matches_hand_computation():
    # Arrange: one answer per criterion, as an evaluator fills the LKE
    instrument = load_library("sakip", "2024.1")
    answers = {
        # 1.a six criteria: 5 of 6 Y
        "1.a.1": "Y", "1.a.2": "Y", "1.a.3": "Y", "1.a.4": "Y", "1.a.5": "Y", "1.a.6": "T",
        "1.b.1": "A", "1.b.2": "A", "1.b.3": "B", "1.b.4": "B", "1.b.5": "C",
        "1.c.1": "A", "1.c.2": "B", "1.c.3": "B", "1.c.4": "C", "1.c.5": "D",
        "2.a.1": "Y", "2.a.2": "Y", "2.a.3": "Y", "2.a.4": "T",
        "2.b.1": "A", "2.b.2": "B", "2.b.3": "B", "2.b.4": "B",
        "2.c.1": "B", "2.c.2": "B", "2.c.3": "C", "2.c.4": "C",
        "3.a.1": "Y", "3.a.2": "Y", "3.a.3": "Y", "3.a.4": "Y",
        "3.b.1": "A", "3.b.2": "A", "3.b.3": "B", "3.b.4": "C",
        "3.c.1": "B", "3.c.2": "B", "3.c.3": "B",
        "4.a.1": "Y", "4.a.2": "Y", "4.a.3": "T",
        "4.b.1": "B", "4.b.2": "C", "4.b.3": "C",
        "4.c.1": "C", "4.c.2": "C", "4.c.3": "D",
    }  # fmt: skip

    # Act
    result = score(instrument, {"lke": answers})

    # Assert, by hand (sub-component points * mean of its criteria):
    # 1.a 6 * 5/6 = 5;  1.b 9 * (1+1+.66+.66+.33)/5 = 9 * .73 = 6.57
    # 1.c 15 * (1+.66+.66+.33+0)/5 = 15 * .53 = 7.95          -> Perencanaan 19.52
    # 2.a 6 * 3/4 = 4.5; 2.b 9 * (1+.66*3)/4 = 9 * .745 = 6.705
    # 2.c 15 * (.66*2+.33*2)/4 = 15 * .495 = 7.425            -> Pengukuran 18.63
    # 3.a 3 * 4/4 = 3;   3.b 4.5 * (1+1+.66+.33)/4 = 4.5 * .7475 = 3.36375
    # 3.c 7.5 * .66 = 4.95                                    -> Pelaporan 11.31375
    # 4.a 5 * 2/3 = 10/3; 4.b 7.5 * (.66+.33+.33)/3 = 7.5 * .44 = 3.3
    # 4.c 12.5 * (.33+.33+0)/3 = 12.5 * .22 = 2.75            -> Evaluasi 10/3 + 6.05
    # total = 19.52 + 18.63 + 11.31375 + 6.05 + 10/3 = 55.51375 + 10/3 = 58.8470833… -> 58.85 CC
    assert result.nodes["1"].points == Fraction("19.52")
    assert result.nodes["2"].points == Fraction("18.63")
    assert result.nodes["3"].points == Fraction("11.31375")
    assert result.nodes["4"].points == Fraction("6.05") + Fraction(10, 3)
    assert result.total == Fraction("55.51375") + Fraction(10, 3)
    assert result.display == "58.85"
    assert result.grade.code == "CC"
    assert result.grade.label == "Cukup (Memadai)"


def test_sakip_pemenuhan_y_kualitas_b_pemanfaatan_c_gives_56_30():
    # Arrange
    instrument = load_library("sakip", "2024.1")
    answers = uniform(instrument, {"pemenuhan": "Y", "kualitas": "B", "pemanfaatan": "C"})

    # Act
    result = score(instrument, {"lke": answers})

    # Assert: 20 % * 1 + 30 % * .66 + 50 % * .33 = 20 + 19.8 + 16.5 = 56.3 -> 56.30 CC
    assert result.total == Fraction("56.3")
    assert result.display == "56.30"
    assert result.grade.code == "CC"


def test_sakip_engine_total_of_exactly_80_is_bb():
    # Arrange: everything A/Y except 1.c all D (-15) and 4.a all T (-5)
    instrument = load_library("sakip", "2024.1")
    answers = uniform(instrument, {"pemenuhan": "Y", "kualitas": "A", "pemanfaatan": "A"})
    answers.update(dict.fromkeys(criteria(instrument, "1.c"), "D"))
    answers.update(dict.fromkeys(criteria(instrument, "4.a"), "T"))

    # Act
    result = score(instrument, {"lke": answers})

    # Assert: 100 - 15 - 5 = 80 exactly -> 80.00, lower bound of A is exclusive -> BB
    assert result.total == 80
    assert result.display == "80.00"
    assert result.grade.code == "BB"


def test_sakip_engine_total_just_above_80_is_a():
    # Arrange: as above but one 4.a criterion Y
    instrument = load_library("sakip", "2024.1")
    answers = uniform(instrument, {"pemenuhan": "Y", "kualitas": "A", "pemanfaatan": "A"})
    answers.update(dict.fromkeys(criteria(instrument, "1.c"), "D"))
    answers.update(dict.fromkeys(criteria(instrument, "4.a"), "T"))
    answers["4.a.1"] = "Y"

    # Act
    result = score(instrument, {"lke": answers})

    # Assert: 4.a = 1/3, so it loses 5 * 2/3 = 10/3; 100 - 15 - 10/3 = 81.666… -> 81.67 A
    assert result.total == 100 - 15 - Fraction(10, 3)
    assert result.display == "81.67"
    assert result.grade.code == "A"


LKE = {"AA": 100, "A": 90, "BB": 80, "B": 70, "CC": 60, "C": 50, "D": 30, "E": 0}


def test_the_default_sakip_answers_every_criterion_on_the_lke_letter_scale():
    instrument = load_library("sakip")
    assert instrument.version == "2026.1"
    subs = [sub for top in instrument.top_aspects("lke") for sub in top.aspects]
    assert len(subs) == 12
    for sub in subs:
        assert sub.indicators, sub.ref
        for indicator in sub.indicators:
            assert isinstance(indicator.answer, ChoiceAnswer), indicator.ref
            values = {o.key: int(o.value) for o in indicator.answer.options}
            assert values == LKE, indicator.ref


def test_every_letter_scores_its_percentage_of_the_criterion_weight():
    instrument = load_library("sakip")
    refs = [i.ref for i in instrument.iter_indicators("lke")]
    grades = {}
    for letter, percent in LKE.items():
        result = score(instrument, {"lke": dict.fromkeys(refs, letter)})
        assert result.total == percent, letter
        grades[letter] = result.grade.code
    # Exclusive lower bounds: 90 is A, 80 is BB, 30 is D.
    assert grades == {
        "AA": "AA", "A": "A", "BB": "BB", "B": "B", "CC": "CC", "C": "C", "D": "D", "E": "D",
    }  # fmt: skip


def test_lke_letters_mix_by_sub_component_points_exactly():
    instrument = load_library("sakip")
    answers = {}
    for component in SUB_POINTS:
        for letter, answer in zip("abc", ("AA", "BB", "C"), strict=True):
            for ref in criteria(instrument, f"{component}.{letter}"):
                answers[ref] = answer
    # One criterion of 1.a (6 points, 6 criteria) marked E: 1.a = 6 × 5/6 = 5.
    answers["1.a.6"] = "E"
    result = score(instrument, {"lke": answers})
    # 20 % × 1 + 30 % × 0.8 + 50 % × 0.5 = 69 over the whole, less 1 point of 1.a
    assert result.total == Fraction(68)
    assert result.display == "68.00"
    assert result.grade.code == "B"


def test_just_above_80_is_a_on_the_letter_scale():
    instrument = load_library("sakip")
    refs = [i.ref for i in instrument.iter_indicators("lke")]
    answers = dict.fromkeys(refs, "BB")  # exactly 80: BB
    assert score(instrument, {"lke": answers}).grade.code == "BB"
    answers["1.a.1"] = "AA"  # + 6 × 1/6 × 0.2 = 0.2
    result = score(instrument, {"lke": answers})
    assert result.total == Fraction("80.2") and result.grade.code == "A"
