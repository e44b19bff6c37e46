"""The engine on small instruments whose arithmetic is written out in the comments."""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction

import pytest

from kinerja.scoring import (
    Aggregation,
    ParticipantInput,
    ScoreInputError,
    grade_for,
    load_library,
    present,
    score,
    score_answers,
    score_many,
)
from tests.scoring.conftest import base_data, build_instrument, indicator, level_answer, sakip_bands


def test_score_tiny_example(tiny):
    # Arrange: a1=5 (1), a2=0 (0), b1=4 (4/5)
    values = {"f02": {"a1": 5, "a2": 0, "b1": 4}}

    # Act
    result = score(tiny, values)

    # Assert: a = 0.7*1 + 0.3*0 = 0.7; b = 0.8; total = 5 * (0.6*0.7 + 0.4*0.8) = 5 * 0.74
    assert result.total == Fraction(37, 10)
    assert result.display == "3.70"
    assert result.grade.code == "B"
    assert result.missing == ()
    assert result.nodes["a"].fraction == Fraction(7, 10)
    assert result.nodes["a"].score == Fraction(7, 2)
    assert result.nodes["b"].display == "4.00"
    assert result.components["f02"].score == Fraction(37, 10)


def test_score_points_add_up_to_total(tiny):
    # Arrange
    values = {"f02": {"a1": 5, "a2": 0, "b1": 4}}

    # Act
    result = score(tiny, values)

    # Assert: shares a1 0.42, a2 0.18, b1 0.4; points = share * fraction * 5
    assert {ref: node.share for ref, node in result.indicators.items()} == {
        "a1": Fraction(21, 50),
        "a2": Fraction(9, 50),
        "b1": Fraction(2, 5),
    }
    assert [n.points for n in result.indicators.values()] == [
        Fraction(21, 10),
        Fraction(0),
        Fraction(8, 5),
    ]
    assert sum(n.points for n in result.indicators.values()) == result.total


def test_score_evaluator_mapping_list_and_single_agree(tiny):
    # Arrange: the same answers as a mapping, a list and (means) single values
    by_evaluator = {
        "f02": {"a1": {"e1": 5, "e2": 3}, "a2": {"e1": 2, "e2": 4}, "b1": {"e1": 1, "e2": 1}}
    }
    by_position = {"f02": {"a1": [5, 3], "a2": [2, 4], "b1": [1, 1]}}

    # Act
    mapped = score(tiny, by_evaluator)
    listed = score(tiny, by_position)

    # Assert: a1 mean 4 -> 0.8; a2 mean 3 -> 0.6; b1 -> 0.2
    # a = 0.7*0.8 + 0.3*0.6 = 0.74; total = 5 * (0.6*0.74 + 0.4*0.2) = 5 * 0.524 = 2.62
    assert mapped.total == listed.total == Fraction(131, 50)
    assert mapped.display == "2.62"


def test_score_answers_uses_first_component(tiny):
    result = score_answers(tiny, {"a1": 5, "a2": 5, "b1": 5})

    assert result.total == 5
    assert result.grade.code == "A"


@pytest.mark.parametrize(
    ("method", "trim", "answers", "expected"),
    [
        ("mean", 0, [1, 2, 4, 5], Fraction(3, 5)),  # 12/4 = 3 -> 3/5
        ("median", 0, [5, 1, 4], Fraction(4, 5)),  # middle of 1, 4, 5
        ("median", 0, [1, 2, 4, 5], Fraction(3, 5)),  # (2 + 4) / 2 = 3
        ("trimmed_mean", Decimal("0.25"), [0, 3, 4, 5], Fraction(7, 10)),  # cut 1 each end: 3.5
        ("trimmed_mean", Decimal("0.25"), [0, 4, 5], Fraction(3, 5)),  # floor(0.75)=0 cut: 3
        ("trimmed_mean", Decimal("0.2"), [0, 1, 1, 1, 5], Fraction(1, 5)),  # cut 1: mean(1,1,1)
    ],
)
def test_aggregation_methods(tiny, method, trim, answers, expected):
    # Arrange
    aggregation = Aggregation(method=method, trim=trim)

    # Act
    result = score(tiny, {"f02": {"a1": answers, "a2": 0, "b1": 0}}, aggregation=aggregation)

    # Assert
    assert result.indicators["a1"].fraction == expected


