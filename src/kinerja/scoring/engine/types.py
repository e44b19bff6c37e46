"""The engine's shared shapes: what goes in (answers) and what comes out (results, node scores).

A leaf of the engine: it imports only the instrument model, so every engine module can use these
types at the top of the file. A ``Result`` is built by ``general.result_of``, which hands it the
functions it calls later (computing the detail of a fast-path result, building the explanation):
this module never imports the modules that compute them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import Any, Protocol

from ..model.schema import Aggregation, Band, Instrument

__all__ = [
    "Checked",
    "Consensus",
    "Detail",
    "Explainer",
    "NodeScore",
    "NodeSource",
    "Observation",
    "Observed",
    "ParticipantInput",
    "Raw",
    "Result",
    "Summary",
    "Tally",
]

Raw = int | str | Decimal | Fraction | dict
"""One raw answer: a level, option key, Y/T, number, text, or {"target": …, "actual": …}."""


@dataclass(frozen=True)
class NodeScore:
    """The score of one node (indicator, aspect, component or round) of one participant.

    ``fraction`` is exact in [0, 1]; ``score`` is that fraction on the total's scale
    (scale.min + fraction * span); ``share`` is the node's effective share of the total and
    ``points`` its contribution to the total above scale.min (share * fraction * span), so the
    indicators' points add up to total - scale.min. ``None`` means no value (missing or
    unscored); ``display`` is the score rounded half-up, or "" without a value.
    """

    ref: str
    name: str
    kind: str
    weight: Decimal
    share: Fraction
    fraction: Fraction | None
    score: Fraction | None
    points: Fraction | None
    display: str


@dataclass(frozen=True)
class Tally:
    """Many respondents' answers to one indicator as counts, ``{raw answer: how many gave it}``.

    It scores exactly like the list of answers it stands for (a survey of a million respondents
    is four numbers per element, not a million values); counts of 0 are ignored.
    """

    counts: Mapping[Any, int]

    @property
    def respondents(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class ParticipantInput:
    """One participant's answers for ``score_many``: values and optional plenary consensus."""

    values: Mapping[str, Mapping[str, Any]]
    consensus: Mapping[str, Mapping[str, Any]] | None = None


@dataclass(frozen=True)
class Observation:
    """One evaluator's answer to one indicator: raw as given, score, z-adjusted score; ``count``
    is how many respondents gave it (more than 1 only from a ``Tally``)."""

    evaluator: Hashable
    raw: Any
    fraction: Fraction | None
    adjusted: Fraction | None = None
    count: int = 1

    @property
    def used(self) -> Fraction | None:
        return self.adjusted if self.adjusted is not None else self.fraction


Observed = dict[str, list[Observation]]
"""Checked answers by indicator ref (``inputs.observe``)."""

Consensus = dict[str, tuple[Any, Fraction | None]]
"""Checked consensus values by indicator ref: (raw, score)."""

Checked = tuple[Observed, Consensus]
"""One participant's checked answers and consensus (``inputs.checked_input``)."""


@dataclass(frozen=True)
class Summary:
    """The node scores of one result except the indicators: by component code, round code
    and aspect ref (every aspect at every depth), in the instrument's order."""

    components: dict[str, NodeScore]
    rounds: dict[str, NodeScore]
    nodes: dict[str, NodeScore]


@dataclass(frozen=True)
class Detail:
    """Everything behind a result; built lazily for results of the fast path."""

    components: dict[str, NodeScore]
    rounds: dict[str, NodeScore]
    nodes: dict[str, NodeScore]
    indicators: dict[str, NodeScore]
    observed: dict[str, tuple[Observation, ...]]
    aggregated: dict[str, Fraction | None]
    consensus: dict[str, tuple[Any, Fraction | None]]
    aggregations: dict[str, Aggregation]
    total_fraction: Fraction | None
    upto_round: str | None = None


class NodeSource(Protocol):
    """Where a fast-path result's node scores come from without the detail (``FastNodes``)."""

    def summary(self) -> Summary: ...

    def indicators(self) -> dict[str, NodeScore]: ...


Explainer = Callable[[Instrument, "Result"], dict[str, Any]]
"""Builds the JSON-ready explanation of a result (``explain.explain``)."""


@dataclass(frozen=True)
class Result:
    """The result of one participant: exact total, what people see, grade, every node.

    ``total`` is exact on the instrument's scale (None under ``no_result`` with answers
    missing); ``display`` is the total rounded half-up to the instrument's decimals and
    ``grade`` the band of that rounded value. ``missing`` lists the refs of counting indicators
    without any answer. ``components``, ``rounds``, ``nodes`` (every aspect at every depth) and
    ``indicators`` map codes/refs to ``NodeScore``; for fast-path results of ``score_many`` they
    are computed from the fast path's integer sums (``summary``) without the general path, and
    ``detail`` (observations, aggregates, what ``explain()`` shows) is computed on first access.
    """

    instrument: str
    total: Fraction | None
    display: str
    grade: Band | None
    missing: tuple[str, ...]
    # Where the node detail comes from: the detail itself, or (fast path) how to compute it.
    _source: Detail | Callable[[], Detail] = field(compare=False, repr=False)
    _instrument: Instrument = field(compare=False, repr=False)
    # How ``explain()`` builds its tree (handed in by ``general.result_of``).
    _explainer: Explainer = field(compare=False, repr=False)
    # Fast-path results: the integer data their node scores come from (see ``summary``).
    _fast: NodeSource | None = field(default=None, compare=False, repr=False)

    @cached_property
    def detail(self) -> Detail:
        """Everything behind the total (computed on first access for fast-path results)."""
        source = self._source
        return source if isinstance(source, Detail) else source()

    @property
    def detail_ready(self) -> bool:
        """Whether the node detail is computed already (fast-path results compute it lazily)."""
        return isinstance(self._source, Detail) or "detail" in self.__dict__

    @cached_property
    def summary(self) -> Summary:
        """The scores of the components, rounds and aspects (every depth), without the detail.

        Fast-path results compute them from the integer sums of the fast path (``fastnodes``),
        so the bulk recompute never needs the general path; other results take them from the
        detail. Either way they are exactly what the general path gives.
        """
        if self._fast is not None and not self.detail_ready:
            return self._fast.summary()
        detail = self.detail
        return Summary(detail.components, detail.rounds, detail.nodes)

    @property
    def components(self) -> dict[str, NodeScore]:
        return self.summary.components

    @property
    def rounds(self) -> dict[str, NodeScore]:
        return self.summary.rounds

    @property
    def nodes(self) -> dict[str, NodeScore]:
        return self.summary.nodes

    @cached_property
    def indicators(self) -> dict[str, NodeScore]:
        if self._fast is not None and not self.detail_ready:
            return self._fast.indicators()
        return self.detail.indicators

    def explain(self) -> dict[str, Any]:
        """A JSON-ready tree of how the total came about (see docs/instruments.md)."""
        return self._explainer(self._instrument, self)
