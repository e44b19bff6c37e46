"""The scoring engine: answers in, exact totals, grades and an explanation out.

Everything is exact: answers become Fractions in [0, 1] (``Indicator.normalise``), evaluators'
scores are aggregated (mean, median, trimmed mean, optionally z-score normalised), and the tree
blends them by weight:

* a node's fraction is the weighted mean of its children's fractions (weights as written, so
  ``percent``, ``points`` and ``relative`` all mean "proportional to the weight");
* a component's fraction is the weighted mean of its top-level aspects;
* the total fraction is the weighted mean of the components by component weight, or, when the
  instrument has rounds, the weighted mean of the rounds (each round the weighted mean of its
  components) up to ``upto_round``;
* total = scale.min + fraction * (scale.max - scale.min), rounded half-up only for display.

Missing answers follow the instrument's policy: ``zero`` (a missing indicator scores 0),
``reweight`` (it is left out and its siblings' weights renormalised) or ``no_result`` (no total).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import Any

from ..model.answers import NumberAnswer
from ..model.errors import AnswerError, ScoreInputError
from ..model.numbers import present, round_half_up, scaled_text
from ..model.schema import Aggregation, Aspect, Band, Indicator, Instrument
from .aggregate import ZScore, aggregate, zscore_parameters
from .fastnodes import FastNodes, Summary, node_plan_for
from .plans import Plan, plan_for, round_parts, shares_of
from .rounding import band_table

__all__ = [
    "Detail",
    "NodeScore",
    "Observation",
    "ParticipantInput",
    "Plan",
    "Raw",
    "Result",
    "Summary",
    "entries_of",
    "evaluate",
    "observe",
    "plan_for",
    "score",
    "score_answers",
    "score_many",
]

Raw = int | str | Decimal | Fraction | dict
"""One raw answer: a level, option key, Y/T, number, text, or {"target": …, "actual": …}."""

# Places of the decimal strings in explain(): enough to re-add the shares by hand.
EXPLAIN_PLACES = 6


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
class ParticipantInput:
    """One participant's answers for ``score_many``: values and optional plenary consensus."""

    values: Mapping[str, Mapping[str, Any]]
    consensus: Mapping[str, Mapping[str, Any]] | None = None


@dataclass(frozen=True)
class Observation:
    """One evaluator's answer to one indicator: raw as given, score, z-adjusted score."""

    evaluator: Hashable
    raw: Any
    fraction: Fraction | None
    adjusted: Fraction | None = None

    @property
    def used(self) -> Fraction | None:
        return self.adjusted if self.adjusted is not None else self.fraction


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
    # Fast-path results: the integer data their node scores come from (see ``summary``).
    _fast: FastNodes | None = field(default=None, compare=False, repr=False)

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
        from .explain import explain

        return explain(self._instrument, self)


# ------------------------------------------------------------------------------------ input


def entries_of(indicator: Indicator, value: Any) -> list[tuple[Hashable, Any]]:
    """The (evaluator, raw) pairs of one indicator's value.

    A mapping gives one answer per evaluator key (except a number answer's own
    ``{"target", "actual"}``), a list or tuple one per respondent (keyed by position), anything
    else is a single answer (evaluator ``None``).
    """
    if isinstance(value, Mapping):
        if isinstance(indicator.answer, NumberAnswer) and set(value) <= {"target", "actual"}:
            return [(None, value)]
        return list(value.items())
    if isinstance(value, list | tuple):
        return list(enumerate(value))
    return [(None, value)]


def _who(evaluator: Hashable) -> str:
    if evaluator is None:
        return ""
    if isinstance(evaluator, int):
        return f" [responden {evaluator + 1}]"
    return f" [penilai {evaluator}]"


