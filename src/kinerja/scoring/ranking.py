"""Ranking: competition ranks (1, 2, 2, 4) after the instrument's tie-breakers, and awards.

Ranks compare exact totals, not the rounded display: two totals that show the same 85.00 can
still differ, and the finer order is the fairer one. Tie-breakers (a component's or a node's
score, higher first) decide only when totals are exactly equal; entries equal in everything
share a rank and the next rank is skipped.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .engine import Result
from .numbers import parse_exact
from .schema import Award, Instrument

__all__ = ["awards_for", "passed_round", "rank", "tie_break_values"]

Number = Fraction | Decimal | int | str


def _key(value: Any) -> tuple[int, Fraction]:
    # None (no total, or no score for a tie-breaker) sorts below every number.
    if value is None:
        return (0, Fraction(0))
    return (1, parse_exact(value))


def rank(
    entries: Sequence[tuple[Hashable, Number | None, Sequence[Number | None]]],
) -> dict[Hashable, int]:
    """Competition ranks of ``(key, total, tie_break_values)`` entries, highest first.

    Entries without a total (None) are not ranked and are left out of the answer.
    """
    ordered = sorted(
        (
            (key, _key(total), tuple(_key(v) for v in breakers))
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
    (``rank: n`` exactly, ``top: n`` within)."""
    if rank is None:
        return []
    return [
        award
        for award in awards
        if award.rank == rank or (award.top is not None and rank <= award.top)
    ]


def passed_round(instrument: Instrument, result: Result, round_code: str) -> bool | None:
    """Whether the round score reaches the round's ``passing`` mark (None: no mark or score)."""
    round_ = next(r for r in instrument.rounds if r.code == round_code)
    score = result.rounds[round_code].score
    if round_.passing is None or score is None:
        return None
    return score >= Fraction(round_.passing)
