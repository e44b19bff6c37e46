"""Node scores of fast-path results (``fastnodes``) equal the general path's exactly.

``score_many`` results of the integer fast path answer ``components``, ``rounds``, ``nodes`` and
``indicators`` from the fast path's integer sums, never running the general path; these tests
compare every field of every NodeScore, the totals, displays, grades and tie-break values with
``score`` (the general path) over generated instruments: several components (some of weight 0,
some aggregated by the median), rounds, nested aspects with weight-0 parts, text indicators, every
missing policy, unanswered parts that do not count and varying numbers of evaluators.
"""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kinerja.scoring import Instrument, ParticipantInput, load_library, score, score_many
from kinerja.scoring.engine import fastnodes
from kinerja.scoring.engine.plans import plan_for
from kinerja.scoring.engine.ranking import tie_break_values

from .test_properties import answers_specs, raw_values

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _bands(draw: Any, low: int, high: int, decimals: int) -> list[dict[str, Any]]:
    """Consecutive bands cutting the scale's grid (as in test_properties)."""
    unit = Decimal(1).scaleb(-decimals)
    steps = int((high - low) / unit)
    cuts = sorted(draw(st.lists(st.integers(1, steps), max_size=3, unique=True)))
    bands, start = [], Decimal(low)
    for index, cut in enumerate([*cuts, steps + 1]):
        end = Decimal(low) + (cut - 1) * unit
        if end < start:
            continue
        bands.append({"code": f"G{index}", "label": f"G{index}", "min": start, "max": end})
        start = end + unit
    return bands


@st.composite
def rich_instruments(draw: Any) -> Instrument:
    decimals = draw(st.integers(0, 3))
    low = draw(st.sampled_from([0, 0, 1, 25]))
    high = low + draw(st.sampled_from([1, 4, 5, 100]))
    counter = iter(range(10_000))

    def weight(allow_zero: bool) -> int:
        return draw(st.integers(0 if allow_zero else 1, 12))

    def indicators() -> list[dict[str, Any]]:
        out = []
        for _ in range(draw(st.integers(1, 4))):
            ref = f"i{next(counter)}"
            if draw(st.integers(0, 9)) == 0:
                out.append({"ref": ref, "name": ref, "weight": 0, "answer": {"type": "text"}})
            else:
                answer = draw(answers_specs())
                out.append({"ref": ref, "name": ref, "weight": weight(True), "answer": answer})
        if not any(i["weight"] for i in out):
            # A counting parent needs some weight below it (an answer type that can be scored).
            out.append(
                {"ref": f"i{next(counter)}", "name": "i", "weight": 1, "answer": {"type": "yes_no"}}
            )
        return out

    def aspect(depth: int, allow_zero: bool) -> dict[str, Any]:
        ref = f"n{next(counter)}"
        data: dict[str, Any] = {"ref": ref, "name": ref, "weight": weight(allow_zero)}
        data["weights"] = "relative"
        if depth < 2 and draw(st.booleans()):
            children = [aspect(depth + 1, True) for _ in range(draw(st.integers(1, 3)))]
            if not any(c["weight"] for c in children):
                children[0]["weight"] = 1
            data["aspects"] = children
        else:
            data["indicators"] = indicators()
        return data

    count = draw(st.integers(1, 3))
    components = []
    for index in range(count):
        component: dict[str, Any] = {
            "code": f"c{index}",
            "name": f"C{index}",
            "weight": draw(st.integers(0, 3)),
        }
        # Another aggregation keeps the fast path only where the component does not count (a
        # weight-0 survey aggregated by the median): its nodes are then scored the general way.
        if not component["weight"] and draw(st.integers(0, 2)) == 0:
            component["aggregation"] = {"method": draw(st.sampled_from(["median", "trimmed_mean"]))}
        components.append(component)
    if not any(c["weight"] for c in components):
        components[0]["weight"] = 1
    aspects = []
    for component in components:
        tops = [aspect(0, True) for _ in range(draw(st.integers(1, 2)))]
        if not any(t["weight"] for t in tops):
            tops[0]["weight"] = 1
        for top in tops:
            top["component"] = component["code"]
        aspects.extend(tops)

    data: dict[str, Any] = {
        "code": "gen",
        "version": "1",
        "title": "gen",
        "scale": {"min": low, "max": high},
        "decimals": decimals,
        "weights": "relative",
        "missing": draw(st.sampled_from(["zero", "reweight", "no_result"])),
        "aggregation": {"method": draw(st.sampled_from(["mean"] * 5 + ["median"]))},
        "components": components,
        "aspects": aspects,
        "bands": _bands(draw, low, high, decimals),
    }
    codes = [c["code"] for c in components]
    if draw(st.booleans()):
        rounds = []
        for index in range(draw(st.integers(1, 3))):
            members = draw(st.lists(st.sampled_from(codes), min_size=1, unique=True))
            rounds.append(
                {
                    "code": f"r{index}",
                    "name": f"R{index}",
                    "components": members,
                    "weight": draw(st.integers(0, 3)),
                }
            )
        if not any(r["weight"] for r in rounds):
            rounds[-1]["weight"] = 1
        data["rounds"] = rounds
    refs: list[str] = []

    def walk(node: dict[str, Any]) -> None:
        refs.append(node["ref"])
        for child in node.get("aspects", []) + node.get("indicators", []):
            walk(child)

    for top in aspects:
        walk(top)
    breakers = draw(
        st.lists(
            st.one_of(
                st.sampled_from(codes).map(lambda code: {"component": code}),
                st.sampled_from(refs).map(lambda ref: {"aspect": ref}),
            ),
            max_size=3,
        )
    )
    if breakers:
        data["ranking"] = {"tie_breakers": breakers}
    return Instrument.model_validate(data)