def observe(
    instrument: Instrument, values: Mapping[str, Mapping[str, Any]] | None, problems: list[str]
) -> dict[str, list[Observation]]:
    """Every answer of ``values`` checked and scored; problems are appended, never raised."""
    observed: dict[str, list[Observation]] = {}
    if values is None:
        return observed
    if not isinstance(values, Mapping):
        problems.append("jawaban harus berupa pemetaan komponen → {ref: nilai}")
        return observed
    codes = [c.code for c in instrument.components]
    for code, answers in values.items():
        if code not in codes:
            problems.append(f"komponen '{code}' tidak dikenal; yang ada: {', '.join(codes)}")
            continue
        if not isinstance(answers, Mapping):
            problems.append(f"jawaban komponen '{code}' harus berupa pemetaan {{ref: nilai}}")
            continue
        for key, value in answers.items():
            # Refs are text; a caller writing the ref "1" as the number 1 means the same.
            ref = str(key) if isinstance(key, int) and not isinstance(key, bool) else key
            node = instrument.derived.nodes.get(ref)
            if not isinstance(node, Indicator):
                problems.append(f"{ref}: indikator tidak dikenal")
                continue
            owner = instrument.derived.component_of[ref]
            if owner != code:
                problems.append(f"{ref}: indikator milik komponen '{owner}', bukan '{code}'")
                continue
            found = observed.setdefault(ref, [])
            for evaluator, raw in entries_of(node, value):
                if raw is None:
                    continue
                try:
                    fraction = node.normalise(raw)
                except AnswerError as exc:
                    problems.append(f"{ref}{_who(evaluator)}: {exc}")
                    continue
                found.append(Observation(evaluator, raw, fraction))
    return observed


def observe_consensus(
    instrument: Instrument, consensus: Mapping[str, Mapping[str, Any]] | None, problems: list[str]
) -> dict[str, tuple[Any, Fraction | None]]:
    """Consensus values (one per indicator) checked and scored."""
    out: dict[str, tuple[Any, Fraction | None]] = {}
    if not consensus:
        return out
    for ref, observations in observe(instrument, consensus, problems).items():
        if len(observations) > 1:
            problems.append(f"{ref}: konsensus hanya satu nilai per indikator")
        elif observations:
            out[ref] = (observations[0].raw, observations[0].fraction)
    return out


# ------------------------------------------------------------------------------------ scoring


def _combine(parts: Iterable[tuple[Fraction, Fraction | None]], policy: str) -> Fraction | None:
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


