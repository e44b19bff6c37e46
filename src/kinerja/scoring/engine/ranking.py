"""Ranking: competition ranks (1, 2, 2, 4) after the instrument's tie-breakers, and awards.

Ranks compare exact totals, not the rounded display: two totals that show the same 85.00 can
still differ, and the finer order is the fairer one. Tie-breakers (a component's or a node's
score, higher first) decide only when totals are exactly equal; entries equal in everything
share a rank and the next rank is skipped.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..model.numbers import parse_exact
from ..model.schema import Award, Instrument, Round
from .types import Result

__all__ = [
    "advancement",
    "advancement_within",
    "awards_for",
    "gates",
    "passed_round",
    "rank",
    "rank_within",
    "reached_round",
    "stopped_before",
    "tie_break_values",
    "untaken_components",
]

Number = Fraction | Decimal | int | str


def _key(value: Any) -> tuple[int, Fraction]:
    # None (no total, or no score for a tie-breaker) sorts below every number.
    if value is None:
        return (0, Fraction(0))
    return (1, parse_exact(value))


def rank(
    entries: Sequence[tuple[Hashable, Number | None, Sequence[Number | None]]],
    tiers: Mapping[Hashable, int] | None = None,
) -> dict[Hashable, int]:
    """Competition ranks of ``(key, total, tie_break_values)`` entries, highest first.

    Entries without a total (None) are not ranked and are left out of the answer. ``tiers``
    (from ``advancement``) puts everyone who reached a later round above everyone who did not,
    whatever their totals; within a tier the totals and tie-breakers decide.
    """
    tiers = tiers or {}
    ordered = sorted(
        (
            (key, (tiers.get(key, 0), _key(total)), tuple(_key(v) for v in breakers))
            for key, total, breakers in entries
            if total is not None
        ),
        key=lambda item: (item[1], item[2]),
        reverse=True,
    )
    ranks: dict[Hashable, int] = {}
    previous: tuple[Any, Any] | None = None
    current = 0
    for position, (key, total, breakers) in enumerate(ordered, start=1):
        if (total, breakers) != previous:
            current = position
            previous = (total, breakers)
        ranks[key] = current
    return ranks


def rank_within(
    entries: Sequence[tuple[Hashable, Number | None, Sequence[Number | None]]],
    categories: Mapping[Hashable, str],
    tiers: Mapping[Hashable, int] | None = None,
) -> dict[Hashable, int]:
    """``rank`` inside each category (kabupaten and kota are ranked apart): every category has
    its own rank 1. An entry without a category is in the category "" (a cycle without
    categories is one category, and this is ``rank``)."""
    groups: dict[str, list] = {}
    for entry in entries:
        groups.setdefault(categories.get(entry[0], ""), []).append(entry)
    ranks: dict[Hashable, int] = {}
    for group in groups.values():
        ranks |= rank(group, tiers)
    return ranks


def gates(instrument: Instrument) -> tuple[Round, ...]:
    """The rounds that decide who goes on, in order: those with a pass mark (``passing``) or a
    number of places (``advance: N``), or both."""
    return tuple(r for r in instrument.rounds if r.advance is not None or r.passing is not None)


def advancement(
    instrument: Instrument,
    upto: Mapping[Hashable, Mapping[str, Number | None]],
    scores: Mapping[Hashable, Mapping[str, Number | None]] | None = None,
    decided: Mapping[str, Collection[Hashable]] | None = None,
) -> dict[Hashable, int]:
    """How many of the instrument's gates each participant passed (its tier).

    ``upto`` maps a participant to its total up to and including each gate round
    (``score_many(..., upto_round=code)``); ``scores`` to the gate round's own score (needed
    for gates with a pass mark). At each gate, of the participants still in the running, those
    whose round score reaches the pass mark go on (a gate without a mark: all of them); then,
    when the gate has ``advance``, they are ranked on the total so far and those whose
    competition rank is within ``advance`` go on; a tie at the cut-off takes everyone tied
    through (nobody is dropped by the order of a tie). A participant without a total (or,
    at a pass mark, without a round score) stops there.

    ``decided`` maps a gate's code to who went on there by the organiser's decision: at a
    decided gate that list replaces the computation (the computed one was only its proposal).
    """
    scores = scores or {}
    decided = decided or {}
    tier = dict.fromkeys(upto, 0)
    running = set(upto)
    for level, gate in enumerate(gates(instrument), start=1):
        if gate.code in decided:
            running = set(decided[gate.code]) & set(upto)
        elif gate.passing is not None:
            mark = Fraction(gate.passing)
            running = {
                key
                for key in running
                if (score := scores.get(key, {}).get(gate.code)) is not None
                and parse_exact(score) >= mark
            }
        if gate.advance is not None and gate.code not in decided:
            ranks = rank([(key, upto[key].get(gate.code), ()) for key in running])
            running = {key for key, position in ranks.items() if position <= gate.advance}
        for key in running:
            tier[key] = level
    return tier


def advancement_within(
    instrument: Instrument,
    upto: Mapping[Hashable, Mapping[str, Number | None]],
    scores: Mapping[Hashable, Mapping[str, Number | None]] | None = None,
    decided: Mapping[str, Collection[Hashable]] | None = None,
    categories: Mapping[Hashable, str] | None = None,
) -> dict[Hashable, int]:
    """``advancement`` inside each category: the top N of a gate are the top N of each
    category (kabupaten and kota each send their best on). A decided gate is the organiser's
    list whatever the categories."""
    categories = categories or {}
    groups: dict[str, list[Hashable]] = {}
    for key in upto:
        groups.setdefault(categories.get(key, ""), []).append(key)
    tiers: dict[Hashable, int] = {}
    for keys in groups.values():
        tiers |= advancement(instrument, {k: upto[k] for k in keys}, scores, decided)
    return tiers


def reached_round(instrument: Instrument, tier: int) -> str | None:
    """The code of the last round a participant of this tier took part in (None: no gates)."""
    passed = gates(instrument)
    if not passed:
        return None
    if tier >= len(passed):
        return instrument.rounds[-1].code
    return passed[tier].code


def stopped_before(instrument: Instrument, reached: str) -> Round | None:
    """The round a participant that last took part in ``reached`` did not go on to (None: it
    went through every round, or the instrument has no gates)."""
    if not gates(instrument) or not reached:
        return None
    codes = [r.code for r in instrument.rounds]
    if reached not in codes or reached == codes[-1]:
        return None
    return instrument.rounds[codes.index(reached) + 1]


def untaken_components(instrument: Instrument, reached: str) -> frozenset[str]:
    """The components of the rounds after the one a participant stopped at (``reached``): it
    never had them, so its report shows no score, strength or weakness there."""
    stopped = stopped_before(instrument, reached)
    if stopped is None:
        return frozenset()
    codes = [r.code for r in instrument.rounds]
    later = instrument.rounds[codes.index(stopped.code) :]
    return frozenset(component for r in later for component in r.components)


def tie_break_values(instrument: Instrument, result: Result) -> tuple[Fraction | None, ...]:
    """The exact scores the instrument's tie-breakers compare, in order (None when missing)."""
    values: list[Fraction | None] = []
    for breaker in instrument.ranking.tie_breakers:
        if breaker.component is not None:
            values.append(result.components[breaker.component].score)
        elif breaker.aspect in result.nodes:
            values.append(result.nodes[breaker.aspect].score)
        else:
            values.append(result.indicators[breaker.aspect].score)
    return tuple(values)


def awards_for(awards: Sequence[Award], rank: int | None) -> list[Award]:
    """The awards (an instrument's or a cycle's) a participant of this rank receives
    (``rank: n`` exactly, ``top: n`` within, ``from_rank``–``top`` a range)."""
    if rank is None:
        return []
    return [award for award in awards if award.covers(rank)]


def passed_round(instrument: Instrument, result: Result, round_code: str) -> bool | None:
    """Whether the round score reaches the round's ``passing`` mark (None: no mark or score)."""
    round_ = next(r for r in instrument.rounds if r.code == round_code)
    score = result.rounds[round_code].score
    if round_.passing is None or score is None:
        return None
    return score >= Fraction(round_.passing)