def test_aggregation_by_name_and_per_component(build):
    # Arrange: the component says median; the instrument says mean
    data = base_data()
    data["components"][0]["aggregation"] = {"method": "median"}
    instrument = build(components=data["components"])
    values = {"f02": {"a1": [0, 0, 5], "a2": 0, "b1": 0}}

    # Act / Assert
    assert score(instrument, values).indicators["a1"].fraction == 0
    assert score(instrument, values, aggregation="mean").indicators["a1"].fraction == Fraction(1, 3)


def test_consensus_overrides_aggregate_and_keeps_individual_scores(tiny):
    # Arrange: evaluators gave 5 and 3 (mean 4); the plenary agreed on 2
    values = {"f02": {"a1": {"e1": 5, "e2": 3}, "a2": 5, "b1": 5}}
    consensus = {"f02": {"a1": 2}}

    # Act
    result = score(tiny, values, consensus=consensus)

    # Assert: a = 0.7*0.4 + 0.3*1 = 0.58; total = 5 * (0.6*0.58 + 0.4) = 3.74
    assert result.indicators["a1"].fraction == Fraction(2, 5)
    assert result.total == Fraction(187, 50)
    a1 = result.explain()["components"][0]["children"][0]["children"][0]
    assert a1["aggregate"] == "0.800000"
    assert a1["consensus"] == {"raw": "2", "fraction": "0.400000"}
    assert [v["raw"] for v in a1["values"]] == ["5", "3"]


def test_missing_zero_counts_missing_as_zero(tiny):
    # Act
    result = score(tiny, {"f02": {"a1": 5, "b1": 4}})

    # Assert: as if a2 = 0 -> 3.70, and a2 is listed
    assert result.total == Fraction(37, 10)
    assert result.missing == ("a2",)
    assert result.indicators["a2"].fraction == 0


def test_missing_reweight_renormalises_siblings(build):
    # Arrange
    instrument = build(missing="reweight")

    # Act
    result = score(instrument, {"f02": {"a1": 5, "b1": 4}})

    # Assert: a = a1 alone = 1; total = 5 * (0.6*1 + 0.4*0.8) = 4.6; a2's share goes to a1
    assert result.total == Fraction(23, 5)
    assert result.grade.code == "A"
    assert result.missing == ("a2",)
    assert result.indicators["a1"].share == Fraction(3, 5)
    assert result.indicators["a2"].share == 0
    assert result.indicators["a2"].fraction is None
    assert sum(n.points or 0 for n in result.indicators.values()) == result.total


def test_missing_reweight_whole_aspect_missing(build):
    # Arrange
    instrument = build(missing="reweight")

    # Act
    result = score(instrument, {"f02": {"b1": 4}})

    # Assert: only b counts: 5 * 0.8 = 4
    assert result.total == 4
    assert result.missing == ("a1", "a2")
    assert result.nodes["a"].fraction is None
    assert result.nodes["b"].share == 1


def test_missing_no_result_gives_no_total(build):
    # Arrange
    instrument = build(missing="no_result")

    # Act
    result = score(instrument, {"f02": {"a1": 5, "b1": 4}})

    # Assert
    assert (result.total, result.display, result.grade) == (None, "", None)
    assert result.missing == ("a2",)
    assert result.nodes["a"].fraction is None
    assert result.nodes["b"].fraction == Fraction(4, 5)
    assert result.explain()["missing"] == ["a2"]


