"""The general path: checked answers blended into a result with exact Fractions throughout.

Every result can come from here (the fast path of ``score_many`` is only a quicker way to the
same numbers). The steps of ``evaluate``:

1. ``_leaves``: each scored indicator's aggregate over its evaluators (or the consensus), with
   the missing policy applied to the counting indicators without any answer;
2. ``_blend``: each aspect's fraction as the weighted mean of its children's, each component's
   of its top aspects, each round's of its components, and the total's;
3. ``_shares``: every part's share of the total (the nominal ones, or under ``reweight`` the
   shares recomputed over the parts present);
4. ``_tree_scores`` and ``_part_scores``: the node scores on the total's scale, which the
   detail keeps with the observations behind them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..model.numbers import present, round_half_up, scaled_text
from ..model.schema import Aspect, Indicator, Instrument
from .aggregate import aggregate
from .explain import explain
from .inputs import checked_input
from .plans import Plan, combine, round_parts, shares_of
from .rounding import band_table
from .types import Detail, NodeScore, NodeSource, Observation, ParticipantInput, Result

__all__ = ["detail_of", "evaluate", "result_of"]

Fractions = dict[str, Fraction | None]
Shares = dict[str, Fraction]


@dataclass(frozen=True)
class _Leaves:
    """Step 1: the aggregate of every scored indicator, its value after consensus and policy."""

    aggregated: Fractions
    values: Fractions
    missing: tuple[str, ...]


@dataclass(frozen=True)
class _Blend:
    """Step 2: the fractions of every aspect, component and round, and of the total."""

    nodes: Fractions
    components: Fractions
    rounds: Fractions
    total: Fraction | None


def evaluate(
    instrument: Instrument,
    plan: Plan,
    observed: Mapping[str, Sequence[Observation]],
    consensus: Mapping[str, tuple[Any, Fraction | None]],
) -> Result:
    """Blend checked answers into a Result (the general path; exact Fractions throughout)."""
    leaves = _leaves(instrument, plan, observed, consensus)
    blend = _blend(instrument, plan, leaves.values)
    component_shares, node_shares, round_shares = _shares(instrument, plan, blend)
    scale = _OnScale(Fraction(instrument.scale.min), instrument.scale.span, instrument.decimals)
    nodes, indicators = _tree_scores(instrument, scale, leaves, blend, node_shares)
    components, rounds = _part_scores(instrument, scale, blend, component_shares, round_shares)
    detail = Detail(
        components=components,
        rounds=rounds,
        nodes=nodes,
        indicators=indicators,
        observed={ref: tuple(obs) for ref, obs in observed.items()},
        aggregated=leaves.aggregated,
        consensus=dict(consensus),
        aggregations=plan.aggregations,
        total_fraction=blend.total,
        upto_round=plan.upto_round,
    )
    total = None if blend.total is None else scale.low + blend.total * scale.span
    return result_of(instrument, total, leaves.missing, detail)


def _leaves(
    instrument: Instrument,
    plan: Plan,
    observed: Mapping[str, Sequence[Observation]],
    consensus: Mapping[str, tuple[Any, Fraction | None]],
) -> _Leaves:
    policy = instrument.missing
    aggregated: Fractions = {}
    values: Fractions = {}
    missing: list[str] = []
    for indicator in instrument.iter_indicators():
        ref = indicator.ref
        if not indicator.scored:
            continue
        aggregation = plan.aggregations[instrument.derived.component_of[ref]]
        used = [o for o in observed.get(ref, ()) if o.used is not None]
        counts = [o.count for o in used] if any(o.count != 1 for o in used) else None
        value = aggregated[ref] = aggregate([o.used for o in used], aggregation, counts)
        if ref in consensus:
            value = consensus[ref][1]
        if value is None and plan.node_shares.get(ref, 0) > 0:
            # Only indicators that count are "missing"; an unanswered indicator of a part that
            # does not count (a weight-0 survey) simply has no value.
            missing.append(ref)
            if policy == "zero":
                value = Fraction(0)
        values[ref] = value
    return _Leaves(aggregated, values, tuple(missing))


def _blend(instrument: Instrument, plan: Plan, leaves: Fractions) -> _Blend:
    policy = instrument.missing
    weights = plan.weights
    fractions: Fractions = {}

    def node_fraction(node: Aspect | Indicator) -> Fraction | None:
        if isinstance(node, Indicator):
            value = leaves.get(node.ref)
        else:
            parts = [(c, node_fraction(c)) for c in node.children]
            value = combine(((weights[c.ref], f) for c, f in parts if c.weight > 0), policy)
        fractions[node.ref] = value
        return value

    components: Fractions = {}
    for component in instrument.components:
        parts = [(a, node_fraction(a)) for a in instrument.top_aspects(component.code)]
        components[component.code] = combine(
            ((weights[a.ref], f) for a, f in parts if a.weight > 0), policy
        )
    rounds: Fractions = {}
    if instrument.rounds:
        for round_ in instrument.rounds:
            rounds[round_.code] = combine(
                ((w, components[code]) for code, w in round_parts(instrument, round_)), policy
            )
        total = combine(
            ((Fraction(r.weight), rounds[r.code]) for r in plan.rounds if r.weight > 0), policy
        )
    else:
        total = combine(
            (
                (Fraction(c.weight), components[c.code])
                for c in instrument.components
                if c.weight > 0
            ),
            policy,
        )
    return _Blend(fractions, components, rounds, total)


def _shares(instrument: Instrument, plan: Plan, blend: _Blend) -> tuple[Shares, Shares, Shares]:
    """(components, nodes, rounds): their shares of the total."""
    if instrument.missing != "reweight":
        return plan.component_shares, plan.node_shares, plan.round_shares
    # Missing parts hand their share to their siblings.
    return shares_of(
        instrument,
        plan.rounds,
        plan.weights,
        lambda code: blend.rounds.get(code) is not None,
        lambda code: blend.components.get(code) is not None,
        lambda ref: blend.nodes.get(ref) is not None,
    )


@dataclass(frozen=True)
class _OnScale:
    """Node scores on the instrument's total scale, shown with its decimals."""

    low: Fraction
    span: Fraction
    decimals: int

    def node(
        self,
        ref: str,
        name: str,
        kind: str,
        weight: Decimal,
        value: Fraction | None,
        share: Fraction,
    ) -> NodeScore:
        if value is None:
            return NodeScore(ref, name, kind, weight, share, None, None, None, "")
        on_scale = self.low + value * self.span
        points = share * value * self.span
        return NodeScore(
            ref,
            name,
            kind,
            weight,
            share,
            value,
            on_scale,
            points,
            present(on_scale, self.decimals),
        )


