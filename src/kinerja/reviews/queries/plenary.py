"""The plenary grid: for one participant, every indicator the evaluators score with each
evaluator's score, the aggregate the engine uses, the spread, outliers and the consensus.

Scores are shown on the instrument's scale (``scale.min + fraction × span``, e.g. 0–100), so
the spread and the aggregate compare across indicators whatever their answer type.

- **Aggregate**: what the engine computes for the indicator without a consensus, taken from the
  engine itself (``score_many`` over this participant, as ``recompute_participant`` does), so
  it follows the instrument's aggregation (mean, median, trimmed mean, z-score).
- **Spread**: highest minus lowest evaluator score (exact).
- **Outlier**: a score outside Tukey's fences, below Q1 − 1.5 × IQR or above Q3 + 1.5 × IQR,
  with the quartiles interpolated linearly between the sorted scores (position (n − 1) × p,
  the common "type 7" rule), when there are at least four scores. With three scores no value
  can fall outside the fences (the middle one pulls both quartiles), so the spread is what the
  chair reads there.

Query count does not depend on the number of participants, indicators or evaluators: the
participant's reviews, its assigned evaluators, its consensus values and the stored result, one
query each (the plenary row is read by the caller).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from kinerja.assessments.queries import review_scope_for
from kinerja.cycles.models import Assignment, Cycle, Participant, TeamMember
from kinerja.results.models import Result
from kinerja.reviews.models import Consensus, Plenary, Review
from kinerja.reviews.queries.f02 import others_visible, score_visibility
from kinerja.scoring.engine import ParticipantInput, score_many
from kinerja.scoring.model.schema import Component, Indicator, Instrument

TUKEY_K = Fraction(3, 2)
MIN_FOR_OUTLIERS = 4


# --- statistics (exact, pure) -----------------------------------------------------------------


def spread(scores: Sequence[Fraction]) -> Fraction | None:
    """Highest minus lowest score (None without scores)."""
    return max(scores) - min(scores) if scores else None


def quantile(ordered: Sequence[Fraction], p: Fraction) -> Fraction:
    """Linear interpolation between the sorted values at position (n − 1) × p."""
    position = (len(ordered) - 1) * p
    low = int(position)  # floor: non-negative
    if low + 1 >= len(ordered):
        return ordered[-1]
    return ordered[low] + (ordered[low + 1] - ordered[low]) * (position - low)


def fences(scores: Sequence[Fraction]) -> tuple[Fraction, Fraction] | None:
    """Tukey's fences (Q1 − 1.5 IQR, Q3 + 1.5 IQR), None with fewer than four scores."""
    if len(scores) < MIN_FOR_OUTLIERS:
        return None
    ordered = sorted(scores)
    q1, q3 = quantile(ordered, Fraction(1, 4)), quantile(ordered, Fraction(3, 4))
    iqr = q3 - q1
    return q1 - TUKEY_K * iqr, q3 + TUKEY_K * iqr


def outliers(scores: Sequence[Fraction]) -> list[bool]:
    """For each score, whether it lies outside Tukey's fences (see the module notes)."""
    bounds = fences(scores)
    if bounds is None:
        return [False] * len(scores)
    low, high = bounds
    return [s < low or s > high for s in scores]


def on_scale(instrument: Instrument, fraction: Fraction | None) -> Fraction | None:
    if fraction is None:
        return None
    return Fraction(instrument.scale.min) + fraction * instrument.scale.span


