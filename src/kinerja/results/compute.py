"""Results from reviews, through the one scoring engine, set-based.

Full recompute: one query for participants, one for reviews, the engine's ``score_many`` over
all of them, one bulk upsert of results, one ranking pass. Incremental: the same for one
participant, then the ranking pass (one query, an UPDATE only for ranks that changed).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db import transaction

from kinerja.cycles.enums import ParticipantStatus
from kinerja.cycles.models import Cycle, Participant
from kinerja.results.awards import awards_of
from kinerja.results.models import Result
from kinerja.results.sources import inputs_for
from kinerja.rounds.queries import decided
from kinerja.scoring.engine import ParticipantInput, score_many
from kinerja.scoring.engine.ranking import (
    advancement_within,
    awards_for,
    gates,
    rank_within,
    reached_round,
    tie_break_values,
)

TOTAL_PLACES = Decimal("0.000000000001")
RESULT_FIELDS = [
    "total",
    "total_exact",
    "display",
    "grade_code",
    "grade_label",
    "components",
    "aspects",
    "rounds",
    "missing",
    "tiebreak",
    "inputs_hash",
    "computed_at",
]
RANK_FIELDS = ["rank", "awards", "reached"]


def fraction_text(value: Fraction | None) -> str:
    return "" if value is None else f"{value.numerator}/{value.denominator}"


def parse_fraction(text: str) -> Fraction | None:
    return Fraction(text) if text else None


def _decimal(value: Fraction | None) -> Decimal | None:
    if value is None:
        return None
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        TOTAL_PLACES, rounding=ROUND_HALF_UP
    )


def _inputs_hash(participant_input: ParticipantInput | None) -> str:
    data = participant_input.values if participant_input is not None else {}
    if participant_input is not None and participant_input.consensus:
        # Only when there is one, so results without a consensus keep their hash.
        data = {"values": data, "consensus": participant_input.consensus}
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
        total_exact=fraction_text(result.total),
        display=result.display or "",
        grade_code=result.grade.code if result.grade else "",
        grade_label=result.grade.label if result.grade else "",
        components={
            code: {"name": node.name, "score": fraction_text(node.score), "display": node.display}
            for code, node in result.components.items()
        },
        aspects={
            ref: {"name": node.name, "score": fraction_text(node.score), "display": node.display}
            for ref, node in nodes.items()
            if ref in top_aspects
        },
        rounds={
            code: {"name": node.name, "score": fraction_text(node.score), "display": node.display}
            for code, node in result.rounds.items()
        },
        missing=list(result.missing),
        tiebreak=[
            fraction_text(v) if isinstance(v, Fraction) else ("" if v is None else str(v))
            for v in tie_break_values(instrument, result)
        ],
        inputs_hash=_inputs_hash(participant_input),
    )


@dataclass(frozen=True)
class RecomputeReport:
    participants: int
    scored: int


def _store(cycle: Cycle, rows: list[Result], *, with_ranks: bool = False) -> None:
    """Insert or update ``rows`` (one per participant): every field of a new row, the result
    fields (and the rank fields ``with_ranks``) of an existing one. Row objects get no ``pk``.

    On PostgreSQL more than one row goes through COPY into a temporary table and one
    ``INSERT … SELECT … ON CONFLICT``: Django's bulk upsert there sends every column as an array,
    whose JSON texts psycopg escapes in Python, and that was most of the full recompute's write
    time. The values are the ones Django would send (each field's ``get_db_prep_save``), so the
    stored rows are the same on both databases.
    """
    from django.db import connections, router

    # The database wrapper itself: the ``connection`` proxy costs a lookup per field and row.
    connection = connections[router.db_for_write(Result)]
    update_fields = RESULT_FIELDS + (RANK_FIELDS if with_ranks else [])
    if connection.vendor != "postgresql" or len(rows) < 2:
        Result.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["participant"],
            update_fields=update_fields,
            batch_size=2000,
        )
        return
    quote = connection.ops.quote_name
    meta = Result._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    table, load = quote(meta.db_table), quote(f"{meta.db_table}_load")
    columns = ", ".join(quote(f.column) for f in fields)
    updates = ", ".join(
        f"{column} = EXCLUDED.{column}"
        for column in (quote(meta.get_field(name).column) for name in update_fields)
    )
    unique = quote(meta.get_field("participant").column)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {load} ON COMMIT DROP AS "  # noqa: S608 -- our names
            f"SELECT {columns} FROM {table} WITH NO DATA"
        )
        with cursor.copy(f"COPY {load} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(
                    [f.get_db_prep_save(f.pre_save(row, True), connection) for f in fields]
                )
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {load} "  # noqa: S608
            f"ON CONFLICT ({unique}) DO UPDATE SET {updates}"
        )
        cursor.execute(f"DROP TABLE {load}")


def _add_gate_totals(cycle: Cycle, rows: list[Result], batch: dict[int, ParticipantInput]) -> None:
    """For competitions where only the top N go on after a round: each row's total up to and
    including every such round (one engine pass per gate, over the same inputs)."""
    instrument = cycle.instrument_version.definition
    for gate in gates(instrument):
        upto = score_many(instrument, batch, upto_round=gate.code)
        for row in rows:
            entry = row.rounds.setdefault(gate.code, {})
            entry["upto"] = fraction_text(upto[row.participant_id].total)


def _tiers(
    cycle: Cycle, rows: Iterable[tuple[int, dict]], categories: dict[int, str]
) -> dict[int, int]:
    """Tiers (gates passed) of ``(participant id, rounds)`` pairs within each participant's
    category, after the organiser's decisions where a round is decided
    (``rounds.queries.decided``); empty when the instrument has no gates."""
    instrument = cycle.instrument_version.definition
    if not gates(instrument):
        return {}
    rows = list(rows)
    upto = {
        key: {code: parse_fraction(entry.get("upto") or "") for code, entry in rounds.items()}
        for key, rounds in rows
    }
    scores = {
        key: {code: parse_fraction(entry.get("score") or "") for code, entry in rounds.items()}
        for key, rounds in rows
    }
    return advancement_within(instrument, upto, scores, decided(cycle), categories)


def _reached(cycle: Cycle, tiers: dict, key) -> str:
    if not tiers:
        return ""
    return reached_round(cycle.instrument_version.definition, tiers.get(key, 0)) or ""


def _finalists(cycle: Cycle, tiers: dict[int, int]) -> set[int] | None:
    """Who went through every gate (None: no gates, everyone may have an award)."""
    if not tiers:
        return None
    through = len(gates(cycle.instrument_version.definition))
    return {pid for pid, tier in tiers.items() if tier >= through}


def _award_codes(awards, rank: int | None, pid: int, finalists: set[int] | None) -> list[str]:
    """The awards of a rank; none for who stopped before the last round (its rank counts
    among those who stopped, never for an award of the finalists)."""
    if not rank or (finalists is not None and pid not in finalists):
        return []
    return [award.code for award in awards_for(awards, rank)]


def _assign_ranks(
    cycle: Cycle, rows: list[Result], active: set[int], categories: dict[int, str]
) -> None:
    """Ranks and awards for rows held in memory (the full recompute writes them in the same
    upsert instead of a second pass), within each participant's category."""
    awards = awards_of(cycle)
    ranked = [row for row in rows if row.total_exact and row.participant_id in active]
    tiers = _tiers(cycle, [(row.participant_id, row.rounds) for row in ranked], categories)
    entries = [
        (
            row.participant_id,
            parse_fraction(row.total_exact),
            tuple(parse_fraction(v) for v in row.tiebreak),
        )
        for row in ranked
    ]
    ranks = rank_within(entries, categories, tiers)
    finalists = _finalists(cycle, tiers)
    for row in rows:
        row.rank = ranks.get(row.participant_id)
        row.awards = _award_codes(awards, row.rank, row.participant_id, finalists)
        row.reached = _reached(cycle, tiers, row.participant_id) if row.rank else ""


def rerank(cycle: Cycle) -> int:
    """Rank the cycle's results (competition ranking 1, 2, 2, 4 after the instrument's
    tie-breakers, tiers first where only the top N go on, within each participant's category)
    and set awards. One read query; writes only rows whose rank changed."""
    awards = awards_of(cycle)
    rows = list(
        Result.objects.filter(cycle=cycle, participant__status=ParticipantStatus.ACTIVE)
        .exclude(total_exact="")
        .values_list(
            "pk",
            "total_exact",
            "tiebreak",
            "rank",
            "awards",
            "rounds",
            "reached",
            "participant__category",
            "participant_id",
        )
    )
    tiers = _tiers(cycle, [(row[8], row[5]) for row in rows], {row[8]: row[7] for row in rows})
    entries = [
        (pid, Fraction(total), tuple(Fraction(v) if v else None for v in tiebreak))
        for _pk, total, tiebreak, *_rest, pid in rows
    ]
    ranks = rank_within(entries, {row[8]: row[7] for row in rows}, tiers)
    changed = []
    finalists = _finalists(cycle, tiers)
    for pk, _total, _tiebreak, old_rank, old_awards, _rounds, old_reached, _cat, pid in rows:
        new_rank = ranks[pid]
        codes = _award_codes(awards, new_rank, pid, finalists)
        reached = _reached(cycle, tiers, pid)
        if new_rank != old_rank or codes != old_awards or reached != old_reached:
            changed.append(Result(pk=pk, rank=new_rank, awards=codes, reached=reached))
    unranked = Result.objects.filter(cycle=cycle).filter(total_exact="").exclude(rank=None)
    unranked.update(rank=None, awards=[], reached="")
    Result.objects.filter(cycle=cycle, participant__status=ParticipantStatus.WITHDRAWN).exclude(
        rank=None
    ).update(rank=None, awards=[], reached="")
    Result.objects.bulk_update(changed, RANK_FIELDS, batch_size=2000)
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
    _add_gate_totals(cycle, rows, batch)
    categories = dict(
        cycle.participants.filter(status=ParticipantStatus.ACTIVE).values_list("pk", "category")
    )
    _assign_ranks(cycle, rows, set(categories), categories)
    _store(cycle, rows, with_ranks=True)
    return RecomputeReport(participants=len(participant_ids), scored=len(inputs))


Key = tuple[Fraction, tuple[Fraction | None, ...]]
EPSILON = Decimal("0.00000000001")  # wider than the 12-place rounding of ``total``


def _key(total_exact: str, tiebreak: list[str]) -> Key:
    return (Fraction(total_exact), tuple(parse_fraction(v) for v in tiebreak))


def _above(a: Key, b: Key) -> bool:
    """True when ``a`` ranks strictly above ``b`` (the order of ``scoring.ranking.rank``)."""

    def sortable(key: Key):
        total, breakers = key
        return ((1, total), tuple((0, Fraction(0)) if v is None else (1, v) for v in breakers))

    return sortable(a) > sortable(b)


def _rerank_around(cycle: Cycle, changed: Result, old: Key, new: Key, category: str) -> None:
    """Ranks after one participant's key moved from ``old`` to ``new``, touching only the rows
    of its category whose rank can change: those whose key lies between the two. Same answer as
    ``rerank`` (tested), in a few queries instead of reading the whole cycle."""
    awards = awards_of(cycle)
    low, high = sorted((_decimal(old[0]), _decimal(new[0])))
    active = (
        Result.objects.filter(
            cycle=cycle,
            participant__status=ParticipantStatus.ACTIVE,
            participant__category=category,
        )
        .exclude(total_exact="")
        .exclude(pk=changed.pk)
    )
    between = list(
        active.filter(total__gte=low - EPSILON, total__lte=high + EPSILON).values_list(
            "pk", "total_exact", "tiebreak", "rank", "awards"
        )
    )
    updates: list[Result] = []
    for pk, total_exact, tiebreak, old_rank, _old_awards in between:
        key = _key(total_exact, tiebreak)
        shift = 0
        if _above(old, key) and not _above(new, key):
            shift = -1
        elif not _above(old, key) and _above(new, key):
            shift = 1
        if shift:
            new_rank = old_rank + shift
            codes = [a.code for a in awards_for(awards, new_rank)]
            updates.append(Result(pk=pk, rank=new_rank, awards=codes))
    # The changed participant: 1 + everyone strictly above its new key.
    clearly_above = active.filter(total__gt=_decimal(new[0]) + EPSILON).count()
    near = active.filter(
        total__gte=_decimal(new[0]) - EPSILON, total__lte=_decimal(new[0]) + EPSILON
    ).values_list("total_exact", "tiebreak")
    own_rank = 1 + clearly_above + sum(1 for t, b in near if _above(_key(t, b), new))
    updates.append(
        Result(pk=changed.pk, rank=own_rank, awards=[a.code for a in awards_for(awards, own_rank)])
    )
    Result.objects.bulk_update(updates, ["rank", "awards"])


# The cycles whose recompute is put off to the end of a ``deferred_recompute()`` block (None:
# not inside one).
_deferred: ContextVar[set[int] | None] = ContextVar("kinerja_deferred_recompute", default=None)


@contextmanager
def deferred_recompute() -> Iterator[None]:
    """Bulk work that records many scores in a row (the demo loader): inside the block a
    ``recompute_participant`` only notes the participant's cycle; when the block ends without
    an error, each noted cycle is recomputed once, set-based (``recompute_cycle``). Run it
    inside the caller's transaction, so that an error leaves neither the scores nor results."""
    outer = _deferred.get()
    token = _deferred.set(set() if outer is None else outer)
    try:
        yield
        noted = _deferred.get()
    finally:
        _deferred.reset(token)
    if outer is None:
        for cycle in Cycle.objects.filter(pk__in=noted).order_by("pk"):
            recompute_cycle(cycle)


@transaction.atomic
def recompute_participant(participant: Participant) -> Result | None:
    """Incremental: one participant's result, then only the ranks that can have changed
    (inside ``deferred_recompute()``: nothing yet, and None)."""
    noted = _deferred.get()
    if noted is not None:
        noted.add(participant.cycle_id)
        return None
    cycle = participant.cycle
    instrument = cycle.instrument_version.definition
    previous = (
        Result.objects.filter(participant=participant)
        .values_list("total_exact", "tiebreak", "rank", "participant__category")
        .first()
    )
    participant_input = inputs_for(cycle, [participant.pk]).get(participant.pk) or ParticipantInput(
        values={}
    )
    result = score_many(instrument, {participant.pk: participant_input})[participant.pk]
    row = _result_row(cycle, participant.pk, result, participant_input)
    _add_gate_totals(cycle, [row], {participant.pk: participant_input})
    _store(cycle, [row])
    stored = Result.objects.get(participant=participant)
    ranked_before = previous is not None and previous[0] and previous[2] is not None
    # With gates one total can move others between tiers: re-rank the whole (small) field.
    if (
        not gates(instrument)
        and ranked_before
        and stored.total_exact
        and participant.status == ParticipantStatus.ACTIVE
    ):
        old = _key(previous[0], previous[1])
        new = _key(stored.total_exact, stored.tiebreak)
        if old != new:
            # The category as stored (the caller's object may predate a change of category).
            _rerank_around(cycle, stored, old, new, previous[3])
    else:
        rerank(cycle)
    stored.refresh_from_db()
    return stored