def _answer(draw: Any, ind: Any) -> Any:
    """One indicator's value: a scalar, a list of respondents or a mapping of evaluators."""
    if ind.answer.type == "text":
        return draw(st.sampled_from(["catatan", ["a", "b"], {"e0": "x"}]))
    options = raw_values(ind.answer)
    shape = draw(st.sampled_from(["scalar", "list", "dict", "dict"]))
    if shape == "scalar":
        return draw(st.sampled_from(options))
    size = draw(st.integers(1, 4))
    picked = [draw(st.sampled_from(options)) for _ in range(size)]
    return picked if shape == "list" else {f"e{k}": v for k, v in enumerate(picked)}


@st.composite
def rich_scenarios(draw: Any) -> tuple[Instrument, dict[str, Any], str | None]:
    instrument = draw(rich_instruments())
    upto = None
    if instrument.rounds and draw(st.booleans()):
        upto = draw(st.sampled_from([r.code for r in instrument.rounds]))
    # Answers that count may be left out now and then (the fast path then declines); answers
    # that do not count (a weight-0 component, a later round) often are, which it must handle.
    shares = plan_for(instrument, None, upto).node_shares
    complete = draw(st.integers(0, 5)) > 0
    values: dict[str, Any] = {}
    for component in instrument.components:
        counts = any(shares.get(i.ref, 0) for i in instrument.iter_indicators(component.code))
        if (not counts or not complete) and draw(st.integers(0, 3)) == 0:
            continue
        answers = {}
        for ind in instrument.iter_indicators(component.code):
            if (not shares.get(ind.ref) or not complete) and draw(st.integers(0, 3)) == 0:
                continue
            answers[ind.ref] = _answer(draw, ind)
        values[component.code] = answers
    return instrument, values, upto


def _assert_same(instrument: Instrument, fast: Any, general: Any) -> None:
    assert fast == general  # instrument, total, display, grade, missing
    assert fast.display == general.display
    assert fast.grade == general.grade
    assert list(fast.components.items()) == list(general.components.items())
    assert list(fast.rounds.items()) == list(general.rounds.items())
    assert list(fast.nodes.items()) == list(general.nodes.items())
    assert tie_break_values(instrument, fast) == tie_break_values(instrument, general)
    assert list(fast.indicators.items()) == list(general.indicators.items())


@SETTINGS
@given(rich_scenarios())
def test_fast_node_scores_equal_the_general_path(case):
    # Arrange
    instrument, values, upto = case

    # Act
    fast = score_many(instrument, {"p": values}, upto_round=upto)["p"]
    general = score(instrument, values, upto_round=upto)

    # Assert: whichever path the batch took, every node is exactly the general path's, and a
    # fast-path result got there without computing its detail
    took_fast = fast._fast is not None
    event("fast path" if took_fast else "general path")
    _assert_same(instrument, fast, general)
    if took_fast:
        assert not fast.detail_ready
        # The lazily computed detail agrees with the fast summary too.
        assert fast.detail.nodes == fast.nodes
        assert fast.detail.components == fast.components


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(rich_scenarios(), min_size=1, max_size=1), st.integers(2, 6), st.randoms())
def test_fast_node_scores_in_a_batch_share_nothing_wrong(cases, size, rng):
    # Arrange: a batch of participants of one instrument (node scores are cached per value)
    instrument, _, upto = cases[0]
    batch = {}
    for key in range(size):
        values = {}
        for component in instrument.components:
            values[component.code] = {
                ind.ref: (
                    rng.choice(raw_values(ind.answer)) if ind.answer.type != "text" else "catatan"
                )
                for ind in instrument.iter_indicators(component.code)
            }
        batch[key] = values

    # Act
    many = score_many(instrument, batch, upto_round=upto)
    again = score_many(instrument, batch, upto_round=upto)

    # Assert
    for key, values in batch.items():
        general = score(instrument, values, upto_round=upto)
        _assert_same(instrument, many[key], general)
        _assert_same(instrument, again[key], general)