def evaluate(
    instrument: Instrument,
    plan: Plan,
    observed: Mapping[str, Sequence[Observation]],
    consensus: Mapping[str, tuple[Any, Fraction | None]],
) -> Result:
    """Blend checked answers into a Result (the general path; exact Fractions throughout)."""
    policy = instrument.missing
    weights = plan.weights
    aggregated: dict[str, Fraction | None] = {}
    leaves: dict[str, Fraction | None] = {}
    missing: list[str] = []
    for indicator in instrument.iter_indicators():
        ref = indicator.ref
        if not indicator.scored:
            continue
        aggregation = plan.aggregations[instrument.derived.component_of[ref]]
        scores = [o.used for o in observed.get(ref, ()) if o.used is not None]
        value = aggregated[ref] = aggregate(scores, aggregation)
        if ref in consensus:
            value = consensus[ref][1]
        if value is None and plan.node_shares.get(ref, 0) > 0:
            # Only indicators that count are "missing"; an unanswered indicator of a part that
            # does not count (a weight-0 survey) simply has no value.
            missing.append(ref)
            if policy == "zero":
                value = Fraction(0)
        leaves[ref] = value

    fractions: dict[str, Fraction | None] = {}

    def node_fraction(node: Aspect | Indicator) -> Fraction | None:
        if isinstance(node, Indicator):
            value = leaves.get(node.ref)
        else:
            parts = [(c, node_fraction(c)) for c in node.children]
            value = _combine(((weights[c.ref], f) for c, f in parts if c.weight > 0), policy)
        fractions[node.ref] = value
        return value

    component_fractions: dict[str, Fraction | None] = {}
    for component in instrument.components:
        parts = [(a, node_fraction(a)) for a in instrument.top_aspects(component.code)]
        component_fractions[component.code] = _combine(
            ((weights[a.ref], f) for a, f in parts if a.weight > 0), policy
        )

    round_fractions: dict[str, Fraction | None] = {}
    if instrument.rounds:
        for round_ in instrument.rounds:
            round_fractions[round_.code] = _combine(
                ((w, component_fractions[code]) for code, w in round_parts(instrument, round_)),
                policy,
            )
        total_fraction = _combine(
            ((Fraction(r.weight), round_fractions[r.code]) for r in plan.rounds if r.weight > 0),
            policy,
        )
    else:
        total_fraction = _combine(
            (
                (Fraction(c.weight), component_fractions[c.code])
                for c in instrument.components
                if c.weight > 0
            ),
            policy,
        )

    if policy == "reweight":
        # Missing parts hand their share to their siblings.
        component_shares, node_shares, round_shares = shares_of(
            instrument,
            plan.rounds,
            weights,
            lambda code: round_fractions.get(code) is not None,
            lambda code: component_fractions.get(code) is not None,
            lambda ref: fractions.get(ref) is not None,
        )
    else:
        component_shares, node_shares = plan.component_shares, plan.node_shares
        round_shares = plan.round_shares

    low = Fraction(instrument.scale.min)
    span = instrument.scale.span
    decimals = instrument.decimals
    zero = Fraction(0)

    def node_score(
        ref: str, name: str, kind: str, weight: Decimal, value: Fraction | None, share: Fraction
    ) -> NodeScore:
        if value is None:
            return NodeScore(ref, name, kind, weight, share, None, None, None, "")
        on_scale = low + value * span
        points = share * value * span
        return NodeScore(
            ref, name, kind, weight, share, value, on_scale, points, present(on_scale, decimals)
        )

    nodes: dict[str, NodeScore] = {}
    indicators: dict[str, NodeScore] = {}
    for node in instrument.iter_nodes():
        share = node_shares.get(node.ref, zero)
        if isinstance(node, Indicator):
            value = leaves.get(node.ref) if node.scored else None
            indicators[node.ref] = node_score(
                node.ref, node.name, "indicator", node.weight, value, share
            )
        else:
            nodes[node.ref] = node_score(
                node.ref, node.name, "aspect", node.weight, fractions[node.ref], share
            )
    components = {
        c.code: node_score(
            c.code,
            c.name,
            "component",
            c.weight,
            component_fractions[c.code],
            component_shares.get(c.code, zero),
        )
        for c in instrument.components
    }
    rounds = {
        r.code: node_score(
            r.code,
            r.name,
            "round",
            r.weight,
            round_fractions[r.code],
            round_shares.get(r.code, zero),
        )
        for r in instrument.rounds
    }
    detail = Detail(
        components=components,
        rounds=rounds,
        nodes=nodes,
        indicators=indicators,
        observed={ref: tuple(obs) for ref, obs in observed.items()},
        aggregated=aggregated,
        consensus=dict(consensus),
        aggregations=plan.aggregations,
        total_fraction=total_fraction,
        upto_round=plan.upto_round,
    )
    total = None if total_fraction is None else low + total_fraction * span
    return _result(instrument, total, tuple(missing), detail)


def _result(
    instrument: Instrument,
    total: Fraction | None,
    missing: tuple[str, ...],
    source: Detail | Callable[[], Detail],
    fast: FastNodes | None = None,
) -> Result:
    if total is None:
        return Result(instrument.key, None, "", None, missing, source, instrument, fast)
    scaled = round_half_up(total, instrument.decimals)
    return Result(
        instrument.key,
        total,
        scaled_text(scaled, instrument.decimals),
        band_table(instrument).lookup(scaled),
        missing,
        source,
        instrument,
        fast,
    )


def _participant(value: ParticipantInput | Mapping[str, Any]) -> ParticipantInput:
    return value if isinstance(value, ParticipantInput) else ParticipantInput(value)


def _general(
    instrument: Instrument, plan: Plan, participant: ParticipantInput, prefix: str = ""
) -> tuple[dict[str, list[Observation]], dict[str, tuple[Any, Fraction | None]]]:
    problems: list[str] = []
    observed = observe(instrument, participant.values, problems)
    consensus = observe_consensus(instrument, participant.consensus, problems)
    if problems:
        raise ScoreInputError([prefix + problem for problem in problems])
    return observed, consensus


def _detail_of(instrument: Instrument, plan: Plan, participant: ParticipantInput) -> Detail:
    observed, consensus = _general(instrument, plan, participant)
    return evaluate(instrument, plan, observed, consensus).detail