def test_zero_weight_component_is_computed_but_not_counted(build):
    # Arrange: a survey component with weight 0 next to the evaluator component
    data = base_data()
    components = [
        *data["components"],
        {"code": "f03", "name": "Survei", "weight": 0, "source": "survey"},
    ]
    aspects = [
        *data["aspects"],
        {
            "ref": "s",
            "name": "Survei",
            "weight": 100,
            "component": "f03",
            "indicators": [indicator("s1", 100)],
        },
    ]
    instrument = build(components=components, aspects=aspects)

    # Act
    with_survey = score(instrument, {"f02": {"a1": 5, "a2": 0, "b1": 4}, "f03": {"s1": [5, 0]}})
    without = score(instrument, {"f02": {"a1": 5, "a2": 0, "b1": 4}})

    # Assert
    assert with_survey.total == without.total == Fraction(37, 10)
    assert with_survey.components["f03"].display == "2.50"
    assert with_survey.components["f03"].share == 0
    assert without.components["f03"].fraction is None
    assert without.missing == ()


def _round_instrument(**changes):
    # Scale 0-100. desk (weight 70): d1 points 0-100; field (weight 30): f1 points 0-100;
    # adm (weight 0): gate, yes/no. Rounds: r0 [adm] 0, r1 [desk] 40, r2 [field] 60.
    points = {"type": "points", "max": 100}
    data = {
        "scale": {"min": 0, "max": 100},
        "components": [
            {"code": "adm", "name": "Administrasi", "weight": 0},
            {"code": "desk", "name": "Desk", "weight": 70},
            {"code": "field", "name": "Lapangan", "weight": 30},
        ],
        "aspects": [
            {
                "ref": "A",
                "name": "Adm",
                "weight": 100,
                "component": "adm",
                "indicators": [indicator("A1", 100, {"type": "yes_no"})],
            },
            {
                "ref": "D",
                "name": "Desk",
                "weight": 100,
                "component": "desk",
                "indicators": [indicator("D1", 100, points)],
            },
            {
                "ref": "F",
                "name": "Lapangan",
                "weight": 100,
                "component": "field",
                "indicators": [indicator("F1", 100, points)],
            },
        ],
        "bands": sakip_bands(),
        "rounds": [
            {"code": "r0", "name": "Seleksi", "components": ["adm"], "weight": 0, "passing": 100},
            {"code": "r1", "name": "Desk", "components": ["desk"], "weight": 40, "advance": 2},
            {"code": "r2", "name": "Lapangan", "components": ["field"], "weight": 60},
        ],
    }
    data.update(changes)
    return build_instrument(**data)


def test_rounds_blend_by_round_weight():
    # Arrange
    instrument = _round_instrument()
    values = {"adm": {"A1": "Y"}, "desk": {"D1": 80}, "field": {"F1": 50}}

    # Act
    result = score(instrument, values)

    # Assert: (40*80 + 60*50) / 100 = 62; the gate round scores 100 and counts nothing
    assert result.total == 62
    assert result.rounds["r0"].score == 100
    assert result.rounds["r0"].share == 0
    assert result.rounds["r1"].score == 80
    assert result.rounds["r2"].share == Fraction(3, 5)


def test_upto_round_counts_rounds_so_far():
    # Arrange
    instrument = _round_instrument()
    values = {"adm": {"A1": "Y"}, "desk": {"D1": 80}}

    # Act
    result = score(instrument, values, upto_round="r1")

    # Assert: only r1 counts; round 2 (not reached yet) is not missing
    assert result.total == 80
    assert result.missing == ()
    assert result.explain()["upto_round"] == "r1"


def test_upto_round_unknown_is_an_error():
    with pytest.raises(ScoreInputError) as caught:
        score(_round_instrument(), {}, upto_round="r9")
    assert caught.value.errors == ["babak 'r9' tidak dikenal; yang ada: r0, r1, r2"]