def _pekppp_batch(instrument: Instrument, size: int) -> dict[int, ParticipantInput]:
    rng = random.Random(7)
    refs = [i.ref for i in instrument.iter_indicators("f02")]
    return {
        k: ParticipantInput(
            {"f02": {ref: {e: rng.randint(0, 5) for e in ("a", "b", "c")} for ref in refs}}
        )
        for k in range(size)
    }


def test_pekppp_without_survey_takes_the_fast_nodes():
    # Arrange: the survey (F03, weight 0) is not answered, as in a plain evaluation
    instrument = load_library("pekppp")
    batch = _pekppp_batch(instrument, 30)

    # Act
    results = score_many(instrument, batch)

    # Assert
    for key, participant in batch.items():
        result = results[key]
        components, nodes = result.components, result.nodes
        tie_break_values(instrument, result)
        assert result._fast is not None and not result.detail_ready
        general = score(instrument, participant.values)
        assert components == general.components
        assert nodes == general.nodes
        assert components["f03"].fraction is None and components["f03"].display == ""


def test_results_compute_access_pattern_does_not_run_the_general_path(tiny, monkeypatch):
    # Arrange
    def refuse(*_args: Any) -> Any:
        raise AssertionError("the general path ran")

    batch = {k: {"f02": {"a1": [k % 6, 5], "a2": {"x": 3}, "b1": 4}} for k in range(12)}
    results = score_many(tiny, batch)
    monkeypatch.setattr(fastnodes, "detail_of", refuse)

    # Act / Assert: what results.compute reads comes from the fast data
    for result in results.values():
        assert set(result.components) == {"f02"}
        assert set(result.nodes) == {"a", "b"}
        assert result.nodes["b"].fraction == Fraction(4, 5)
        assert tie_break_values(tiny, result) == ()
        assert result.indicators["b1"].display == "4.00"


def test_results_of_the_general_path_summarise_their_detail(tiny):
    # Arrange: a consensus sends the participant through the general path
    participant = ParticipantInput(
        {"f02": {"a1": 5, "a2": 5, "b1": 5}}, consensus={"f02": {"b1": 0}}
    )

    # Act
    result = score_many(tiny, {"p": participant})["p"]

    # Assert
    assert result._fast is None and result.detail_ready
    assert result.summary.nodes is result.detail.nodes
    assert result.nodes["b"].fraction == 0


@pytest.mark.parametrize("policy", ["zero", "reweight", "no_result"])
def test_fast_nodes_of_a_weight_zero_component_follow_the_missing_policy(policy):
    # Arrange: c1 (weight 0) has one of its two indicators answered
    levels = {"type": "level", "levels": [{"value": v, "descriptor": "d"} for v in range(5)]}
    instrument = Instrument.model_validate(
        {
            "code": "w0",
            "version": "1",
            "title": "w0",
            "scale": {"min": 0, "max": 100},
            "decimals": 2,
            "missing": policy,
            "components": [
                {"code": "c0", "name": "C0", "weight": 1},
                {"code": "c1", "name": "C1", "weight": 0},
            ],
            "aspects": [
                {
                    "ref": "a",
                    "name": "A",
                    "weight": 100,
                    "indicators": [{"ref": "a1", "name": "a1", "weight": 100, "answer": levels}],
                },
                {
                    "ref": "s",
                    "name": "S",
                    "weight": 100,
                    "component": "c1",
                    "indicators": [
                        {"ref": "s1", "name": "s1", "weight": 50, "answer": levels},
                        {"ref": "s2", "name": "s2", "weight": 50, "answer": levels},
                    ],
                },
            ],
        }
    )
    values = {"c0": {"a1": 4}, "c1": {"s1": [2, 4]}}

    # Act
    fast = score_many(instrument, {"p": values})["p"]
    general = score(instrument, values)

    # Assert
    assert fast._fast is not None
    _assert_same(instrument, fast, general)
    expected = None if policy == "no_result" else Fraction(3, 4)
    assert fast.components["c1"].fraction == expected
