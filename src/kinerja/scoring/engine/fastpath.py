"""The fast path of ``score_many``: totals of complete answer sets aggregated by the mean.

With the mean, the total is linear in the answers:

    total fraction = sum_i share_i * (sum_e s_ie) / n_i

For finite answer types (level, choice, yes/no) ``s_ie = table_i[answer] / T_i`` with integers,
and with ``share_i / T_i = coef_i / D`` over one common denominator D those indicators add up to
``sum_i coef_i * sum_i / n_i / D``: integer multiply-adds per participant and one Fraction at the
end. Other counting answer types (points, numbers) are added exactly as Fractions on the side.
Anything unusual (a missing answer, a value not in the table, a type the table does not take, a
consensus) makes ``total`` return None and the caller uses the general path, which then accepts
the value or reports it properly. The property tests check both paths agree exactly.

``total`` also hands back each table item's integer sum and answer count, from which
``fastnodes`` scores the components, rounds, aspects and indicators the same way (per node
coefficients over the same sums) without the general path.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from copy import deepcopy
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..model.answers import fast_table_of
from ..model.schema import Aggregation, Indicator, Instrument
from .inputs import scores_of

__all__ = ["FastPlan", "build_fast_plan"]

# How an indicator is handled per participant.
_TABLE = 0  # integer lookup; counts with ``coef``
_EXACT = 1  # counts, scored through its answer type as Fractions with ``share``
_CHECK = 2  # does not count; its values are only checked


@dataclass(frozen=True)
class _Item:
    ref: str
    mode: int
    coef: int
    numerators: Mapping[object, int] | None
    types: frozenset[type]
    share: Fraction
    indicator: Indicator
    slot: int  # index of the item's integer sum and count (table items), else -1
    unit: int  # the table's denominator (score = numerator / unit), 0 without a table

    @property
    def row(self) -> tuple[Any, ...]:
        return (
            self.ref,
            self.mode,
            self.coef,
            self.numerators,
            self.types,
            self.share,
            self.indicator,
            self.slot,
        )


class FastPlan:
    """Integer coefficients of one instrument (for one aggregation and round limit)."""

    def __init__(
        self,
        instrument: Instrument,
        components: tuple[tuple[str, tuple[_Item, ...]], ...],
        denominator: int,
    ) -> None:
        # Plain tuples: unpacking them in the hot loop is cheaper than attribute access.
        self._rows = tuple(
            (
                code,
                # Some answer counts, so every counting answer must be there.
                any(item.coef or item.mode == _EXACT for item in items),
                frozenset(item.ref for item in items),
                tuple(item.row for item in items),
            )
            for code, items in components
        )
        self.codes = frozenset(code for code, _ in components)
        self.denominator = denominator
        # Table items: ref -> (slot, table denominator); score = sums[slot] / counts[slot] / den.
        self.slots = {
            item.ref: (item.slot, item.unit)
            for _, items in components
            for item in items
            if item.slot >= 0
        }
        self._slot_count = len(self.slots)
        self.node_plan: Any = None  # the node plan (fastnodes), built on first use
        low = Fraction(instrument.scale.min)
        span = instrument.scale.span
        self._low = (low.numerator, low.denominator)
        self._span = (span.numerator, span.denominator)
        self._span_fraction = span

    def total(
        self, values: Any
    ) -> tuple[Fraction, dict[str, dict[str, Any]], tuple[int, ...], tuple[int, ...]] | None:
        """The exact total on the scale, a private copy of the answers and the integer sums
        and answer counts of the table items (by slot; count 0 = no answer), or None.

        None means the general path must decide. The copy lets the result compute its node
        details later even if the caller reuses or changes its own dicts meanwhile; the sums
        and counts let ``fastnodes`` score every node without reading the answers again.
        """
        if not isinstance(values, Mapping):
            return None
        codes = self.codes
        for code in values:
            if code not in codes:
                return None
        snapshot: dict[str, dict[str, Any]] = {}
        acc = 0
        first_n = 0
        others: dict[int, int] | None = None
        exact = Fraction(0)
        sums = [0] * self._slot_count
        counts = [0] * self._slot_count
        try:
            for code, required, refs, rows in self._rows:
                answers = values.get(code)
                if answers is None:
                    if required:
                        return None
                    continue
                if not isinstance(answers, Mapping) or not refs.issuperset(answers):
                    return None
                copied: dict[str, Any] = {}
                snapshot[code] = copied
                for ref, mode, coef, numerators, types, share, indicator, slot in rows:
                    value = answers.get(ref)
                    if value is None:
                        if coef or mode == _EXACT:
                            return None
                        continue
                    if mode:
                        scores = scores_of(indicator, value)
                        if scores is None or (mode == _EXACT and not scores):
                            return None
                        if mode == _EXACT:
                            exact += share * sum(scores, Fraction(0)) / len(scores)
                        copied[ref] = deepcopy(value)
                        continue
                    kind = type(value)
                    if kind is dict:
                        copied[ref] = value = value.copy()
                        entries = value.values()
                    elif kind is list or kind is tuple:
                        copied[ref] = entries = tuple(value)
                    elif kind in types:
                        copied[ref] = value
                        entries = (value,)
                    else:
                        return None
                    total = 0
                    count = 0
                    for entry in entries:
                        if type(entry) not in types:
                            return None
                        total += numerators[entry]
                        count += 1
                    sums[slot] = total
                    counts[slot] = count
                    if not count:
                        if coef:
                            return None
                        continue
                    if not coef:
                        continue
                    if count == first_n:
                        acc += coef * total
                    elif not first_n:
                        first_n = count
                        acc = coef * total
                    else:
                        if others is None:
                            others = {}
                        others[count] = others.get(count, 0) + coef * total
        except KeyError:
            return None
        total = self._on_scale(acc, first_n, others, exact)
        # Tuples of ints: the garbage collector stops tracking them.
        return total, snapshot, tuple(sums), tuple(counts)

    def _on_scale(
        self, acc: int, first_n: int, others: dict[int, int] | None, exact: Fraction
    ) -> Fraction:
        """The total on the scale from the integer sums: ``acc`` over the items answered
        ``first_n`` times, ``others`` by answer count, plus the exact part."""
        if others:
            common = math.lcm(first_n, *others)
            numerator = acc * (common // first_n)
            for count, part in others.items():
                numerator += part * (common // count)
        else:
            common, numerator = first_n or 1, acc
        # total = low + numerator / (D * common) * span, over one denominator.
        denominator = self.denominator * common
        low_num, low_den = self._low
        span_num, span_den = self._span
        total = Fraction(
            low_num * span_den * denominator + span_num * low_den * numerator,
            low_den * span_den * denominator,
        )
        if exact:
            total += exact * self._span_fraction
        return total


def build_fast_plan(
    instrument: Instrument,
    aggregations: Mapping[str, Aggregation],
    shares: Mapping[str, Fraction],
) -> FastPlan | None:
    """The plan, or None when this instrument/aggregation cannot use the fast path."""
    for component in instrument.components:
        counting = any(shares.get(i.ref, 0) > 0 for i in instrument.iter_indicators(component.code))
        aggregation = aggregations[component.code]
        if counting and (aggregation.method != "mean" or aggregation.zscore):
            return None
    # The fast total is the sum of the answers' shares, so all of the total must reach answers:
    # nothing counts at all (rounds of weight 0 only), or a counting part without any weight
    # below it (a gate round of components whose aspects all weigh 0), is left to the general
    # path, which gives no total or leaves that part out.
    reaching = sum((shares.get(i.ref, 0) for i in instrument.iter_indicators() if i.scored), 0)
    if reaching != 1:
        return None
    tables = {
        i.ref: fast_table_of(i.answer) if i.scored else None for i in instrument.iter_indicators()
    }
    scaled = {
        ref: shares[ref] / table.denominator
        for ref, table in tables.items()
        if table is not None and shares.get(ref, 0) > 0
    }
    denominator = math.lcm(*(value.denominator for value in scaled.values())) if scaled else 1
    components = []
    slots = 0
    for component in instrument.components:
        items = []
        for indicator in instrument.iter_indicators(component.code):
            ref = indicator.ref
            table = tables[ref]
            share = shares.get(ref, Fraction(0))
            if ref in scaled:
                mode = _TABLE
            elif share > 0:
                mode = _EXACT
            elif table is not None:
                mode = _TABLE  # coef 0: looked up only to check the value
            else:
                mode = _CHECK
            coef = (
                scaled[ref].numerator * (denominator // scaled[ref].denominator)
                if ref in scaled
                else 0
            )
            slot = -1
            if mode == _TABLE:
                slot, slots = slots, slots + 1
            items.append(
                _Item(
                    ref=ref,
                    mode=mode,
                    coef=coef,
                    numerators=table.numerators if table else None,
                    types=table.types if table else frozenset(),
                    share=share,
                    indicator=indicator,
                    slot=slot,
                    unit=table.denominator if table else 0,
                )
            )
        components.append((component.code, tuple(items)))
    return FastPlan(instrument, tuple(components), denominator)
