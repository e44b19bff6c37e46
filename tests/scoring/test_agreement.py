"""Krippendorff's alpha and the per-evaluator statistics (kinerja.scoring.engine.agreement)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.scoring.engine.agreement import (
    EvaluatorStats,
    alpha_verdict,
    evaluator_stats,
    krippendorff_alpha,
    outlier_evaluators,
    tukey_fences,
)

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the 4 coders × 12 units
# reliability data with missing values ("." is missing).
PUBLISHED = {
    "A": "1 2 3 3 2 1 4 1 2 . . .",
    "B": "1 2 3 3 2 2 4 1 2 5 . 3",
    "C": ". 3 3 3 2 3 4 2 2 5 1 .",
    "D": "1 2 3 3 2 4 4 1 2 5 1 .",
}


def published_units() -> list[dict[str, int | None]]:
    columns = {coder: row.split() for coder, row in PUBLISHED.items()}
    return [
        {coder: None if values[u] == "." else int(values[u]) for coder, values in columns.items()}
        for u in range(12)
    ]


@pytest.mark.parametrize(
    ("metric", "published", "exact"),
    [
        ("nominal", "0.743", Fraction(113, 152)),
        ("ordinal", "0.815", Fraction(108577, 133160)),
        ("interval", "0.849", Fraction(951, 1120)),
        ("ratio", "0.797", Fraction(18222619, 22852465)),
    ],
)
def test_alpha_published_example_matches(metric, published, exact):
    result = krippendorff_alpha(published_units(), metric=metric)

    assert result.alpha == exact
    assert round(Decimal(exact.numerator) / exact.denominator, 3) == Decimal(published)
    # Unit 12 has a single value (B: 3): not pairable, left out.
    assert (result.units, result.values) == (11, 40)


def test_alpha_accepts_mapping_of_units():
    units = {f"u{i}": unit for i, unit in enumerate(published_units())}

    assert krippendorff_alpha(units).alpha == Fraction(951, 1120)


def test_alpha_undefined_without_pairs_or_variation():
    assert krippendorff_alpha([{"a": 1}, {"b": 2, "c": None}]).alpha is None
    assert krippendorff_alpha([{"a": 3, "b": 3}, {"a": 3, "c": 3}]).alpha is None
    assert krippendorff_alpha([]).values == 0


def test_alpha_systematic_disagreement_is_negative():
    # Two coders who always disagree on a binary code: alpha below zero.
    units = [{"a": 0, "b": 1}, {"a": 1, "b": 0}]

    assert krippendorff_alpha(units, metric="nominal").alpha == Fraction(-1, 2)


def test_alpha_interval_takes_fractions_and_decimals():
    as_int = [{"a": 1, "b": 2}, {"a": 3, "b": 3, "c": 4}]
    as_fraction = [{k: Fraction(v, 5) for k, v in unit.items()} for unit in as_int]
    as_decimal = [{k: Decimal(v) / 5 for k, v in unit.items()} for unit in as_int]

    expected = krippendorff_alpha(as_int).alpha
    assert krippendorff_alpha(as_fraction).alpha == expected
    assert krippendorff_alpha(as_decimal).alpha == expected


def test_alpha_unknown_metric_refused():
    with pytest.raises(ValueError, match="unknown metric"):
        krippendorff_alpha([], metric="cosine")


@pytest.mark.parametrize(
    ("alpha", "verdict"),
    [
        (None, "undefined"),
        (Fraction(1), "good"),
        (Fraction(4, 5), "good"),
        (Fraction(799, 1000), "tentative"),
        (Fraction(667, 1000), "tentative"),
        (Fraction(666, 1000), "poor"),
        (Fraction(-1, 2), "poor"),
    ],
)
def test_alpha_verdict_thresholds(alpha, verdict):
    assert alpha_verdict(alpha) == verdict


# --- properties -------------------------------------------------------------------------------

CODERS = ["a", "b", "c", "d", "e"]
values_st = st.integers(min_value=0, max_value=5)
unit_st = st.dictionaries(st.sampled_from(CODERS), st.none() | values_st, max_size=5)
units_st = st.lists(unit_st, max_size=12)
metrics = st.sampled_from(["nominal", "ordinal", "interval", "ratio"])


@given(st.lists(st.tuples(values_st, st.integers(min_value=2, max_value=5)), min_size=2), metrics)
def test_alpha_perfect_agreement_is_one(rows, metric):
    units = [{CODERS[i]: value for i in range(coders)} for value, coders in rows]

    alpha = krippendorff_alpha(units, metric=metric).alpha

    if len({value for value, _ in rows}) > 1:
        assert alpha == 1
    else:
        assert alpha is None  # no variation: undefined


@given(units_st, metrics, st.permutations(CODERS), st.randoms(use_true_random=False))
def test_alpha_invariant_under_permuting_coders_and_units(units, metric, renamed, random):
    rename = dict(zip(CODERS, renamed, strict=True))
    shuffled = [{rename[c]: v for c, v in unit.items()} for unit in units]
    random.shuffle(shuffled)

    assert krippendorff_alpha(shuffled, metric=metric) == krippendorff_alpha(units, metric=metric)


@given(units_st, st.fractions(min_value=-10, max_value=10))
def test_alpha_interval_unchanged_by_adding_a_constant(units, constant):
    shifted = [{c: None if v is None else v + constant for c, v in u.items()} for u in units]

    assert krippendorff_alpha(shifted).alpha == krippendorff_alpha(units).alpha


@given(units_st, metrics)
def test_alpha_at_most_one(units, metric):
    alpha = krippendorff_alpha(units, metric=metric).alpha

    assert alpha is None or alpha <= 1


# --- evaluators against each other ------------------------------------------------------------


def test_evaluator_stats_hand_computed():
    half, one, zero = Fraction(1, 2), Fraction(1), Fraction(0)
    units = [
        {"a": one, "b": half, "c": half},  # a: +50 pp, b: -25, c: -25
        {"a": one, "b": zero},  # a: +100, b: -100
        {"a": half, "c": None},  # a alone: counted in a's mean only
    ]

    stats = evaluator_stats(units)

    a = stats["a"]
    assert (a.scored, a.mean, a.n, a.mean_deviation) == (3, Fraction(250, 3), 2, Fraction(75))
    # Sample SD of (50, 100): sqrt(1250) = 35.355…
    assert round(float(a.spread), 6) == 35.355339
    assert stats["b"].mean_deviation == Fraction(-125, 2)
    assert stats["b"].mean == 25
    assert (stats["c"].n, stats["c"].mean_deviation, stats["c"].spread) == (1, -25, None)


def test_evaluator_stats_alone_has_no_deviation():
    stats = evaluator_stats([{"a": Fraction(1, 4)}])

    assert stats == {"a": EvaluatorStats(1, Fraction(25), 0, None, None)}


def test_outliers_flag_the_lenient_evaluator():
    stats = {
        e: EvaluatorStats(10, Fraction(50), 10, Fraction(d), None)
        for e, d in {"a": -2, "b": -1, "c": 0, "d": 1, "e": 40}.items()
    }

    assert outlier_evaluators(stats) == {"e"}


def test_outliers_need_four_evaluators():
    stats = {
        e: EvaluatorStats(10, Fraction(50), 10, Fraction(d), None)
        for e, d in {"a": 0, "b": 0, "c": 90}.items()
    }
    stats["d"] = EvaluatorStats(1, Fraction(50), 0, None, None)  # nothing comparable

    assert outlier_evaluators(stats) == set()


def test_tukey_fences_type7_quartiles():
    # Q1 = 1.75, Q3 = 3.25, IQR = 1.5: fences 1.75 - 2.25 and 3.25 + 2.25.
    assert tukey_fences([Fraction(v) for v in (1, 2, 3, 4)]) == (Fraction(-1, 2), Fraction(11, 2))
    assert tukey_fences([Fraction(1)] * 3) is None