def test_nested_points_weights_like_sakip(build):
    # Arrange: component 30 points = 6 + 9 + 15; each sub-component averages its criteria
    sub = lambda ref, weight, n: {  # noqa: E731
        "ref": ref,
        "name": ref,
        "weight": weight,
        "weights": "relative",
        "indicators": [indicator(f"{ref}.{i}", 1, {"type": "yes_no"}) for i in range(1, n + 1)],
    }
    aspects = [
        {
            "ref": "1",
            "name": "Perencanaan",
            "weight": 30,
            "weights": "points",
            "aspects": [sub("1.a", 6, 2), sub("1.b", 9, 3), sub("1.c", 15, 1)],
        },
        {
            "ref": "2",
            "name": "Lainnya",
            "weight": 70,
            "indicators": [indicator("2.1", 100, {"type": "yes_no"})],
        },
    ]
    instrument = build(aspects=aspects, scale={"min": 0, "max": 100}, bands=sakip_bands())
    values = {
        "f02": {
            "1.a.1": "Y",
            "1.a.2": "T",
            "1.b.1": "Y",
            "1.b.2": "Y",
            "1.b.3": "T",
            "1.c.1": "Y",
            "2.1": "T",
        }
    }

    # Act
    result = score(instrument, values)

    # Assert: 6*1/2 + 9*2/3 + 15*1 + 70*0 = 3 + 6 + 15 = 24
    assert result.total == 24
    assert result.nodes["1"].score == 80  # 24 of 30
    assert result.grade.code == "D"


def test_pekppp_ipp_formula_from_regulation():
    # Arrange: PEKPPP F02 with two evaluators per indicator, random levels
    instrument = load_library("pekppp")
    rng = random.Random(7)
    answers = {
        i.ref: [rng.randint(0, 5), rng.randint(0, 5)] for i in instrument.iter_indicators("f02")
    }

    # Act
    result = score(instrument, {"f02": answers})

    # Assert: IPP = sum over aspects (aspect% * sum(level/5 * indicator weight) / 100) * 5
    expected = Fraction(0)
    for aspect in instrument.top_aspects("f02"):
        percent = sum(
            Fraction(sum(answers[i.ref]), 2) / 5 * Fraction(i.weight) for i in aspect.indicators
        )
        expected += Fraction(aspect.weight) / 100 * percent / 100
    assert result.total == expected * 5


def test_sakip_total_is_sum_of_criterion_shares_times_weights():
    # Arrange
    instrument = load_library("sakip")
    rng = random.Random(11)
    answers = {}
    for i in instrument.iter_indicators():
        answers[i.ref] = rng.choice(["Y", "T"]) if i.answer.type == "yes_no" else rng.choice("ABCD")

    # Act
    result = score(instrument, {"lke": answers})

    # Assert: each sub-component contributes weight * (sum of criterion scores / count)
    expected = Fraction(0)
    for component in instrument.aspects:
        for sub in component.aspects:
            scores = [i.normalise(answers[i.ref]) for i in sub.indicators]
            expected += Fraction(sub.weight) * sum(scores) / len(scores)
    assert result.total == expected


def _skm_like():
    elements = [indicator(f"U{n}", 1, level_answer(1, 4)) for n in range(1, 10)]
    return build_instrument(
        scale={"min": 0, "max": 100},
        aspects=[
            {
                "ref": "u",
                "name": "Unsur",
                "weight": 100,
                "weights": "relative",
                "indicators": elements,
            }
        ],
        bands=[
            {"code": "A", "label": "Sangat Baik", "min": Decimal("88.31"), "max": 100},
            {"code": "B", "label": "Baik", "min": Decimal("76.61"), "max": Decimal("88.30")},
            {"code": "C", "label": "Kurang Baik", "min": 65, "max": Decimal("76.60")},
            {"code": "D", "label": "Tidak Baik", "min": 0, "max": Decimal("64.99")},
        ],
        missing="no_result",
    )


def test_skm_ikm_identity_with_exact_one_ninth():
    # Arrange: 17 respondents answer nine elements 1-4
    instrument = _skm_like()
    rng = random.Random(3)
    answers = {f"U{n}": [rng.randint(1, 4) for _ in range(17)] for n in range(1, 10)}

    # Act
    result = score(instrument, {"f02": answers})

    # Assert: IKM = sum(NRR * 1/9) * 25 exactly; with 0.111 instead of 1/9 it differs
    nrr = [Fraction(sum(v), len(v)) for v in answers.values()]
    assert result.total == sum(n * Fraction(1, 9) for n in nrr) * 25
    assert result.total != sum(n * Fraction("0.111") for n in nrr) * 25


