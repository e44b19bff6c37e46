"""The engine's entry points: answers in, exact totals, grades and an explanation out.

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

from collections.abc import Hashable, Mapping
from typing import Any

from ..model.errors import ScoreInputError
from ..model.schema import Aggregation, Instrument
from .aggregate import ZScore, zscore_parameters
from .fastnodes import FastNodes, node_plan_for
from .general import evaluate, result_of
from .inputs import as_participant, checked_input
from .plans import plan_for
from .types import Checked, Observation, ParticipantInput, Result

__all__ = ["score", "score_answers", "score_many"]


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
    observed, found = checked_input(instrument, participant)
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
        participant = as_participant(value)
        if fast is not None and not participant.consensus:
            found = fast.total(participant.values)
            if found is not None:
                total, snapshot, sums, counts = found
                # The node scores come from the integer sums; the detail (on first access)
                # from the private copy of the answers, through the general path.
                nodes = FastNodes(node_plan, sums, counts, snapshot)
                results[key] = result_of(instrument, total, (), nodes, nodes)
                continue
        pending[key] = participant
    if not pending:
        return results
    problems: list[str] = []
    checked: dict[Hashable, Checked] = {}
    for key, participant in pending.items():
        try:
            checked[key] = checked_input(instrument, participant, f"peserta {key}: ")
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
    checked: Mapping[Hashable, Checked],
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
                        o.evaluator,
                        o.raw,
                        o.fraction,
                        parameters.adjust(o.evaluator, o.fraction),
                        o.count,
                    )
                    if o.fraction is not None
                    else o
                    for o in observations
                ]
