"""Node scores of fast-path results without the general path: components, aspects, rounds and
indicators from the integer sums the fast path gathered.

A node's fraction is the weighted mean of its children, so when every leaf below it that counts
for it is answered it is linear in the leaves' scores:

    f(node) = sum_i r_i * s_i,  r_i = product of normalised weights from the node down to i

For mean-aggregated table leaves ``s_i = sums_i / (counts_i * T_i)``, and with
``r_i / T_i = c_i / D`` over one denominator per node the fraction is
``sum_i c_i * sums_i * (L / counts_i) / (D * L)`` (L: the common multiple of the answer counts):
one integer dot product per node and one Fraction at the end. Such a node is *linear*.

Every other node (a leaf below it has no answer, is not a table leaf, or is aggregated other than
by the mean; or a child has no weight left) is combined from its children's exact fractions with
the instrument's missing policy, exactly as ``general.evaluate`` does, so nothing here can differ
from the general path; the property tests (tests/scoring/test_fastpath_nodes.py) check it.

Fast-path participants have every counting answer, so shares are the nominal ones under every
missing policy: a part without a value has share 0 and stays without a value (never "missing").
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from operator import mul
from typing import Any

from ..model.numbers import scaled_text
from ..model.schema import Aggregation, Aspect, Indicator, Instrument
from .aggregate import aggregate
from .general import detail_of
from .inputs import scores_of
from .plans import Plan, combine, round_parts
from .types import Detail, NodeScore, ParticipantInput, Summary

__all__ = ["FastNodes", "NodePlan", "node_plan_for"]

# Distinct values whose NodeScore is kept per node, and per plan in all (plans live as long as
# their instrument, so this bounds the memory: some tens of megabytes at most).
CACHE_LIMIT = 4096
CACHE_TOTAL = 32768

# Patterns of unanswered slots whose program (``NodePlan._program``) is kept per plan.
PROGRAMS_LIMIT = 64

# How a node is scored (``NodePlan._program``).
_LINEAR = 0  # integer dot product
_DEAD = 1  # no value: nothing below it can have one
_COMBINE = 2  # weighted mean of the children's fractions under the missing policy

# Leaf kinds.
_NONE = 0  # never has a value (text answers)
_TABLE = 1  # mean of integer table lookups: sums[slot] / (counts[slot] * unit)
_OTHER = 2  # scored through the answer type and the component's aggregation, from the copy


@dataclass(frozen=True)
class _Leaf:
    ref: str
    name: str
    weight: Decimal
    share: Fraction
    kind: int
    slot: int
    unit: int
    code: str
    indicator: Indicator
    aggregation: Aggregation


@dataclass
class _Node:
    ref: str
    name: str
    kind: str  # "aspect" | "component"
    weight: Decimal
    share: Fraction
    # Children with weight > 0: (is_node, index into nodes or leaves, weight).
    children: tuple[tuple[bool, int, Fraction], ...]
    # Linear nodes: coefficients of the slots lo..hi-1 over ``denominator``; ``needs`` are the
    # slots that must be answered (coefficient > 0).
    linear: bool = False
    lo: int = 0
    hi: int = 0
    coefs: tuple[int, ...] = ()
    denominator: int = 1
    needs: frozenset[int] = frozenset()


def _leaves_of(
    instrument: Instrument, plan: Plan, slots: Mapping[str, tuple[int, int]]
) -> tuple[_Leaf, ...]:
    """Every indicator as a leaf, in the instrument's order, with how it is scored."""
    zero = Fraction(0)
    component_of = instrument.derived.component_of

    leaves: list[_Leaf] = []
    for indicator in instrument.iter_indicators():
        ref = indicator.ref
        code = component_of[ref]
        aggregation = plan.aggregations[code]
        slot, unit = slots.get(ref, (-1, 0))
        if not indicator.scored:
            kind = _NONE
        elif slot >= 0 and aggregation.method == "mean" and not aggregation.zscore:
            kind = _TABLE
        else:
            kind = _OTHER
        leaves.append(
            _Leaf(
                ref,
                indicator.name,
                indicator.weight,
                plan.node_shares.get(ref, zero),
                kind,
                slot,
                unit,
                code,
                indicator,
                aggregation,
            )
        )
    return tuple(leaves)


