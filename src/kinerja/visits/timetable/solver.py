"""The generator: turns the caller's visits into a board, runs the steps, reads the result."""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence
from datetime import date, time
from functools import reduce
from operator import or_
from types import MappingProxyType

from kinerja.visits.timetable.board import Board
from kinerja.visits.timetable.model import (
    DEFAULT_START_TIMES,
    NO_FREE_SLOT,
    SESSIONS,
    UNAVAILABLE,
    Slot,
    Visit,
    stable_order,
)
from kinerja.visits.timetable.report import Timetable


def generate_timetable(
    visits: Sequence[Visit],
    *,
    days: Sequence[date],
    sessions: Sequence[str] = SESSIONS,
    unavailable: Mapping[Hashable, Collection[Slot | date]] = MappingProxyType({}),
    fixed: Mapping[Hashable, Slot] = MappingProxyType({}),
    max_visits_per_slot: int | None = None,
    seed: int = 0,
    start_times: Mapping[str, time] = DEFAULT_START_TIMES,
) -> Timetable:
    """Put every visit in a slot of ``days`` × ``sessions`` without double-booking anyone.

    ``unavailable``: evaluator → slots, or whole days, they cannot attend. ``fixed``:
    participant → the slot agreed beforehand (kept as is, even outside ``days``; reported with
    FIXED_CLASH, FIXED_FULL or FIXED_UNAVAILABLE when it cannot be kept). ``max_visits_per_slot``:
    at most that many visits in a slot. Visits left out are in ``unplaced`` with NO_FREE_SLOT,
    or UNAVAILABLE when their team is never all available. See the package docstring for the
    method and the balance between days. Pure: no side effects. Raises ValueError on a
    participant given twice, a fixed participant without a visit, an unknown session or a
    ``max_visits_per_slot`` below 1.
    """
    _check_inputs(visits, sessions=sessions, fixed=fixed, max_visits_per_slot=max_visits_per_slot)
    calendar = sorted({Slot(day, session) for day in days for session in sessions})
    slots = sorted({*calendar, *fixed.values()})
    slot_index = {slot: t for t, slot in enumerate(slots)}
    calendar_mask = reduce(or_, (1 << slot_index[slot] for slot in calendar), 0)
    team, team_away, evaluators = _teams(visits, unavailable=unavailable, slot_index=slot_index)
    day_position = {day: d for d, day in enumerate(sorted({slot.day for slot in slots}))}
    board = Board(
        team=team,
        allowed=[calendar_mask & ~mask for mask in team_away],
        day_of=[day_position[slot.day] for slot in slots],
        evaluators=evaluators,
        capacity=max_visits_per_slot,
        seed=seed,
    )
    reasons = _place_fixed(board, visits, fixed=fixed, slot_index=slot_index, team_away=team_away)
    movable = [j for j in range(len(visits)) if not board.fixed[j] and j not in reasons]
    for j in board.schedule(movable):
        reasons[j] = UNAVAILABLE if calendar_mask and not board.allowed[j] else NO_FREE_SLOT
    return Timetable(
        placements={
            visit.participant: slots[board.slot_of[j]]
            for j, visit in enumerate(visits)
            if board.slot_of[j] >= 0
        },
        unplaced={visits[j].participant: reasons[j] for j in sorted(reasons)},
        visits={visit.participant: visit for visit in visits},
        slots=tuple(calendar),
        start_times=start_times,
    )


def _check_inputs(
    visits: Sequence[Visit],
    *,
    sessions: Sequence[str],
    fixed: Mapping[Hashable, Slot],
    max_visits_per_slot: int | None,
) -> None:
    """The ValueErrors of `generate_timetable`."""
    participants = [visit.participant for visit in visits]
    if len(set(participants)) != len(participants):
        raise ValueError("participant keys must be unique")
    known = set(participants)
    if any(participant not in known for participant in fixed):
        raise ValueError("fixed visit for an unknown participant")
    if any(session not in SESSIONS for session in sessions):
        raise ValueError(f"session must be one of {', '.join(SESSIONS)}")
    if max_visits_per_slot is not None and max_visits_per_slot < 1:
        raise ValueError("max_visits_per_slot must be at least 1")


def _teams(
    visits: Sequence[Visit],
    *,
    unavailable: Mapping[Hashable, Collection[Slot | date]],
    slot_index: Mapping[Slot, int],
) -> tuple[list[list[int]], list[int], int]:
    """Each visit's team as evaluator indices, the slots (bitmask) where some member of it is
    away, and the number of evaluators."""
    evaluator_index = {
        evaluator: i
        for i, evaluator in enumerate(
            stable_order({evaluator for visit in visits for evaluator in visit.evaluators})
        )
    }
    away = [0] * len(evaluator_index)
    for evaluator, entries in unavailable.items():
        i = evaluator_index.get(evaluator)
        if i is None:
            continue
        for entry in entries:
            # A date means the whole day; slots and days outside the calendar do not matter.
            for slot in [entry] if isinstance(entry, Slot) else [Slot(entry, s) for s in SESSIONS]:
                t = slot_index.get(slot)
                if t is not None:
                    away[i] |= 1 << t
    team = [sorted(evaluator_index[e] for e in visit.evaluators) for visit in visits]
    team_away = [reduce(or_, (away[i] for i in members), 0) for members in team]
    return team, team_away, len(evaluator_index)


def _place_fixed(
    board: Board,
    visits: Sequence[Visit],
    *,
    fixed: Mapping[Hashable, Slot],
    slot_index: Mapping[Slot, int],
    team_away: list[int],
) -> dict[int, str]:
    """Step 1: the fixed visits in input order, each where it was agreed or refused with a
    reason. Returns visit index → reason for the refused ones."""
    reasons: dict[int, str] = {}
    for j, visit in enumerate(visits):
        if visit.participant not in fixed:
            continue
        t = slot_index[fixed[visit.participant]]
        reason = board.fixed_refusal(j, t, team_away[j])
        if reason is None:
            board.place(j, t)
            board.fixed[j] = True
        else:
            reasons[j] = reason
    return reasons
