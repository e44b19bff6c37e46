"""The organiser's fairness view of a cycle: do the evaluators agree, and who stands out?

Every evaluator's score is normalised with the instrument's indicator (``Indicator.normalise``,
an exact fraction in [0, 1]), so indicators of any answer type compare. A *unit* is one
(participant, indicator, round); unscorable values (text answers, empty values, values the
indicator refuses) are skipped. The pure functions of ``kinerja.scoring.engine.agreement`` do the
statistics: Krippendorff's interval alpha over all units, and per evaluator the mean score and
the mean and spread of their deviation from the other evaluators, with Tukey outliers.

Queries: the team (with users and agencies) and the reviews (``values_list``), one each,
whatever the number of participants, indicators or evaluators.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from kinerja.cycles.models import Cycle, TeamMember
from kinerja.results.sources import evaluator_scores
from kinerja.scoring.engine.agreement import (
    Agreement,
    EvaluatorStats,
    alpha_verdict,
    evaluator_stats,
    krippendorff_alpha,
    outlier_evaluators,
    tukey_fences,
)
from kinerja.scoring.model.errors import AnswerError
from kinerja.scoring.model.numbers import present
from kinerja.scoring.model.schema import Indicator, Instrument

DECIMALS = 2


def _text(value: Fraction | None, *, signed: bool = False) -> str:
    if value is None:
        return ""
    text = present(value, DECIMALS)
    return f"+{text}" if signed and value > 0 else text


@dataclass(frozen=True)
class EvaluatorRow:
    """One evaluator's line on the page (percentage points of the 0–1 score)."""

    evaluator: TeamMember
    stats: EvaluatorStats
    outlier: bool

    @property
    def name(self) -> str:
        return str(self.evaluator.user)

    @property
    def agency(self) -> str:
        return self.evaluator.agency.name if self.evaluator.agency else ""

    @property
    def n(self) -> int:
        return self.stats.n

    @property
    def scored(self) -> int:
        return self.stats.scored

    @property
    def mean_text(self) -> str:
        return _text(self.stats.mean)

    @property
    def mean_deviation_text(self) -> str:
        return _text(self.stats.mean_deviation, signed=True)

    @property
    def spread_text(self) -> str:
        return _text(self.stats.spread)


@dataclass(frozen=True)
class Fairness:
    """What the fairness page shows for a cycle.

    ``agreement`` is Krippendorff's interval alpha over the normalised scores (with the numbers
    of pairable units and values); ``rows`` has one line per team member who scored, the most
    lenient first (highest mean deviation), evaluators without comparable scores last;
    ``fences`` are Tukey's fences of the mean deviations (``None`` with fewer than four
    evaluators to compare).
    """

    agreement: Agreement
    rows: list[EvaluatorRow]
    fences: tuple[Fraction, Fraction] | None

    @property
    def alpha(self) -> Fraction | None:
        return self.agreement.alpha

    @property
    def alpha_text(self) -> str:
        return present(self.alpha, 3) if self.alpha is not None else ""

    @property
    def verdict(self) -> str:
        return alpha_verdict(self.alpha)

    @property
    def outliers(self) -> list[EvaluatorRow]:
        return [row for row in self.rows if row.outlier]

    @property
    def low_fence_text(self) -> str:
        return _text(self.fences[0], signed=True) if self.fences else ""

    @property
    def high_fence_text(self) -> str:
        return _text(self.fences[1], signed=True) if self.fences else ""


class _Normaliser:
    """``Indicator.normalise`` per (ref, value), memoised for hashable raw values."""

    def __init__(self, instrument: Instrument) -> None:
        self.nodes = instrument.derived.nodes
        self.memo: dict[tuple[str, type, Any], Fraction | None] = {}

    def __call__(self, ref: str, raw: Any) -> Fraction | None:
        if raw is None:
            return None
        hashable = not isinstance(raw, dict | list)
        # The type is part of the key: True == 1 in Python, not for an answer type.
        key = (ref, type(raw), raw) if hashable else None
        if key is not None and key in self.memo:
            return self.memo[key]
        node = self.nodes.get(ref)
        value = None
        if isinstance(node, Indicator) and node.scored:
            try:
                value = node.normalise(raw)
            except AnswerError:
                value = None
        if key is not None:
            self.memo[key] = value
        return value


def fairness_units(cycle: Cycle, instrument: Instrument) -> dict[Hashable, dict[int, Fraction]]:
    """(participant, indicator, round) → {evaluator id: normalised score}; one query."""
    normalise = _Normaliser(instrument)
    units: dict[Hashable, dict[int, Fraction]] = {}
    for evaluator_id, participant_id, ref, round_, raw in evaluator_scores(cycle):
        score = normalise(ref, raw)
        if score is not None:
            units.setdefault((participant_id, ref, round_), {})[evaluator_id] = score
    return units


def _order(row: EvaluatorRow) -> tuple:
    deviation = row.stats.mean_deviation
    return (deviation is None, -(deviation or 0), row.name.casefold(), row.evaluator.pk)


def fairness_for_cycle(cycle: Cycle) -> Fairness:
    """Agreement and per-evaluator statistics of ``cycle`` (two queries; the cycle should come
    with ``instrument_version__instrument`` selected so reading the instrument costs none)."""
    instrument = cycle.instrument_version.definition
    team = {
        m.pk: m for m in TeamMember.objects.filter(cycle=cycle).select_related("user", "agency")
    }
    units = fairness_units(cycle, instrument)
    agreement = krippendorff_alpha(units, metric="interval")
    stats = evaluator_stats(units)
    flagged = outlier_evaluators(stats)
    rows = [
        EvaluatorRow(evaluator=team[pk], stats=s, outlier=pk in flagged)
        for pk, s in stats.items()
        if pk in team
    ]
    rows.sort(key=_order)
    deviations = [s.mean_deviation for s in stats.values() if s.mean_deviation is not None]
    return Fairness(agreement=agreement, rows=rows, fences=tukey_fences(deviations))