def test_skm_all_four_is_100_and_all_one_is_25():
    instrument = _skm_like()
    best = score(instrument, {"f02": {f"U{n}": [4, 4] for n in range(1, 10)}})
    worst = score(instrument, {"f02": {f"U{n}": [1] for n in range(1, 10)}})

    assert (best.display, best.grade.code) == ("100.00", "A")
    assert (worst.display, worst.grade.code) == ("25.00", "D")


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (Fraction(3865, 1000), 2, "3.87"),
        (Fraction(-3865, 1000), 2, "-3.87"),
        (Fraction(1, 3), 2, "0.33"),
        (Fraction(2, 3), 0, "1"),
        (Fraction(5, 2), 0, "3"),
        (Decimal("0.005"), 2, "0.01"),
        (Decimal("0.0049999"), 2, "0.00"),
        (0, 2, "0.00"),
        ("80.005", 2, "80.01"),
    ],
)
def test_present_rounds_half_up_once(value, decimals, text):
    assert present(value, decimals) == text


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("80.00", "BB"),
        ("80.01", "A"),
        ("90.00", "A"),
        ("90.01", "AA"),
        ("30.00", "D"),
        ("30.01", "C"),
        ("0", "D"),
        ("100", "AA"),
        (Decimal("80.004"), "BB"),
        (Decimal("80.005"), "A"),
        (Fraction(160009, 2000), "BB"),  # 80.0045 shows as 80.00
    ],
)
def test_grade_for_sakip_bands_with_exclusive_lower_bounds(value, code, build):
    instrument = build(scale={"min": 0, "max": 100}, bands=sakip_bands())
    assert grade_for(instrument, value).code == code


@pytest.mark.parametrize(
    ("value", "code"),
    [("4.50", "A-"), ("4.51", "A"), ("4.505", "A"), ("4.504", "A-"), ("4.00", "B"), ("2.00", "F")],
)
def test_grade_for_ipp_bands_inclusive(tiny, value, code):
    assert grade_for(tiny, value).code == code


@pytest.mark.parametrize(
    ("answer", "display", "code"), [(80004, "80.00", "BB"), (80005, "80.01", "A")]
)
def test_result_is_graded_on_rounded_total(build, answer, display, code):
    # Arrange: one points answer out of 100000 gives the total exactly (0-100 scale)
    aspects = [
        {
            "ref": "a",
            "name": "A",
            "weight": 100,
            "indicators": [indicator("a1", 100, {"type": "points", "max": 100000})],
        }
    ]
    instrument = build(scale={"min": 0, "max": 100}, aspects=aspects, bands=sakip_bands())

    # Act
    result = score(instrument, {"f02": {"a1": answer}})

    # Assert
    assert result.total == Fraction(answer, 1000)
    assert (result.display, result.grade.code) == (display, code)


def _zscore_instrument():
    aspects = [
        {
            "ref": "a",
            "name": "A",
            "weight": 100,
            "indicators": [indicator("x", 100, level_answer(0, 4))],
        }
    ]
    return build_instrument(
        scale={"min": 0, "max": 100},
        aspects=aspects,
        bands=sakip_bands(),
        aggregation={"method": "mean", "zscore": True},
    )


SQRT2 = Fraction(Decimal("1.414213562373095048801688724"))  # sqrt(2) to 28 digits


