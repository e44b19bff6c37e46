"""Who goes on after a round: the proposal computed from the stored results, and the organiser's
decision on it (recorded by the ``rounds`` app) followed by the new ranks.

The proposal at a gate takes those who went on at the gate before (by its decision; at the
first gate every active entrant), then the round's pass mark on the round's own score and its
top N on the total so far (ties at the cut go on): the same rule as ``advancement``, which the
ranking uses for every gate not yet decided.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from django.db import transaction

from kinerja.cycles.enums import ParticipantStatus
from kinerja.results.compute import parse_fraction, rerank
from kinerja.results.freeze import require_not_determined
from kinerja.results.models import Result
from kinerja.rounds import services as round_services
from kinerja.rounds.gates import gate_before
from kinerja.rounds.models import RoundDecision
from kinerja.rounds.queries import decided
from kinerja.rounds.services import Proposed
from kinerja.scoring.engine.ranking import advancement_within, gates


@dataclass(frozen=True)
class Entrant:
    participant_id: int
    name: str
    category: str
    proposed: Proposed


def proposal(cycle, round_code: str) -> list[Entrant]:
    """The entrants of gate ``round_code`` with what the engine proposes for each, the best
    total so far first. Two queries."""
    instrument = cycle.instrument_version.definition
    codes = [gate.code for gate in gates(instrument)]
    level = codes.index(round_code) + 1
    earlier = {code: ids for code, ids in decided(cycle).items() if code in codes[: level - 1]}
    rows = list(
        Result.objects.filter(cycle=cycle, participant__status=ParticipantStatus.ACTIVE)
        .select_related("participant__unit", "participant__innovation")
        .order_by("participant__unit__name", "participant_id")
    )
    upto = {
        r.participant_id: {c: parse_fraction(e.get("upto") or "") for c, e in r.rounds.items()}
        for r in rows
        if r.total_exact
    }
    scores = {
        r.participant_id: {c: parse_fraction(e.get("score") or "") for c, e in r.rounds.items()}
        for r in rows
    }
    categories = {r.participant_id: r.participant.category for r in rows}
    tiers = advancement_within(instrument, upto, scores, earlier, categories)
    before = gate_before(instrument, round_code)
    entrants = []
    for row in rows:
        pid = row.participant_id
        if before is not None and tiers.get(pid, 0) < level - 1:
            continue
        entry = row.rounds.get(round_code, {})
        entrants.append(
            Entrant(
                participant_id=pid,
                name=str(row.participant),
                category=row.participant.category,
                proposed=Proposed(
                    goes_on=tiers.get(pid, 0) >= level,
                    score=entry.get("score") or "",
                    upto=entry.get("upto") or "",
                ),
            )
        )
    entrants.sort(key=_best_first)
    return entrants


def _best_first(entrant: Entrant):
    upto = parse_fraction(entrant.proposed.upto)
    return (upto is None, -(upto or 0), entrant.name)


@transaction.atomic
def decide_round(
    cycle, round_code: str, *, going_on: Collection[int], reason: str = "", by
) -> RoundDecision:
    """Decide who goes on after ``round_code`` (the proposal recomputed here, never taken from
    the browser), then rank the cycle again. Refused while the results are determined."""
    require_not_determined(cycle.pk)
    entrants = {e.participant_id: e.proposed for e in proposal(cycle, round_code)}
    decision = round_services.record_decision(
        cycle, round_code, proposal=entrants, going_on=going_on, reason=reason, by=by
    )
    rerank(cycle)
    return decision


@transaction.atomic
def reopen_round(cycle, round_code: str, *, reason: str, by) -> RoundDecision:
    """Reopen a round's decision (audited, with its reason); the ranks follow the computed
    proposal again until the next decision. Refused while the results are determined."""
    require_not_determined(cycle.pk)
    decision = round_services.reopen_decision(cycle, round_code, reason=reason, by=by)
    rerank(cycle)
    return decision
