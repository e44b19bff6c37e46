"""Ranking (1, 2, 2, 4), tie-breakers, awards and round passing."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from kinerja.scoring import score
from kinerja.scoring.engine.ranking import (
    advancement,
    advancement_within,
    awards_for,
    passed_round,
    rank,
    rank_within,
    tie_break_values,
)
from tests.scoring.conftest import base_data, build_instrument


def test_rank_competition_style_shares_and_skips():
    # Arrange
    entries = [("a", 90, ()), ("b", 85, ()), ("c", 85, ()), ("d", 70, ())]

    # Act / Assert
    assert rank(entries) == {"a": 1, "b": 2, "c": 2, "d": 4}


def test_rank_within_ranks_each_category_from_one_with_its_own_ties():
    # Arrange: kabupaten a, b tie at 85; kota c, d, e with a tie below the top
    entries = [("a", 85, ()), ("b", 85, ()), ("c", 90, ()), ("d", 70, ()), ("e", 70, ())]
    entries += [("f", 95, ()), ("g", None, ())]
    categories = {"a": "kabupaten", "b": "kabupaten", "c": "kota", "d": "kota", "e": "kota"}

    # Act
    ranks = rank_within(entries, categories)

    # Assert: f and g have no category (the group ""); g has no total and is not ranked
    assert ranks == {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2, "f": 1}


def test_rank_within_one_category_is_rank():
    # Arrange
    entries = [("a", 90, (1,)), ("b", 90, (2,)), ("c", 80, ()), ("d", 80, ())]

    # Act / Assert
    assert rank_within(entries, {}) == rank(entries) == {"b": 1, "a": 2, "c": 3, "d": 3}
    assert rank_within(entries, {}, {"c": 1}) == rank(entries, {"c": 1})


def test_rank_compares_exact_values_of_mixed_types():
    # Arrange: 85.005 and 85.004 both show 85.00 (2 dp) but are not equal
    entries = [("x", Decimal("85.004"), ()), ("y", "85.005", ()), ("z", Fraction(17001, 200), ())]

    # Act / Assert
    assert rank(entries) == {"y": 1, "z": 1, "x": 3}


def test_rank_tie_breakers_decide_equal_totals_in_order():
    # Arrange: b and c tie on total; c has the higher first tie-breaker
    entries = [
        ("a", 80, (50, 1)),
        ("b", 80, (40, 9)),
        ("c", 80, (45, 0)),
        ("d", 80, (40, 9)),
        ("e", 60, (99, 99)),
    ]

    # Act / Assert
    assert rank(entries) == {"a": 1, "c": 2, "b": 3, "d": 3, "e": 5}


def test_rank_leaves_out_entries_without_total_and_puts_missing_breakers_last():
    entries = [("a", None, ()), ("b", 70, (None,)), ("c", 70, (Fraction(1, 2),))]

    assert rank(entries) == {"c": 1, "b": 2}


def _competition():
    data = base_data()
    components = [
        {"code": "desk", "name": "Desk", "weight": 70},
        {"code": "field", "name": "Lapangan", "weight": 30},
    ]
    aspects = [
        {**data["aspects"][0], "component": "desk", "weight": 100},
        {**data["aspects"][1], "component": "field", "weight": 100},
    ]
    return build_instrument(
        components=components,
        aspects=aspects,
        ranking={"tie_breakers": [{"component": "field"}, {"aspect": "a1"}]},
        awards=[
            {"code": "juara-1", "label": "Juara I", "rank": 1},
            {"code": "juara-2", "label": "Juara II", "rank": 2},
            {"code": "top-3", "label": "3 Terbaik", "top": 3},
        ],
        rounds=[
            {"code": "desk", "name": "Desk", "components": ["desk"], "weight": 70, "passing": 3},
            {"code": "lapang", "name": "Lapangan", "components": ["field"], "weight": 30},
        ],
    )


def test_tie_break_values_read_component_and_node_scores():
    # Arrange
    instrument = _competition()
    result = score(instrument, {"desk": {"a1": 4, "a2": 2}, "field": {"b1": 5}})

    # Act / Assert: field component score 5; indicator a1 score 4
    assert tie_break_values(instrument, result) == (Fraction(5), Fraction(4))


def test_ranking_results_with_instrument_tie_breakers():
    # Arrange: P and Q have equal totals; Q is better in the field
    instrument = _competition()
    p = score(instrument, {"desk": {"a1": 5, "a2": 5}, "field": {"b1": 2}})  # 0.7*5 + 0.3*2 = 4.1
    q = score(instrument, {"desk": {"a1": 4, "a2": 4}, "field": {"b1": 5}})  # 0.7*4 + 0.3*5 = 4.3
    r = score(instrument, {"desk": {"a1": 5, "a2": 0}, "field": {"b1": 5}})  # 0.7*3.5 + 1.5 = 3.95
    s = score(instrument, {"desk": {"a1": 5, "a2": 5}, "field": {"b1": 2}})  # same as P
    entries = [
        (k, x.total, tie_break_values(instrument, x))
        for k, x in zip("PQRS", (p, q, r, s), strict=True)
    ]

    # Act
    ranks = rank(entries)

    # Assert
    assert ranks == {"Q": 1, "P": 2, "S": 2, "R": 4}


def test_awards_for_rank_and_top():
    instrument = _competition()

    assert [a.code for a in awards_for(instrument.awards, 1)] == ["juara-1", "top-3"]
    assert [a.code for a in awards_for(instrument.awards, 2)] == ["juara-2", "top-3"]
    assert [a.code for a in awards_for(instrument.awards, 3)] == ["top-3"]
    assert awards_for(instrument.awards, 4) == []
    assert awards_for(instrument.awards, None) == []


def test_passed_round_compares_round_score_with_passing_mark():
    # Arrange: desk round passing 3 on the 0-5 scale
    instrument = _competition()
    good = score(instrument, {"desk": {"a1": 3, "a2": 3}, "field": {}}, upto_round="desk")
    weak = score(instrument, {"desk": {"a1": 2, "a2": 5}, "field": {}}, upto_round="desk")

    # Act / Assert: weak desk = 0.7*2 + 0.3*5 = 2.9
    assert passed_round(instrument, good, "desk") is True
    assert passed_round(instrument, weak, "desk") is False
    assert passed_round(instrument, good, "lapang") is None


def test_advancement_within_takes_the_top_n_of_each_category():
    # Arrange: one gate taking the best two (SKK-style); kota has only weaker entries
    instrument = build_instrument(
        rounds=[
            {"code": "r1", "name": "R1", "components": ["f02"], "weight": 1, "advance": 2},
            {"code": "r2", "name": "R2", "components": ["f02"], "weight": 1},
        ]
    )
    upto = {k: {"r1": v} for k, v in {"a": 90, "b": 80, "c": 70, "x": 60, "y": 50}.items()}
    categories = {"a": "kab", "b": "kab", "c": "kab", "x": "kota", "y": "kota"}

    # Act
    overall = advancement(instrument, upto)
    within = advancement_within(instrument, upto, categories=categories)

    # Assert
    assert {k for k, tier in overall.items() if tier} == {"a", "b"}
    assert {k for k, tier in within.items() if tier} == {"a", "b", "x", "y"}