def shown(value: Fraction | None, decimals: int) -> str:
    """Half-up to ``decimals`` places, for the page (the exact value stays in the data)."""
    if value is None:
        return ""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return str(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


# --- the grid ---------------------------------------------------------------------------------


@dataclass
class ScoreCell:
    evaluator: TeamMember
    review: Review | None
    score: Fraction | None = None
    text: str = ""
    outlier: bool = False

    @property
    def raw(self):
        return self.review.value if self.review is not None else None


@dataclass
class PlenaryRow:
    indicator: Indicator
    component: Component
    round: str
    dom_id: str
    cells: list[ScoreCell]
    aggregate: Fraction | None
    spread: Fraction | None
    consensus: Consensus | None
    consensus_score: Fraction | None
    decimals: int
    # Set by the view when a consensus form of this row was refused.
    posted: dict | None = None
    error: str = ""

    @property
    def aggregate_text(self) -> str:
        return shown(self.aggregate, self.decimals)

    @property
    def spread_text(self) -> str:
        return shown(self.spread, self.decimals)

    @property
    def consensus_text(self) -> str:
        return shown(self.consensus_score, self.decimals)

    @property
    def has_outlier(self) -> bool:
        return any(c.outlier for c in self.cells)

    @property
    def scores(self) -> list[Fraction]:
        return [c.score for c in self.cells if c.score is not None]

    @property
    def shown_value(self):
        if self.posted is not None:
            return self.posted["value"]
        return self.consensus.value if self.consensus is not None else None

    @property
    def shown_value_text(self) -> str:
        value = self.shown_value
        return "" if value is None or isinstance(value, dict) else str(value)

    @property
    def form_version(self) -> int:
        """The consensus version the row's forms send: the stored one (0 for none), or what a
        refused form had sent, unless it was refused for a conflict."""
        if self.posted is not None and self.posted.get("version") is not None:
            return self.posted["version"]
        return self.consensus.version if self.consensus is not None else 0

    @property
    def shown_reason(self) -> str:
        if self.posted is not None:
            return self.posted["reason"]
        return self.consensus.reason if self.consensus is not None else ""


@dataclass
class PlenaryGrid:
    participant: Participant
    plenary: Plenary | None
    evaluators: list[TeamMember]
    rows: list[PlenaryRow]
    visibility: str
    others_visible: bool
    seat: TeamMember | None
    result: Result | None
    scale_text: str
    extra: dict = field(default_factory=dict)

    @property
    def is_open(self) -> bool:
        return self.plenary is None or self.plenary.is_open

    @property
    def decided(self) -> int:
        return sum(1 for r in self.rows if r.consensus is not None)

    @property
    def with_outliers(self) -> int:
        return sum(1 for r in self.rows if r.has_outlier)

    def row(self, ref: str) -> PlenaryRow | None:
        return next((r for r in self.rows if r.indicator.ref == ref), None)

    def next_to_decide(self, ref: str = "") -> PlenaryRow | None:
        """The first row after ``ref`` (from the top without it) whose scores have an outlier
        and that has no consensus yet: where the chair goes on after a save."""
        refs = [r.indicator.ref for r in self.rows]
        start = refs.index(ref) + 1 if ref in refs else 0
        waiting = (r for r in self.rows[start:] if r.has_outlier and r.consensus is None)
        return next(waiting, None)


def plenary_of(cycle: Cycle, round: str = "") -> Plenary | None:
    return (
        Plenary.objects.filter(cycle=cycle, round=round)
        .select_related("opened_by", "closed_by")
        .first()
    )


def plenary_participants(cycle: Cycle, *, seat: TeamMember | None, sees_all: bool):
    """The participants the viewer may open in the plenary: all of them for the chair and the
    organiser, the ones assigned to them for another evaluator. One query."""
    participants = cycle.participants.select_related("unit").order_by("unit__name", "pk")
    if sees_all:
        return participants
    if seat is None:
        return participants.none()
    return participants.filter(assignments__evaluator=seat)


def plenary_grid(
    participant: Participant,
    *,
    seat: TeamMember | None,
    sees_all: bool,
    plenary: Plenary | None = None,
    round: str = "",
) -> PlenaryGrid:
    """Everything the plenary page shows for ``participant``, in a fixed number of queries.

    ``sees_all`` (chair, organiser) shows every evaluator's score; for another evaluator
    (``seat``) other evaluators' scores, the aggregate, spread, outliers and the consensus are
    shown only when the stage's ``see_other_scores`` allows (``after_own``: once they have
    submitted their own scores of this participant); otherwise only their own column. With
    rounds, only the indicators scored (first) in ``round`` are listed.
    """
    cycle = participant.cycle
    instrument = cycle.instrument_version.definition
    scope = review_scope_for(cycle)
    decimals = instrument.decimals
    reviews = list(Review.objects.filter(participant=participant).select_related("evaluator__user"))
    own_submitted = [
        r.submitted_at
        for r in reviews
        if seat is not None and r.evaluator_id == seat.pk and r.submitted_at
    ]
    submitted_at: dt.datetime | None = min(own_submitted) if own_submitted else None
    visibility = score_visibility(cycle)
    visible = others_visible(visibility, sees_all=sees_all, submitted_at=submitted_at)
    evaluators: dict[int, TeamMember] = {
        a.evaluator.pk: a.evaluator
        for a in Assignment.objects.filter(participant=participant).select_related(
            "evaluator__user"
        )
    }
    for review in reviews:
        evaluators.setdefault(review.evaluator_id, review.evaluator)
    if not visible:
        evaluators = {pk: e for pk, e in evaluators.items() if seat is not None and pk == seat.pk}
    columns = sorted(evaluators.values(), key=lambda e: (str(e.user), e.pk))
    by_key = {(r.evaluator_id, r.indicator_ref, r.round): r for r in reviews}
    decided = {
        (c.indicator_ref, c.round): c
        for c in Consensus.objects.filter(participant=participant).select_related("decided_by")
    }
    aggregates: dict[str, Fraction | None] = {}
    if visible:
        aggregates = _engine_aggregates(participant, reviews, instrument)
    rows = []
    for aspect in scope.aspects:
        for indicator in aspect.indicators:
            if not indicator.scored:
                continue
            if scope.default_round(indicator.ref) != round:
                continue
            cells = []
            for evaluator in columns:
                review = by_key.get((evaluator.pk, indicator.ref, round))
                cell = ScoreCell(evaluator=evaluator, review=review)
                if review is not None and review.value is not None:
                    cell.score = on_scale(instrument, indicator.normalise(review.value))
                    cell.text = shown(cell.score, decimals)
                cells.append(cell)
            scored = [c for c in cells if c.score is not None]
            if visible:
                for cell, flag in zip(scored, outliers([c.score for c in scored]), strict=True):
                    cell.outlier = flag
            consensus = decided.get((indicator.ref, round)) if visible else None
            rows.append(
                PlenaryRow(
                    indicator=indicator,
                    component=aspect.component,
                    round=round,
                    dom_id=scope.dom_ids[indicator.ref],
                    cells=cells,
                    aggregate=on_scale(instrument, aggregates.get(indicator.ref))
                    if visible
                    else None,
                    spread=spread([c.score for c in scored]) if visible else None,
                    consensus=consensus,
                    consensus_score=on_scale(instrument, indicator.normalise(consensus.value))
                    if consensus is not None
                    else None,
                    decimals=decimals,
                )
            )
    result = Result.objects.filter(participant=participant).first() if visible else None
    scale = instrument.scale
    return PlenaryGrid(
        participant=participant,
        plenary=plenary,
        evaluators=columns,
        rows=rows,
        visibility=visibility,
        others_visible=visible,
        seat=seat,
        result=result,
        scale_text=f"{scale.min}–{scale.max}",
    )


def _engine_aggregates(
    participant: Participant, reviews: Sequence[Review], instrument: Instrument
) -> dict[str, Fraction | None]:
    """The aggregate per indicator as the engine computes it without the consensus, from the
    reviews already read (the shape ``results.compute.inputs_for`` gives; no query)."""
    values: dict[str, dict[str, dict[int, object]]] = {}
    for review in reviews:
        if review.value is not None:
            values.setdefault(review.component, {}).setdefault(review.indicator_ref, {})[
                review.evaluator_id
            ] = review.value
    result = score_many(instrument, {participant.pk: ParticipantInput(values=values)})
    return dict(result[participant.pk].detail.aggregated)