def test_zscore_standardises_each_evaluator_over_the_batch():
    # Arrange: e1 gave P 4 (1), Q 2 (1/2); e2 gave P 2 (1/2), Q 0 (0)
    instrument = _zscore_instrument()
    participants = {
        "P": {"f02": {"x": {"e1": 4, "e2": 2}}},
        "Q": {"f02": {"x": {"e1": 2, "e2": 0}}},
    }

    # Act
    results = score_many(instrument, participants)

    # Assert: mean_all 1/2, var_all 1/8; each evaluator var 1/16 -> ratio sqrt(2) (28 digits)
    # P: 1/2 + (1 - 3/4) * sqrt2 for e1 and 1/2 + (1/2 - 1/4) * sqrt2 for e2
    assert results["P"].total == 100 * (Fraction(1, 2) + SQRT2 / 4)
    assert results["Q"].total == 100 * (Fraction(1, 2) - SQRT2 / 4)
    assert results["P"].display == "85.36"


def test_zscore_is_deterministic_and_order_free():
    # Arrange
    instrument = _zscore_instrument()
    rng = random.Random(5)
    participants = {
        f"P{k}": {"f02": {"x": {e: rng.randint(0, 4) for e in ("e1", "e2", "e3")}}}
        for k in range(12)
    }
    reversed_order = dict(reversed(list(participants.items())))

    # Act
    first = score_many(instrument, participants)
    second = score_many(instrument, reversed_order)

    # Assert
    assert {k: r.total for k, r in first.items()} == {k: r.total for k, r in second.items()}
    assert list(second) == list(reversed_order)


def test_zscore_flat_evaluator_is_shifted_and_scores_are_clamped():
    # Arrange: e1 gives 2 (1/2) everywhere; e2 gives P 4, Q 0
    instrument = _zscore_instrument()
    participants = {
        "P": {"f02": {"x": {"e1": 2, "e2": 4}}},
        "Q": {"f02": {"x": {"e1": 2, "e2": 0}}},
    }

    # Act
    results = score_many(instrument, participants)

    # Assert: e1 mean 1/2 = mean_all, so shifted by 0; e2 ratio sqrt(1/8 / 1/4) = sqrt(1/2)
    values = results["P"].explain()["components"][0]["children"][0]["children"][0]["values"]
    assert [v["adjusted"] for v in values] == ["0.500000", "0.853553"]
    # Clamp: a steep evaluator's extreme score cannot leave [0, 1]
    steep = {"P": {"f02": {"x": {"e1": 4, "e2": 0}}}, "Q": {"f02": {"x": {"e1": 3, "e2": 4}}}}
    adjusted = [
        v["adjusted"]
        for r in score_many(instrument, steep).values()
        for v in r.explain()["components"][0]["children"][0]["children"][0]["values"]
    ]
    assert adjusted[0] == "1.000000"
    assert all("0.000000" <= a <= "1.000000" for a in adjusted)


def test_score_many_fast_path_equals_general_path(tiny):
    # Arrange
    rng = random.Random(1)
    participants = {
        k: {
            "f02": {
                ref: {e: rng.randint(0, 5) for e in ("e1", "e2", "e3")}
                for ref in ("a1", "a2", "b1")
            }
        }
        for k in range(40)
    }

    # Act
    many = score_many(tiny, participants)

    # Assert
    for key, values in participants.items():
        single = score(tiny, values)
        assert many[key] == single
        assert many[key].nodes == single.nodes
        assert many[key].indicators == single.indicators


def test_score_many_detail_is_not_affected_by_later_input_changes(tiny):
    # Arrange
    values = {"f02": {"a1": {"e1": 5}, "a2": [0], "b1": 4}}
    results = score_many(tiny, {"P": ParticipantInput(values)})

    # Act: the caller reuses its dicts before reading the detail
    values["f02"]["a1"]["e1"] = 0
    values["f02"]["a2"].append(5)

    # Assert
    assert results["P"].indicators["a1"].fraction == 1
    assert results["P"].nodes["a"].fraction == Fraction(7, 10)


def test_score_many_with_consensus_and_missing(tiny):
    # Arrange
    participants = {
        "full": ParticipantInput({"f02": {"a1": 5, "a2": 5, "b1": 5}}),
        "plenary": ParticipantInput(
            {"f02": {"a1": 5, "a2": 5, "b1": 5}}, consensus={"f02": {"b1": 0}}
        ),
        "partial": {"f02": {"a1": 5}},
    }

    # Act
    results = score_many(tiny, participants)

    # Assert: plenary total = 5 * 0.6 = 3; partial = 5 * 0.6 * 0.7 = 2.1
    assert [r.display for r in results.values()] == ["5.00", "3.00", "2.10"]
    assert results["partial"].missing == ("a2", "b1")