def score(
    instrument: Instrument,
    values: Mapping[str, Mapping[str, Any]],
    *,
    consensus: Mapping[str, Mapping[str, Any]] | None = None,
    aggregation: Aggregation | str | None = None,
    upto_round: str | None = None,
) -> Result:
    """Score one participant.

    ``values`` maps component code → indicator ref → one raw answer, a list of answers (one per
    respondent) or a mapping evaluator → answer. ``consensus`` has the same shape with single
    answers and replaces the aggregate of those indicators. ``aggregation`` overrides the
    instrument's; ``upto_round`` counts rounds up to and including that one. Raises
    ``ScoreInputError`` listing every unknown ref and every answer that does not fit.
    """
    participant = ParticipantInput(values, consensus)
    plan = plan_for(instrument, aggregation, upto_round)
    if any(a.zscore for a in plan.aggregations.values()):
        return score_many(
            instrument, {None: participant}, aggregation=aggregation, upto_round=upto_round
        )[None]
    observed, found = _general(instrument, plan, participant)
    return evaluate(instrument, plan, observed, found)


def score_answers(instrument: Instrument, answers: Mapping[str, Any]) -> Result:
    """Score answers to the first component only: ``{ref: raw}``."""
    return score(instrument, {instrument.components[0].code: answers})


def score_many(
    instrument: Instrument,
    participants: Mapping[Hashable, ParticipantInput | Mapping[str, Mapping[str, Any]]],
    *,
    aggregation: Aggregation | str | None = None,
    upto_round: str | None = None,
) -> dict[Hashable, Result]:
    """Score many participants at once (the bulk recompute).

    Complete answer sets of finite answer types with mean aggregation take the integer fast
    path; their component, round, aspect and indicator scores come from the fast path's integer
    sums when first read (``Result.summary``, ``fastnodes``), and only the full detail
    (observations, ``explain()``) goes through the general path, on first access. Z-score
    normalisation needs the whole batch: each evaluator's scores are standardised over
    everything they scored here.
    Raises ``ScoreInputError`` naming the participant of every bad answer.
    """
    plan = plan_for(instrument, aggregation, upto_round)
    results: dict[Hashable, Result] = {}
    zscored = {code for code, a in plan.aggregations.items() if a.zscore}
    fast = plan.fast if not zscored else None
    node_plan = node_plan_for(instrument, plan) if fast is not None else None
    pending: dict[Hashable, ParticipantInput] = {}
    for key, value in participants.items():
        participant = _participant(value)
        if fast is not None and not participant.consensus:
            found = fast.total(participant.values)
            if found is not None:
                total, snapshot, sums, counts = found
                # The node scores come from the integer sums; the detail (on first access)
                # from the private copy of the answers, through the general path.
                nodes = FastNodes(node_plan, sums, counts, snapshot)
                results[key] = _result(instrument, total, (), nodes, nodes)
                continue
        pending[key] = participant
    if not pending:
        return results
    problems: list[str] = []
    checked: dict[Hashable, tuple[dict[str, list[Observation]], dict[str, Any]]] = {}
    for key, participant in pending.items():
        try:
            checked[key] = _general(instrument, plan, participant, f"peserta {key}: ")
        except ScoreInputError as exc:
            problems.extend(exc.errors)
    if problems:
        raise ScoreInputError(problems)
    if zscored:
        _apply_zscore(instrument, zscored, checked)
    for key, (observed, consensus) in checked.items():
        results[key] = evaluate(instrument, plan, observed, consensus)
    # Keep the caller's order.
    return {key: results[key] for key in participants}


def _apply_zscore(
    instrument: Instrument,
    zscored: set[str],
    checked: Mapping[Hashable, tuple[dict[str, list[Observation]], Any]],
) -> None:
    component_of = instrument.derived.component_of
    samples = [
        (o.evaluator, o.fraction)
        for observed, _ in checked.values()
        for ref, observations in observed.items()
        if component_of[ref] in zscored
        for o in observations
        if o.fraction is not None
    ]
    parameters: ZScore = zscore_parameters(samples)
    for observed, _ in checked.values():
        for ref, observations in observed.items():
            if component_of[ref] in zscored:
                observed[ref] = [
                    Observation(
                        o.evaluator, o.raw, o.fraction, parameters.adjust(o.evaluator, o.fraction)
                    )
                    if o.fraction is not None
                    else o
                    for o in observations
                ]


def explain_number(value: Fraction | None) -> str | None:
    """A fraction as a decimal string with EXPLAIN_PLACES places (half-up), for explain()."""
    if value is None:
        return None
    return present(value, EXPLAIN_PLACES)