class NodePlan:
    """Everything ``FastNodes`` needs of one plan, computed once (on first use)."""

    def __init__(self, instrument: Instrument, plan: Plan, slots: Mapping[str, tuple[int, int]]):
        self._node_score = NodeScore
        self.instrument = instrument
        self.plan = plan
        self._combine = combine
        self.policy = instrument.missing
        self.decimals = instrument.decimals
        self._places = 10**instrument.decimals
        low = Fraction(instrument.scale.min)
        span = instrument.scale.span
        self._low = (low.numerator, low.denominator)
        self._span = (span.numerator, span.denominator)
        zero = Fraction(0)
        self.leaves = _leaves_of(instrument, plan, slots)
        nodes, node_index, self.components = self._node_tree(instrument, plan)
        self.nodes = tuple(nodes)
        # Node scores are immutable, so equal values share one NodeScore, kept per node (up to
        # CACHE_LIMIT values each): a batch rarely has many distinct values per node.
        self._caches: tuple[dict[Any, NodeScore], ...] = tuple({} for _ in nodes)
        self._cache_limit = min(CACHE_LIMIT, CACHE_TOTAL // max(len(nodes), 1))
        self._programs: dict[tuple[int, ...], tuple[tuple[Any, ...], ...]] = {}
        # Aspects in the instrument's order (depth first, as the general path lists them).
        self.aspect_order = tuple(
            (node.ref, node_index[node.ref])
            for node in instrument.iter_nodes()
            if isinstance(node, Aspect)
        )
        component_index = dict(self.components)
        self.rounds = tuple(
            (
                round_,
                plan.round_shares.get(round_.code, zero),
                tuple(
                    (component_index[code], weight)
                    for code, weight in round_parts(instrument, round_)
                ),
            )
            for round_ in instrument.rounds
        )

    def _node_tree(
        self, instrument: Instrument, plan: Plan
    ) -> tuple[list[_Node], dict[str, int], list[tuple[str, int]]]:
        """The aspects and components as nodes (children before their parent), linear where
        they can be; with each aspect's index and each component's (code, index)."""
        zero = Fraction(0)
        weights = plan.weights
        leaf_index = {leaf.ref: index for index, leaf in enumerate(self.leaves)}
        nodes: list[_Node] = []
        node_index: dict[str, int] = {}
        # Per node: its linear form {leaf index: r_i} when linear, else None.
        forms: list[dict[int, Fraction] | None] = []

        def add(
            ref: str,
            name: str,
            kind: str,
            weight: Decimal,
            share: Fraction,
            children: list[tuple[Aspect | Indicator, Fraction]],
        ) -> int:
            parts: list[tuple[bool, int, Fraction]] = []
            for child, child_weight in children:
                if isinstance(child, Indicator):
                    parts.append((False, leaf_index[child.ref], child_weight))
                else:
                    parts.append((True, visit(child), child_weight))
            node = _Node(ref, name, kind, weight, share, tuple(parts))
            form = self._linear_form(parts, forms)
            if form is not None:
                self._make_linear(node, form)
            nodes.append(node)
            forms.append(form)
            return len(nodes) - 1

        def visit(aspect: Aspect) -> int:
            # Children of weight 0 are scored and shown but do not count for their parent.
            for child in aspect.children:
                if isinstance(child, Aspect) and child.weight <= 0:
                    visit(child)
            children = [(c, weights[c.ref]) for c in aspect.children if c.weight > 0]
            index = add(
                aspect.ref,
                aspect.name,
                "aspect",
                aspect.weight,
                plan.node_shares.get(aspect.ref, zero),
                children,
            )
            node_index[aspect.ref] = index
            return index

        components: list[tuple[str, int]] = []
        for component in instrument.components:
            tops = [
                (a, weights[a.ref]) for a in instrument.top_aspects(component.code) if a.weight > 0
            ]
            for aspect in instrument.top_aspects(component.code):
                if aspect.weight <= 0:
                    visit(aspect)
            index = add(
                component.code,
                component.name,
                "component",
                component.weight,
                plan.component_shares.get(component.code, zero),
                tops,
            )
            components.append((component.code, index))
        return nodes, node_index, components

    def _linear_form(
        self,
        parts: list[tuple[bool, int, Fraction]],
        forms: list[dict[int, Fraction] | None],
    ) -> dict[int, Fraction] | None:
        """{leaf: r_i} when every child is a table leaf or a linear node, else None."""
        if not parts:
            return None
        total = sum((weight for _, _, weight in parts), Fraction(0))
        form: dict[int, Fraction] = {}
        for is_node, index, weight in parts:
            part = weight / total
            if is_node:
                child = forms[index]
                if child is None:
                    return None
                for leaf, r in child.items():
                    form[leaf] = form.get(leaf, Fraction(0)) + part * r
            else:
                if self.leaves[index].kind != _TABLE:
                    return None
                form[index] = form.get(index, Fraction(0)) + part
        return form

    def _make_linear(self, node: _Node, form: dict[int, Fraction]) -> None:
        scaled = {self.leaves[i].slot: r / self.leaves[i].unit for i, r in form.items()}
        denominator = math.lcm(*(value.denominator for value in scaled.values()))
        lo, hi = min(scaled), max(scaled) + 1
        coefs = [0] * (hi - lo)
        for slot, value in scaled.items():
            coefs[slot - lo] = value.numerator * (denominator // value.denominator)
        node.linear = True
        node.lo, node.hi = lo, hi
        node.coefs = tuple(coefs)
        node.denominator = denominator
        node.needs = frozenset(scaled)

    # ------------------------------------------------------------------------ per result

    def node_score(
        self,
        ref: str,
        name: str,
        kind: str,
        weight: Decimal,
        share: Fraction,
        value: Fraction | None,
    ) -> NodeScore:
        """What ``general.evaluate`` builds for one node, with integers where it can."""
        make = self._node_score
        if value is None:
            return make(ref, name, kind, weight, share, None, None, None, "")
        num, den = value.numerator, value.denominator
        low_num, low_den = self._low
        span_num, span_den = self._span
        # score = low + value * span and points = share * value * span, each over one
        # denominator: one Fraction (one gcd) each.
        score_num = low_num * span_den * den + span_num * low_den * num
        score_den = low_den * span_den * den
        score = Fraction(score_num, score_den)
        points = Fraction(share.numerator * span_num * num, share.denominator * span_den * den)
        # Half-up like numbers.round_half_up (reducing the fraction first changes nothing).
        shifted = score_num * self._places
        if shifted >= 0:
            scaled = (2 * shifted + score_den) // (2 * score_den)
        else:
            scaled = -((2 * -shifted + score_den) // (2 * score_den))
        display = scaled_text(scaled, self.decimals)
        return make(ref, name, kind, weight, share, value, score, points, display)

    def leaf_value(
        self, index: int, sums: Sequence[int], counts: Sequence[int], snapshot: Mapping[str, Any]
    ) -> Fraction | None:
        """The aggregate of one leaf (what ``evaluate`` calls ``leaves[ref]``)."""
        leaf = self.leaves[index]
        if leaf.kind == _TABLE:
            count = counts[leaf.slot]
            return Fraction(sums[leaf.slot], count * leaf.unit) if count else None
        if leaf.kind == _NONE:
            return None
        value = snapshot.get(leaf.code, {}).get(leaf.ref)
        if value is None:
            return None
        scores = scores_of(leaf.indicator, value)
        return None if scores is None else aggregate(scores, leaf.aggregation)

    def summary(
        self, sums: Sequence[int], counts: Sequence[int], snapshot: Mapping[str, Any]
    ) -> Summary:
        """The components, rounds and aspects of one participant (see the module doc)."""
        combine = self._combine
        present = set(counts)
        present.discard(0)
        if len(present) <= 1:
            common = present.pop() if present else 1
            scaled = sums
        else:
            common = math.lcm(*present)
            scaled = [s * (common // c) if c else 0 for s, c in zip(sums, counts, strict=True)]
        unanswered = (
            tuple(slot for slot, count in enumerate(counts) if not count) if 0 in counts else ()
        )
        program = self._programs.get(unanswered)
        if program is None:
            program = self._program(unanswered)
        policy = self.policy
        leaf = self.leaf_value
        make = self.node_score
        limit = self._cache_limit
        scores: list[NodeScore] = []
        append = scores.append
        value: Fraction | None
        for step, coefs, lo, hi, denominator, cache, node in program:
            if step == _LINEAR:
                key: Any = (sum(map(mul, coefs, scaled[lo:hi])), denominator * common)
                found = cache.get(key)
                if found is None:
                    found = make(
                        node.ref, node.name, node.kind, node.weight, node.share, Fraction(*key)
                    )
                    if len(cache) < limit:
                        cache[key] = found
                append(found)
            elif step == _DEAD:
                append(node)  # the node's score without a value
            else:
                value = combine(
                    (
                        (
                            weight,
                            scores[index].fraction
                            if is_node
                            else leaf(index, sums, counts, snapshot),
                        )
                        for is_node, index, weight in node.children
                    ),
                    policy,
                )
                found = cache.get(value)
                if found is None:
                    found = make(node.ref, node.name, node.kind, node.weight, node.share, value)
                    if len(cache) < limit:
                        cache[value] = found
                append(found)
        aspects = {ref: scores[index] for ref, index in self.aspect_order}
        components = {code: scores[index] for code, index in self.components}
        rounds = {}
        for round_, share, parts in self.rounds:
            value = combine(((weight, scores[index].fraction) for index, weight in parts), policy)
            rounds[round_.code] = make(
                round_.code, round_.name, "round", round_.weight, share, value
            )
        return Summary(components, rounds, aspects)

    def _program(self, unanswered: tuple[int, ...]) -> tuple[tuple[Any, ...], ...]:
        """How to score every node when the table slots ``unanswered`` have no answer.

        A linear node none of whose needed slots is unanswered is a dot product; a node with
        nothing below it that can have a value (only unanswered table leaves, text leaves or
        nothing of weight > 0) has no value under every policy; any other node is combined
        from its children. Kept per pattern of unanswered slots (a batch has few).
        """
        missing = frozenset(unanswered)
        dead: list[bool] = []
        steps: list[tuple[Any, ...]] = []
        for node, cache in zip(self.nodes, self._caches, strict=True):
            alive = False
            for is_node, index, _ in node.children:
                if is_node:
                    alive = not dead[index]
                else:
                    leaf = self.leaves[index]
                    alive = leaf.kind == _OTHER or (
                        leaf.kind == _TABLE and leaf.slot not in missing
                    )
                if alive:
                    break
            dead.append(not alive)
            if node.linear and missing.isdisjoint(node.needs):
                step = (_LINEAR, node.coefs, node.lo, node.hi, node.denominator, cache, node)
            elif not alive:
                none = self.node_score(
                    node.ref, node.name, node.kind, node.weight, node.share, None
                )
                step = (_DEAD, None, 0, 0, 1, cache, none)
            else:
                step = (_COMBINE, None, 0, 0, 1, cache, node)
            steps.append(step)
        program = tuple(steps)
        if len(self._programs) < PROGRAMS_LIMIT:
            self._programs[unanswered] = program
        return program

    def indicators(
        self, sums: Sequence[int], counts: Sequence[int], snapshot: Mapping[str, Any]
    ) -> dict[str, NodeScore]:
        make = self.node_score
        return {
            leaf.ref: make(
                leaf.ref,
                leaf.name,
                "indicator",
                leaf.weight,
                leaf.share,
                self.leaf_value(index, sums, counts, snapshot),
            )
            for index, leaf in enumerate(self.leaves)
        }


class FastNodes:
    """The fast data of one participant: scores its nodes on demand (see the module doc).

    Calling it computes the full detail through the general path (``general.detail_of``) from
    the private copy of the answers, for what only the detail has (observations, explain()).
    """

    __slots__ = ("_counts", "_plan", "_snapshot", "_sums")

    def __init__(
        self,
        plan: NodePlan,
        sums: Sequence[int],
        counts: Sequence[int],
        snapshot: Mapping[str, Any],
    ) -> None:
        self._plan = plan
        self._sums = sums
        self._counts = counts
        self._snapshot = snapshot

    def summary(self) -> Summary:
        return self._plan.summary(self._sums, self._counts, self._snapshot)

    def indicators(self) -> dict[str, NodeScore]:
        return self._plan.indicators(self._sums, self._counts, self._snapshot)

    def __call__(self) -> Detail:
        plan = self._plan
        return detail_of(plan.instrument, plan.plan, ParticipantInput(self._snapshot))


def node_plan_for(instrument: Instrument, plan: Plan) -> NodePlan:
    """The node plan of ``plan`` (which must have a fast plan), built once and kept with it."""
    fast = plan.fast
    assert fast is not None
    node_plan = fast.node_plan
    if node_plan is None:
        node_plan = fast.node_plan = NodePlan(instrument, plan, fast.slots)
    return node_plan