def test_score_errors_name_ref_and_evaluator(tiny):
    # Arrange
    values = {
        "f02": {"a1": {"e1": 5, "e2": 7}, "zz": 1, "b1": 2.5},
        "f09": {},
    }

    # Act
    with pytest.raises(ScoreInputError) as caught:
        score(tiny, values)

    # Assert
    assert caught.value.errors == [
        "a1 [penilai e2]: nilai 7 bukan level yang sah; harus level 0-5",
        "zz: indikator tidak dikenal",
        "b1: nilai 2.5 bukan level; harus level 0-5",
        "komponen 'f09' tidak dikenal; yang ada: f02",
    ]


def test_score_many_errors_name_participant(tiny):
    with pytest.raises(ScoreInputError) as caught:
        score_many(tiny, {"P1": {"f02": {"a1": 9}}})
    assert caught.value.errors == ["peserta P1: a1: nilai 9 bukan level yang sah; harus level 0-5"]


def test_explain_is_a_complete_json_tree(tiny):
    # Arrange
    import json

    result = score(tiny, {"f02": {"a1": {"e1": 5, "e2": 4}, "a2": 0, "b1": 4}})

    # Act
    tree = result.explain()

    # Assert
    json.dumps(tree)  # JSON-ready
    assert tree["instrument"] == "uji@1"
    assert tree["total"] == "3.49"
    assert tree["total_exact"] == "349/100"
    assert tree["grade"] == {"code": "B", "label": "Baik", "flags": []}
    assert tree["blend"] == {
        "by": "components",
        "parts": [
            {
                "code": "f02",
                "weight": "100",
                "share": "1.000000",
                "fraction": "0.698000",
                "score": "3.490000",
                "display": "3.49",
            }
        ],
    }
    a = tree["components"][0]["children"][0]
    assert (a["ref"], a["weight"], a["share"], a["fraction"], a["weights"]) == (
        "a",
        "60",
        "0.600000",
        "0.630000",
        "percent",
    )
    a1 = a["children"][0]
    assert a1 == {
        "kind": "indicator",
        "ref": "a1",
        "name": "Indikator a1",
        "weight": "70",
        "share": "0.420000",
        "fraction": "0.900000",
        "score": "4.500000",
        "points": "1.890000",
        "display": "4.50",
        "answer_type": "level",
        "values": [
            {"evaluator": "e1", "raw": "5", "fraction": "1.000000"},
            {"evaluator": "e2", "raw": "4", "fraction": "0.800000"},
        ],
        "aggregation": {"method": "mean", "trim": "0", "zscore": False},
        "aggregate": "0.900000",
        "consensus": None,
        "missing": False,
    }


def test_text_indicator_is_recorded_not_scored(build):
    # Arrange
    data = base_data()
    data["aspects"][1]["indicators"].append(indicator("b2", 0, {"type": "text"}))
    instrument = build(aspects=data["aspects"])

    # Act
    result = score(instrument, {"f02": {"a1": 5, "a2": 5, "b1": 5, "b2": "Perlu perbaikan toilet"}})

    # Assert
    assert result.total == 5
    assert result.indicators["b2"].fraction is None
    assert result.missing == ()


def test_numeric_ref_keys_mean_the_text_refs(build):
    # Arrange: refs "1" and "2" given as numbers by a caller
    aspects = [
        {
            "ref": "a",
            "name": "A",
            "weight": 100,
            "indicators": [indicator("1", 50), indicator("2", 50)],
        }
    ]
    instrument = build(aspects=aspects)

    # Act
    result = score(instrument, {"f02": {1: 5, 2: 0}})

    # Assert: 5 * (0.5 * 1 + 0.5 * 0)
    assert result.total == Fraction(5, 2)
