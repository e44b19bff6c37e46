"""Results from reviews, through the one scoring engine, set-based.

Full recompute: one query for participants, one for reviews, the engine's ``score_many`` over
all of them, one bulk upsert of results, one ranking pass. Incremental: the same for one
participant, then the ranking pass (one query, an UPDATE only for ranks that changed).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db import transaction

from kinerja.cycles.enums import ParticipantStatus
from kinerja.cycles.models import Cycle, Participant
from kinerja.results.models import Result
from kinerja.scoring.engine import ParticipantInput, score_many
from kinerja.scoring.ranking import awards_for, rank, tie_break_values

TOTAL_PLACES = Decimal("0.000000000001")
RESULT_FIELDS = [
    "total",
    "total_exact",
    "display",
    "grade_code",
    "grade_label",
    "components",
    "aspects",
    "missing",
    "tiebreak",
    "inputs_hash",
    "computed_at",
]
RANK_FIELDS = ["rank", "awards"]


def _fraction_text(value: Fraction | None) -> str:
    return "" if value is None else f"{value.numerator}/{value.denominator}"


def parse_fraction(text: str) -> Fraction | None:
    return Fraction(text) if text else None


def _decimal(value: Fraction | None) -> Decimal | None:
    if value is None:
        return None
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        TOTAL_PLACES, rounding=ROUND_HALF_UP
    )


def inputs_for(
    cycle: Cycle, participant_ids: Iterable[int] | None = None
) -> dict[int, ParticipantInput]:
    """Engine input per participant: ``{component: {ref: {evaluator_id: value}}}`` from reviews
    (one query). Plenary consensus values join here once the plenary records them."""
    from kinerja.reviews.models import Review

    reviews = Review.objects.filter(participant__cycle=cycle).exclude(value=None)
    if participant_ids is not None:
        reviews = reviews.filter(participant_id__in=list(participant_ids))
    values: dict[int, dict[str, dict[str, dict[int, object]]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for participant_id, component, ref, evaluator_id, value in reviews.values_list(
        "participant_id", "component", "indicator_ref", "evaluator_id", "value"
    ).iterator(chunk_size=20_000):
        values[participant_id][component].setdefault(ref, {})[evaluator_id] = value
    return {pid: ParticipantInput(values=components) for pid, components in values.items()}


def _inputs_hash(participant_input: ParticipantInput | None) -> str:
    data = participant_input.values if participant_input is not None else {}
    text = json.dumps(data, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _top_aspects(instrument) -> frozenset[str]:
    return frozenset(a.ref for c in instrument.components for a in instrument.top_aspects(c.code))


def _result_row(
    cycle: Cycle, participant_id: int, result, participant_input, *, top_aspects=None
) -> Result:
    instrument = cycle.instrument_version.definition
    top_aspects = top_aspects if top_aspects is not None else _top_aspects(instrument)
    nodes = result.nodes
    return Result(
        cycle=cycle,
        participant_id=participant_id,
        total=_decimal(result.total),
        total_exact=_fraction_text(result.total),
        display=result.display or "",
        grade_code=result.grade.code if result.grade else "",
        grade_label=result.grade.label if result.grade else "",
        components={
            code: {"name": node.name, "score": _fraction_text(node.score), "display": node.display}
            for code, node in result.components.items()
        },
        aspects={
            ref: {"name": node.name, "score": _fraction_text(node.score), "display": node.display}
            for ref, node in nodes.items()
            if ref in top_aspects
        },
        missing=list(result.missing),
        tiebreak=[
            _fraction_text(v) if isinstance(v, Fraction) else ("" if v is None else str(v))
            for v in tie_break_values(instrument, result)
        ],
        inputs_hash=_inputs_hash(participant_input),
    )


@dataclass(frozen=True)
class RecomputeReport:
    participants: int
    scored: int


def _store(cycle: Cycle, rows: list[Result], *, with_ranks: bool = False) -> None:
    Result.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["participant"],
        update_fields=RESULT_FIELDS + (RANK_FIELDS if with_ranks else []),
        batch_size=2000,
    )


def _assign_ranks(cycle: Cycle, rows: list[Result], active: set[int]) -> None:
    """Ranks and awards for rows held in memory (the full recompute writes them in the same
    upsert instead of a second pass)."""
    instrument = cycle.instrument_version.definition
    entries = [
        (
            index,
            parse_fraction(row.total_exact),
            tuple(parse_fraction(v) for v in row.tiebreak),
        )
        for index, row in enumerate(rows)
        if row.total_exact and row.participant_id in active
    ]
    ranks = rank(entries)
    for index, row in enumerate(rows):
        row.rank = ranks.get(index)
        row.awards = [a.code for a in awards_for(instrument, row.rank)] if row.rank else []


def rerank(cycle: Cycle) -> int:
    """Rank the cycle's results (competition ranking 1, 2, 2, 4 after the instrument's
    tie-breakers) and set awards. One read query; writes only rows whose rank changed."""
    instrument = cycle.instrument_version.definition
    rows = list(
        Result.objects.filter(cycle=cycle, participant__status=ParticipantStatus.ACTIVE)
        .exclude(total_exact="")
        .values_list("pk", "total_exact", "tiebreak", "rank", "awards")
    )
    entries = [
        (pk, Fraction(total), tuple(Fraction(v) if v else None for v in tiebreak))
        for pk, total, tiebreak, _rank, _awards in rows
    ]
    ranks = rank(entries)
    changed = []
    for pk, _total, _tiebreak, old_rank, old_awards in rows:
        new_rank = ranks[pk]
        awards = [award.code for award in awards_for(instrument, new_rank)]
        if new_rank != old_rank or awards != old_awards:
            changed.append(Result(pk=pk, rank=new_rank, awards=awards))
    unranked = Result.objects.filter(cycle=cycle).filter(total_exact="").exclude(rank=None)
    unranked.update(rank=None, awards=[])
    Result.objects.filter(cycle=cycle, participant__status=ParticipantStatus.WITHDRAWN).exclude(
        rank=None
    ).update(rank=None, awards=[])
    Result.objects.bulk_update(changed, ["rank", "awards"], batch_size=2000)
    return len(changed)


@transaction.atomic
def recompute_cycle(cycle: Cycle) -> RecomputeReport:
    """Full recompute of every participant's result, then the ranking."""
    instrument = cycle.instrument_version.definition
    participant_ids = list(cycle.participants.values_list("pk", flat=True))
    inputs = inputs_for(cycle)
    empty = ParticipantInput(values={})
    batch = {pid: inputs.get(pid, empty) for pid in participant_ids}
    results = score_many(instrument, batch)
    top_aspects = _top_aspects(instrument)
    rows = [
        _result_row(cycle, pid, results[pid], batch[pid], top_aspects=top_aspects)
        for pid in participant_ids
    ]
    active = set(
        cycle.participants.filter(status=ParticipantStatus.ACTIVE).values_list("pk", flat=True)
    )
    _assign_ranks(cycle, rows, active)
    _store(cycle, rows, with_ranks=True)
    return RecomputeReport(participants=len(participant_ids), scored=len(inputs))


@transaction.atomic
def recompute_participant(participant: Participant) -> Result:
    """Incremental: one participant's result, then the ranks of the cycle."""
    cycle = participant.cycle
    instrument = cycle.instrument_version.definition
    participant_input = inputs_for(cycle, [participant.pk]).get(participant.pk) or ParticipantInput(
        values={}
    )
    result = score_many(instrument, {participant.pk: participant_input})[participant.pk]
    _store(cycle, [_result_row(cycle, participant.pk, result, participant_input)])
    rerank(cycle)
    return Result.objects.get(participant=participant)