def _tree_scores(
    instrument: Instrument, scale: _OnScale, leaves: _Leaves, blend: _Blend, shares: Shares
) -> tuple[dict[str, NodeScore], dict[str, NodeScore]]:
    """Step 4a: the scores of every aspect and of every indicator, in the instrument's order."""
    zero = Fraction(0)
    nodes: dict[str, NodeScore] = {}
    indicators: dict[str, NodeScore] = {}
    for node in instrument.iter_nodes():
        share = shares.get(node.ref, zero)
        if isinstance(node, Indicator):
            value = leaves.values.get(node.ref) if node.scored else None
            indicators[node.ref] = scale.node(
                node.ref, node.name, "indicator", node.weight, value, share
            )
        else:
            nodes[node.ref] = scale.node(
                node.ref, node.name, "aspect", node.weight, blend.nodes[node.ref], share
            )
    return nodes, indicators


def _part_scores(
    instrument: Instrument,
    scale: _OnScale,
    blend: _Blend,
    component_shares: Shares,
    round_shares: Shares,
) -> tuple[dict[str, NodeScore], dict[str, NodeScore]]:
    """Step 4b: the scores of the components and of the rounds."""
    zero = Fraction(0)
    components = {
        c.code: scale.node(
            c.code,
            c.name,
            "component",
            c.weight,
            blend.components[c.code],
            component_shares.get(c.code, zero),
        )
        for c in instrument.components
    }
    rounds = {
        r.code: scale.node(
            r.code, r.name, "round", r.weight, blend.rounds[r.code], round_shares.get(r.code, zero)
        )
        for r in instrument.rounds
    }
    return components, rounds


def result_of(
    instrument: Instrument,
    total: Fraction | None,
    missing: tuple[str, ...],
    source: Detail | Callable[[], Detail],
    fast: NodeSource | None = None,
) -> Result:
    """The ``Result`` of an exact ``total``: its display (half-up) and the band of that display.

    ``source`` is the detail or (fast path) how to compute it, ``fast`` the fast path's node
    scores; the result explains itself with ``explain.explain``.
    """
    if total is None:
        return Result(instrument.key, None, "", None, missing, source, instrument, explain, fast)
    scaled = round_half_up(total, instrument.decimals)
    return Result(
        instrument.key,
        total,
        scaled_text(scaled, instrument.decimals),
        band_table(instrument).lookup(scaled),
        missing,
        source,
        instrument,
        explain,
        fast,
    )


def detail_of(instrument: Instrument, plan: Plan, participant: ParticipantInput) -> Detail:
    """The full detail of one participant through the general path (``FastNodes`` calls it for
    a fast-path result, on first access to what only the detail has)."""
    observed, consensus = checked_input(instrument, participant)
    return evaluate(instrument, plan, observed, consensus).detail
