"""Plans: what scoring one instrument needs, computed once and kept with the instrument.

A plan fixes the aggregation per component, the rounds that count (``upto_round``), every
node's nominal share of the total and, when possible, the integer fast path. Shares are the
product of normalised weights from the total down to the node; under the ``reweight`` missing
policy ``shares_of`` recomputes them with only the parts that are present.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..model.errors import ScoreInputError
from ..model.schema import Aggregation, Aspect, Indicator, Instrument, Round
from .fastpath import FastPlan, build_fast_plan

__all__ = ["Plan", "plan_for", "round_parts", "shares_of"]


@dataclass(frozen=True)
class Plan:
    """What one (instrument, aggregation override, round limit) needs, computed once."""

    aggregations: dict[str, Aggregation]
    rounds: tuple[Round, ...]  # rounds counted in the total (up to the limit)
    upto_round: str | None
    weights: dict[str, Fraction]  # node ref -> weight
    node_shares: dict[str, Fraction]  # nominal share of the total of every node
    component_shares: dict[str, Fraction]
    round_shares: dict[str, Fraction]
    fast: FastPlan | None


def _aggregation_arg(aggregation: Aggregation | str | None) -> Aggregation | None:
    if isinstance(aggregation, str):
        return Aggregation.model_validate({"method": aggregation})
    return aggregation


def plan_for(
    instrument: Instrument,
    aggregation: Aggregation | str | None = None,
    upto_round: str | None = None,
) -> Plan:
    """The cached plan of ``instrument`` for this aggregation override and round limit."""
    aggregation = _aggregation_arg(aggregation)
    key = ("plan", aggregation, upto_round)
    plans = instrument.derived.plans
    plan = plans.get(key)
    if plan is None:
        plan = plans[key] = _build_plan(instrument, aggregation, upto_round)
    return plan


def _build_plan(
    instrument: Instrument, aggregation: Aggregation | None, upto_round: str | None
) -> Plan:
    aggregations = {
        c.code: aggregation or c.aggregation or instrument.aggregation
        for c in instrument.components
    }
    rounds: tuple[Round, ...] = ()
    if instrument.rounds:
        codes = [r.code for r in instrument.rounds]
        if upto_round is not None and upto_round not in codes:
            raise ScoreInputError(
                f"babak '{upto_round}' tidak dikenal; yang ada: {', '.join(codes)}"
            )
        end = codes.index(upto_round) + 1 if upto_round is not None else len(codes)
        rounds = instrument.rounds[:end]
    elif upto_round is not None:
        raise ScoreInputError(f"instrumen '{instrument.key}' tidak memakai babak (rounds)")
    weights = {node.ref: Fraction(node.weight) for node in instrument.iter_nodes()}
    components, nodes, round_shares = shares_of(instrument, rounds, weights)
    fast = build_fast_plan(instrument, aggregations, nodes)
    return Plan(aggregations, rounds, upto_round, weights, nodes, components, round_shares, fast)


Present = Callable[[str], bool] | None


def _split(
    share: Fraction, parts: Sequence[tuple[str, Fraction]], ok: Present
) -> dict[str, Fraction]:
    """Divide ``share`` among ``parts`` by weight; with ``ok``, only among the parts present."""
    counted = [(key, weight) for key, weight in parts if ok is None or ok(key)]
    total = sum((weight for _, weight in counted), Fraction(0))
    out = {key: Fraction(0) for key, _ in parts}
    if total:
        for key, weight in counted:
            out[key] += share * weight / total
    return out


def combine(parts: Iterable[tuple[Fraction, Fraction | None]], policy: str) -> Fraction | None:
    """Weighted mean of (weight, fraction) parts under the missing policy."""
    total_weight = Fraction(0)
    total = Fraction(0)
    for weight, fraction in parts:
        if fraction is None:
            if policy == "no_result":
                return None
            continue
        total_weight += weight
        total += weight * fraction
    if not total_weight:
        return None
    return total / total_weight


def round_parts(instrument: Instrument, round_: Round) -> list[tuple[str, Fraction]]:
    parts = [(code, Fraction(instrument.component(code).weight)) for code in round_.components]
    if not any(weight for _, weight in parts):
        # A round of zero-weight components (an administrative gate) is their plain mean.
        return [(code, Fraction(1)) for code, _ in parts]
    return [(code, weight) for code, weight in parts if weight > 0]


def shares_of(
    instrument: Instrument,
    rounds: Sequence[Round],
    weights: Mapping[str, Fraction],
    ok_round: Present = None,
    ok_component: Present = None,
    ok_node: Present = None,
) -> tuple[dict[str, Fraction], dict[str, Fraction], dict[str, Fraction]]:
    """Effective shares of the total: (components, nodes, rounds).

    Without predicates the shares are nominal; with them (missing policy ``reweight``) a part
    that is not present hands its share to its siblings.
    """
    components = {c.code: Fraction(0) for c in instrument.components}
    round_shares: dict[str, Fraction] = {}
    if instrument.rounds:
        parts = [(r.code, Fraction(r.weight)) for r in rounds if r.weight > 0]
        round_shares = _split(Fraction(1), parts, ok_round)
        for round_ in rounds:
            share = round_shares.get(round_.code)
            if share:
                for code, part in _split(
                    share, round_parts(instrument, round_), ok_component
                ).items():
                    components[code] += part
    else:
        parts = [(c.code, Fraction(c.weight)) for c in instrument.components if c.weight > 0]
        components.update(_split(Fraction(1), parts, ok_component))
    nodes: dict[str, Fraction] = {}
    for component in instrument.components:
        tops = instrument.top_aspects(component.code)
        parts = [(a.ref, weights[a.ref]) for a in tops if a.weight > 0]
        split = _split(components[component.code], parts, ok_node)
        for aspect in tops:
            _distribute(aspect, split.get(aspect.ref, Fraction(0)), weights, nodes, ok_node)
    return components, nodes, round_shares


def _distribute(
    node: Aspect | Indicator,
    share: Fraction,
    weights: Mapping[str, Fraction],
    out: dict[str, Fraction],
    ok: Present,
) -> None:
    out[node.ref] = share
    if isinstance(node, Aspect):
        parts = [(c.ref, weights[c.ref]) for c in node.children if c.weight > 0]
        split = _split(share, parts, ok)
        for child in node.children:
            _distribute(child, split.get(child.ref, Fraction(0)), weights, out, ok)
