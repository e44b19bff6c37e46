"""Reading the organiser's round decisions (one query each)."""

from __future__ import annotations

from collections import defaultdict

from kinerja.rounds.models import RoundDecision, RoundOutcome


def current_decisions(cycle) -> dict[str, RoundDecision]:
    """The cycle's current (not reopened) decision per round code."""
    return {
        decision.round: decision
        for decision in RoundDecision.objects.filter(cycle=cycle, reopened_at=None)
    }


def decided(cycle) -> dict[str, set[int]]:
    """Who went on at each decided round: ``{round code: {participant id, ...}}``; a decided
    round where nobody went on maps to an empty set."""
    going: dict[str, set[int]] = {
        code: set()
        for code in RoundDecision.objects.filter(cycle=cycle, reopened_at=None).values_list(
            "round", flat=True
        )
    }
    rows = RoundOutcome.objects.filter(
        decision__cycle=cycle, decision__reopened_at=None, goes_on=True
    ).values_list("decision__round", "participant_id")
    for code, participant_id in rows:
        going[code].add(participant_id)
    return going


def outcomes_of(participant) -> dict[str, RoundOutcome]:
    """A participant's outcome per decided round (current decisions only)."""
    return {
        outcome.decision.round: outcome
        for outcome in RoundOutcome.objects.filter(
            participant=participant, decision__reopened_at=None
        ).select_related("decision")
    }


def history(cycle) -> list[RoundDecision]:
    """Every decision of the cycle, reopened ones too, with who went on (for the page)."""
    decisions = list(
        RoundDecision.objects.filter(cycle=cycle)
        .select_related("decided_by", "reopened_by")
        .order_by("decided_at", "pk")
    )
    counts: dict[int, int] = defaultdict(int)
    for decision_id in RoundOutcome.objects.filter(decision__cycle=cycle, goes_on=True).values_list(
        "decision_id", flat=True
    ):
        counts[decision_id] += 1
    for decision in decisions:
        decision.going_on_count = counts[decision.pk]
    return decisions


def standing(participant) -> list[dict]:
    """What an entrant reads of the decided rounds, in order: the round, whether it went on,
    its round score and total so far as decided on, and the rule (pass mark, places). Two
    queries; empty for instruments without rounds that decide."""
    instrument = participant.cycle.instrument_version.definition
    decided_gates = {
        d.round: d
        for d in RoundDecision.objects.filter(cycle_id=participant.cycle_id, reopened_at=None)
    }
    if not decided_gates:
        return []
    outcomes = outcomes_of(participant)
    rows = []
    for round_ in instrument.rounds:
        if round_.code not in decided_gates:
            continue
        outcome = outcomes.get(round_.code)
        rows.append(
            {
                "name": str(round_.name),
                "entered": outcome is not None,
                "goes_on": bool(outcome and outcome.goes_on),
                "score": outcome.score if outcome else "",
                "upto": outcome.upto if outcome else "",
                "passing": round_.passing,
                "advance": round_.advance,
                "decided_at": decided_gates[round_.code].decided_at,
            }
        )
    return rows
