"""The field-visit timetable (jadwal verifikasi lapangan / tinjau lapang): who visits whom, when.

Pure Python, no Django import: the services layer turns the assignment rows into :class:`Visit`
objects, calls :func:`generate_timetable`, saves what comes back, and prints the itineraries
(:meth:`Timetable.by_evaluator`, :meth:`Timetable.by_participant`). A hand edit is checked with
:func:`clashes` before it is saved.

Rules
-----
Every participant gets one visit, attended by all the evaluators assigned to it, in one slot: a
day and a session (``pagi`` 09.00 or ``siang`` 13.00 by default). No evaluator is in two visits
of the same slot; no visit is put in a slot where one of its evaluators is unavailable; a fixed
(pre-agreed) visit stays where it was agreed, even outside the calendar; with
``max_visits_per_slot`` (the vehicles, say) a slot holds at most that many visits. A visit that
cannot be placed is reported with a reason code instead: nothing is ever double-booked.

How the timetable is made
-------------------------
Visits sharing an evaluator conflict; a timetable is a colouring of this conflict graph with the
slots as colours, each visit limited to the slots its whole team is available in.

1. Fixed visits are placed first, in input order; one that would clash with an earlier fixed
   visit (or overfill its slot, or meet an unavailable evaluator) is reported, not moved.
2. DSatur greedy: the visit with the fewest free slots left goes next (ties: more conflicts
   first, then a seeded shuffle); it takes the free slot on the least busy day, then the least
   busy slot, then the earliest.
3. Repair (PartialCol, a tabu search: Blöchliger & Zufferey 2008), when the greedy left
   visits out: the timetable stays legal throughout; each step puts one unplaced visit in the
   slot where it evicts the fewest visits (those sharing an evaluator, and the least connected
   others if the slot is full); the evicted ones become unplaced and may not go back to that
   slot for a few steps. Bounded by ``TABU_WORK`` moves looked at and a patience, and stopped
   as soon as it meets a lower bound (more visits than room in the slots they may use, or an
   evaluator with more visits than slots they can attend); the best state found is kept. It
   subsumes Kempe-chain swaps and short ejection chains, which it performs one move at a time.
4. Bounded backtracking, when visits are still left and the part of the instance holding them
   is small (their connected components of the conflict graph, or every movable visit when
   slots have a capacity; at most ``EXACT_SEARCH_LIMIT`` visits): an exhaustive DSatur search
   re-colours that part within ``EXACT_SEARCH_BUDGET`` nodes, and its result is kept only if
   it places every visit. On tiny instances it is complete: a visit is left out only when no
   timetable places them all.
5. Balance: visits move to free slots while that lowers the potential (sum of squared day loads,
   then sum of squared slot loads, then the sum of slot positions), so days are as even as the
   conflicts allow and, when balanced, earlier days and morning sessions fill first.

The number of slots needed may exceed the largest evaluator load: three visits pairwise
sharing an evaluator (A and B share e1, B and C share e2, A and C share e3) load each evaluator
twice and still need three slots.

Determinism: the same inputs (in the same order) and the same seed give the same timetable,
whatever the hash seed of the process; the seed only breaks ties between equally constrained
visits.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo
from functools import reduce
from operator import or_
from types import MappingProxyType

__all__ = [
    "DEFAULT_START_TIMES",
    "DOUBLE_BOOKED",
    "EXACT_SEARCH_LIMIT",
    "FIXED_CLASH",
    "FIXED_FULL",
    "FIXED_UNAVAILABLE",
    "NOT_SCHEDULED",
    "NO_FREE_SLOT",
    "PLACED_AND_UNPLACED",
    "SESSIONS",
    "UNAVAILABLE",
    "UNAVAILABLE_SLOT",
    "UNKNOWN_PARTICIPANT",
    "Clash",
    "Slot",
    "Timetable",
    "Visit",
    "clashes",
    "generate_timetable",
]

SESSIONS = ("pagi", "siang")  # in the order of the day
DEFAULT_START_TIMES: Mapping[str, time] = MappingProxyType(
    {"pagi": time(9, 0), "siang": time(13, 0)}
)

# Why a visit was not placed (machine codes; the UI translates them).
NO_FREE_SLOT = "no_free_slot"  # every slot its team is available in is taken
UNAVAILABLE = "unavailable"  # its team is never all available within the calendar
FIXED_CLASH = "fixed_clash"  # fixed in a slot where an earlier fixed visit has an evaluator
FIXED_FULL = "fixed_full"  # fixed in a slot already full of earlier fixed visits
FIXED_UNAVAILABLE = "fixed_unavailable"  # fixed in a slot one of its evaluators is unavailable

# What Timetable.check finds (the first word of each message).
DOUBLE_BOOKED = "double_booked"
UNKNOWN_PARTICIPANT = "unknown_participant"
NOT_SCHEDULED = "not_scheduled"  # neither placed nor reported
PLACED_AND_UNPLACED = "placed_and_unplaced"
UNAVAILABLE_SLOT = "unavailable_slot"

TABU_WORK = 500_000  # moves looked at: about a second at most
TABU_PATIENCE = 100  # steps without progress before giving up, plus 50 per movable visit
EXACT_SEARCH_LIMIT = 40  # visits
EXACT_SEARCH_BUDGET = 20_000  # search nodes
BALANCE_PASSES = 50


@dataclass(frozen=True, order=True, slots=True)
class Slot:
    """A day and a session. Slots sort chronologically: the dataclass order compares the day,
    then the session name, and "pagi" < "siang" is also the order of the day."""

    day: date
    session: str

    def __post_init__(self) -> None:
        if self.session not in SESSIONS:
            raise ValueError(f"session must be one of {', '.join(SESSIONS)}")

    def __str__(self) -> str:
        return f"{self.day.isoformat()} {self.session}"

    def start(self, start_times: Mapping[str, time] = DEFAULT_START_TIMES) -> time:
        """When the session starts (09.00 for pagi, 13.00 for siang unless configured)."""
        return start_times[self.session]

    def starts_at(
        self, start_times: Mapping[str, time] = DEFAULT_START_TIMES, tz: tzinfo | None = None
    ) -> datetime:
        """The start as a datetime; naive unless ``tz`` (the cycle's time zone, WIB/WITA/WIT)."""
        return datetime.combine(self.day, self.start(start_times), tzinfo=tz)


@dataclass(frozen=True, slots=True)
class Visit:
    """One visit to ``participant`` by all its assigned ``evaluators`` (keys), at ``place``."""

    participant: Hashable
    evaluators: frozenset[Hashable]
    place: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.evaluators, frozenset):
            object.__setattr__(self, "evaluators", frozenset(self.evaluators))


Clash = tuple[Hashable, Slot, list[Hashable]]  # (evaluator, slot, participants in input order)


@dataclass(frozen=True)
class Timetable:
    """The result of :func:`generate_timetable`.

    ``placements``: participant → slot, in input order. ``unplaced``: participant → reason code,
    in input order. ``visits``: participant → visit, in input order. ``slots``: the calendar
    (every day × session asked for), chronological; fixed visits may lie outside it.
    """

    placements: dict[Hashable, Slot]
    unplaced: dict[Hashable, str]
    visits: dict[Hashable, Visit] = field(default_factory=dict)
    slots: tuple[Slot, ...] = ()
    start_times: Mapping[str, time] = field(default_factory=lambda: DEFAULT_START_TIMES)

    def starts_at(self, slot: Slot, tz: tzinfo | None = None) -> datetime:
        return slot.starts_at(self.start_times, tz)

    def by_evaluator(self) -> dict[Hashable, list[tuple[Slot, Hashable]]]:
        """Each evaluator's itinerary: (slot, participant) in chronological order. Evaluators
        in key order (by repr when keys do not compare); those without a visit are left out."""
        order = {p: i for i, p in enumerate(self.visits)}
        stops: dict[Hashable, list[tuple[Slot, Hashable]]] = {}
        for participant, visit in self.visits.items():
            slot = self.placements.get(participant)
            if slot is None:
                continue
            for evaluator in visit.evaluators:
                stops.setdefault(evaluator, []).append((slot, participant))
        return {
            evaluator: sorted(stops[evaluator], key=lambda stop: (stop[0], order[stop[1]]))
            for evaluator in _stable_order(stops)
        }

    def by_participant(self) -> dict[Hashable, Slot]:
        """Each placed participant's slot, chronologically (input order within a slot); the
        place and the team are in ``visits``."""
        order = {p: i for i, p in enumerate(self.placements)}
        return dict(sorted(self.placements.items(), key=lambda item: (item[1], order[item[0]])))

    def by_slot(self) -> dict[Slot, list[Hashable]]:
        """Every calendar slot (empty ones included) with its participants in input order."""
        result: dict[Slot, list[Hashable]] = {slot: [] for slot in self.slots}
        for participant, slot in self.placements.items():
            result.setdefault(slot, []).append(participant)
        return dict(sorted(result.items()))

    def check(
        self,
        visits: Iterable[Visit],
        *,
        unavailable: Mapping[Hashable, Collection[Slot | date]] | None = None,
    ) -> list[str]:
        """Everything wrong with this timetable for ``visits``, as ``"<code>: <detail>"``
        messages (DOUBLE_BOOKED, UNKNOWN_PARTICIPANT, NOT_SCHEDULED, PLACED_AND_UNPLACED, and
        UNAVAILABLE_SLOT when ``unavailable`` is given); empty when nothing is. It uses none of
        the generator's data structures, so it can verify it."""
        visits = list(visits)
        known = {visit.participant for visit in visits}
        problems = [
            f"{DOUBLE_BOOKED}: {evaluator!r} at {slot}: {', '.join(map(repr, participants))}"
            for evaluator, slot, participants in clashes(self.placements, visits)
        ]
        problems += [
            f"{UNKNOWN_PARTICIPANT}: {participant!r}"
            for participant in [*self.placements, *self.unplaced]
            if participant not in known
        ]
        for visit in visits:
            slot = self.placements.get(visit.participant)
            if slot is not None and visit.participant in self.unplaced:
                problems.append(f"{PLACED_AND_UNPLACED}: {visit.participant!r}")
            elif slot is None and visit.participant not in self.unplaced:
                problems.append(f"{NOT_SCHEDULED}: {visit.participant!r}")
            for evaluator in _stable_order(visit.evaluators) if slot is not None else ():
                away = (unavailable or {}).get(evaluator, ())
                if slot in away or slot.day in away:
                    problems.append(
                        f"{UNAVAILABLE_SLOT}: {evaluator!r} at {slot}: {visit.participant!r}"
                    )
        return problems


def clashes(placements: Mapping[Hashable, Slot], visits: Iterable[Visit]) -> list[Clash]:
    """Every (evaluator, slot, participants) where an evaluator would be in two or more visits
    at once, chronologically; empty when ``placements`` double-books nobody. Participants
    without a visit in ``visits`` are ignored. The UI refuses a hand edit that makes this
    non-empty."""
    together: dict[tuple[Slot, Hashable], list[Hashable]] = {}
    evaluators: set[Hashable] = set()
    for visit in visits:
        slot = placements.get(visit.participant)
        if slot is None:
            continue
        for evaluator in visit.evaluators:
            together.setdefault((slot, evaluator), []).append(visit.participant)
            evaluators.add(evaluator)
    rank = {evaluator: i for i, evaluator in enumerate(_stable_order(evaluators))}
    found = sorted(
        ((slot, evaluator, participants) for (slot, evaluator), participants in together.items()),
        key=lambda item: (item[0], rank[item[1]]),
    )
    return [
        (evaluator, slot, participants)
        for slot, evaluator, participants in found
        if len(participants) > 1
    ]


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
    or UNAVAILABLE when their team is never all available. See the module docstring for the
    method and the balance between days. Pure: no side effects. Raises ValueError on a
    participant given twice, a fixed participant without a visit, an unknown session or a
    ``max_visits_per_slot`` below 1.
    """
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

    calendar = sorted({Slot(day, session) for day in days for session in sessions})
    slots = sorted({*calendar, *fixed.values()})
    slot_index = {slot: t for t, slot in enumerate(slots)}
    calendar_mask = reduce(or_, (1 << slot_index[slot] for slot in calendar), 0)

    evaluator_index = {
        evaluator: i
        for i, evaluator in enumerate(
            _stable_order({evaluator for visit in visits for evaluator in visit.evaluators})
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
    day_position = {day: d for d, day in enumerate(sorted({slot.day for slot in slots}))}
    board = _Board(
        team=team,
        allowed=[calendar_mask & ~mask for mask in team_away],
        day_of=[day_position[slot.day] for slot in slots],
        evaluators=len(evaluator_index),
        capacity=max_visits_per_slot,
        seed=seed,
    )

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

    movable = [j for j in range(len(visits)) if not board.fixed[j] and j not in reasons]
    left = board.greedy(movable)
    if left:
        left = board.tabu(left, movable)
    if left:
        left = board.exact(left, movable)
    board.balance(movable)

    for j in left:
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


def _stable_order(keys: Iterable[Hashable]) -> list[Hashable]:
    """Keys sorted, or sorted by type and repr when they do not compare: never in hash order,
    which varies between processes."""
    keys = list(keys)
    try:
        return sorted(keys)  # type: ignore[type-var]  # Hashable need not compare: see below
    except TypeError:
        return sorted(keys, key=lambda key: (type(key).__name__, repr(key)))


def _bits(mask: int) -> Iterable[int]:
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


class _Board:
    """The working timetable. Visits, evaluators and slots are indices; sets of slots are int
    bitmasks (bit t: slot t), so "free for this visit" costs one AND per evaluator.

    Every change goes through ``place``/``remove``, which keep the indexes in step.
    """

    def __init__(
        self,
        *,
        team: list[list[int]],
        allowed: list[int],
        day_of: list[int],
        evaluators: int,
        capacity: int | None,
        seed: int,
    ) -> None:
        visits = len(team)
        self.team = team
        self.allowed = allowed
        self.day_of = day_of
        self.capacity = capacity
        self.slot_of = [-1] * visits
        self.fixed = [False] * visits
        self.busy = [0] * evaluators  # slots where the evaluator has a visit
        self.at: list[dict[int, int]] = [{} for _ in range(evaluators)]  # slot → their visit
        self.members: list[dict[int, None]] = [{} for _ in day_of]  # ordered set of visits
        self.slot_load = [0] * len(day_of)
        self.day_load = [0] * (max(day_of) + 1 if day_of else 0)
        self.full = 0  # slots at capacity
        self.budget = 0

        holders: list[list[int]] = [[] for _ in range(evaluators)]
        for j, members in enumerate(team):
            for i in members:
                holders[i].append(j)
        self.neighbours = [
            sorted({u for i in members for u in holders[i]} - {j}) for j, members in enumerate(team)
        ]
        # Tie-breaking only; nothing here needs to be unpredictable.
        self.rng = random.Random(seed)  # noqa: S311
        rank = list(range(visits))
        self.rng.shuffle(rank)
        self.rank = rank

    # --- moves ----------------------------------------------------------------------------------

    def place(self, j: int, t: int) -> None:
        self.slot_of[j] = t
        for i in self.team[j]:
            self.busy[i] |= 1 << t
            self.at[i][t] = j
        self.members[t][j] = None
        self.slot_load[t] += 1
        self.day_load[self.day_of[t]] += 1
        if self.capacity is not None and self.slot_load[t] >= self.capacity:
            self.full |= 1 << t

    def remove(self, j: int) -> None:
        t = self.slot_of[j]
        self.slot_of[j] = -1
        for i in self.team[j]:
            self.busy[i] &= ~(1 << t)
            del self.at[i][t]
        del self.members[t][j]
        self.slot_load[t] -= 1
        self.day_load[self.day_of[t]] -= 1
        self.full &= ~(1 << t)

    def free(self, j: int) -> int:
        """The slots visit j could take now without moving anyone."""
        mask = self.allowed[j] & ~self.full
        for i in self.team[j]:
            mask &= ~self.busy[i]
        return mask

    def preference(self, t: int) -> tuple[int, int, int]:
        """Least busy day, then least busy slot, then earliest."""
        return (self.day_load[self.day_of[t]], self.slot_load[t], t)

    def best(self, mask: int) -> int:
        return min(_bits(mask), key=self.preference)

    # --- 1. fixed visits ------------------------------------------------------------------------

    def fixed_refusal(self, j: int, t: int, team_away: int) -> str | None:
        if team_away >> t & 1:
            return FIXED_UNAVAILABLE
        if any(self.busy[i] >> t & 1 for i in self.team[j]):
            return FIXED_CLASH
        if self.capacity is not None and self.slot_load[t] >= self.capacity:
            return FIXED_FULL
        return None

    # --- 2. DSatur ------------------------------------------------------------------------------

    def _priority(self, j: int) -> tuple[int, int, int, int]:
        return (self.free(j).bit_count(), -len(self.neighbours[j]), self.rank[j], j)

    def greedy(self, movable: list[int]) -> list[int]:
        """Place the most constrained visit first; return those that found no free slot, in the
        order they came up."""
        waiting = set(movable)
        heap = [self._priority(j) for j in movable]
        heapq.heapify(heap)
        left = []
        while heap:
            entry = heapq.heappop(heap)
            j = entry[-1]
            if j not in waiting or entry != self._priority(j):
                continue  # stale: a fresher entry for j is in the heap, or j is done
            waiting.discard(j)
            free = self.free(j)
            if not free:
                left.append(j)
                continue
            t = self.best(free)
            self.place(j, t)
            # Whose free slots may have shrunk: the neighbours, or everyone if t is now full.
            touched = waiting if self.full >> t & 1 else self.neighbours[j]
            for u in touched:
                if u in waiting:
                    heapq.heappush(heap, self._priority(u))
        return left

    # --- 3. tabu search ------------------------------------------------------------------------

    def tabu(self, left: list[int], movable: list[int]) -> list[int]:
        """PartialCol: keep the timetable legal; at each step put one unplaced visit in the slot
        where it evicts the fewest visits, those evicted becoming unplaced and barred from that
        slot for a while. Returns to the best state found; returns the visits still unplaced."""
        unplaced = dict.fromkeys(j for j in left if self.allowed[j])
        floor = self.shortfall(movable)
        best = len(unplaced)
        best_state = self._state(movable)
        pinned = {j for j, fixed in enumerate(self.fixed) if fixed}
        barred: dict[tuple[int, int], int] = {}  # (visit, slot) → the step it may come back
        busy, at, load, capacity = self.busy, self.at, self.slot_load, self.capacity
        work = TABU_WORK
        patience = TABU_PATIENCE + 50 * len(movable)
        step = last_gain = 0
        while best > floor and work > 0 and step - last_gain < patience:
            step += 1
            chosen: tuple[int, int, int] | None = None
            ties = 0
            for j in unplaced:
                team = self.team[j]
                for t in _bits(self.allowed[j]):
                    work -= 1
                    bit = 1 << t
                    blockers = {at[i][t] for i in team if busy[i] & bit}
                    if blockers & pinned:
                        continue
                    cost = len(blockers)
                    if capacity is not None and load[t] - cost >= capacity:
                        cost += load[t] - cost + 1 - capacity  # others must leave the full slot
                    if barred.get((j, t), 0) > step and len(unplaced) - 1 + cost >= best:
                        continue  # barred, unless it beats the best state
                    if chosen is None or cost < chosen[0]:
                        chosen, ties = (cost, j, t), 1
                    elif cost == chosen[0]:
                        # Uniform choice among the equally good moves (reservoir sampling).
                        ties += 1
                        if self.rng.randrange(ties) == 0:
                            chosen = (cost, j, t)
            if chosen is None:
                break
            _, j, t = chosen
            blockers = self._blockers(j, t)
            if blockers is None:  # the slot is full of fixed visits
                barred[j, t] = step + 1
                continue
            tenure = len(unplaced) * 6 // 10 + self.rng.randrange(10)
            for b in blockers:
                barred[b, t] = step + tenure
                self.remove(b)
                unplaced[b] = None
            self.place(j, t)
            del unplaced[j]
            if len(unplaced) < best:
                best, last_gain = len(unplaced), step
                best_state = self._state(movable)
        if len(unplaced) > best:
            self._restore(best_state)
        return [j for j in movable if self.slot_of[j] < 0]

    def shortfall(self, movable: list[int]) -> int:
        """A lower bound on how many movable visits (with an allowed slot) must be left out:
        more visits than the free room of the slots they may use, or more visits of one
        evaluator than the slots that evaluator may use."""
        hopeful = [j for j in movable if self.allowed[j]]
        pinned_busy = [0] * len(self.busy)
        pinned_load = [0] * len(self.slot_load)
        for j, fixed in enumerate(self.fixed):
            if fixed:
                pinned_load[self.slot_of[j]] += 1
                for i in self.team[j]:
                    pinned_busy[i] |= 1 << self.slot_of[j]
        bound = 0
        if self.capacity is not None:
            reach = reduce(or_, (self.allowed[j] for j in hopeful), 0)
            room = sum(max(0, self.capacity - pinned_load[t]) for t in _bits(reach))
            bound = len(hopeful) - room
        visits_of: dict[int, list[int]] = {}
        for j in hopeful:
            for i in self.team[j]:
                visits_of.setdefault(i, []).append(j)
        for i, visits in visits_of.items():
            reach = reduce(or_, (self.allowed[j] for j in visits), 0) & ~pinned_busy[i]
            bound = max(bound, len(visits) - reach.bit_count())
        return bound

    def _blockers(self, j: int, t: int) -> list[int] | None:
        """The visits to move out of slot t so that j fits there: those sharing an evaluator
        with j and, if the slot would overflow, the least connected others; None if that would
        move a fixed visit."""
        blockers = sorted({self.at[i][t] for i in self.team[j] if self.busy[i] >> t & 1})
        if any(self.fixed[b] for b in blockers):
            return None
        if self.capacity is not None:
            over = self.slot_load[t] - len(blockers) + 1 - self.capacity
            if over > 0:
                others = [u for u in self.members[t] if u not in blockers and not self.fixed[u]]
                if len(others) < over:
                    return None
                blockers += sorted(others, key=lambda u: (len(self.neighbours[u]), u))[:over]
        return blockers

    def _state(self, visits: list[int]) -> dict[int, int]:
        return {j: self.slot_of[j] for j in visits}

    def _restore(self, state: dict[int, int]) -> None:
        for j in state:
            if self.slot_of[j] >= 0:
                self.remove(j)
        for j, t in state.items():
            if t >= 0:
                self.place(j, t)

    # --- 4. exact search ------------------------------------------------------------------------

    def exact(self, left: list[int], movable: list[int]) -> list[int]:
        """Re-colour the small part of the instance holding the ``left`` visits by exhaustive
        search, within a node budget; keep the result only if it places every visit of that
        part. Returns the visits still unplaced."""
        # A visit whose team is never available together is in no full colouring: leave it out.
        hopeful = [j for j in left if self.allowed[j]]
        if not hopeful:
            return left
        if self.capacity is not None:
            part = [j for j in movable if self.allowed[j]]  # capacities tie every visit together
        else:
            seen = set(hopeful)
            queue = list(hopeful)
            while queue:
                for u in self.neighbours[queue.pop()]:
                    if u not in seen and not self.fixed[u] and self.allowed[u]:
                        seen.add(u)
                        queue.append(u)
            part = sorted(seen)
        if len(part) > EXACT_SEARCH_LIMIT or self.shortfall(part) > 0:
            return left
        before = self._state(part)
        for j in part:
            if self.slot_of[j] >= 0:
                self.remove(j)
        self.budget = EXACT_SEARCH_BUDGET
        if not self._search(part):
            self._restore(before)
        return [j for j in left if self.slot_of[j] < 0]

    def _search(self, todo: list[int]) -> bool:
        """DSatur backtracking: the visit with the fewest free slots next, each slot in turn."""
        if not todo:
            return True
        chosen = min(todo, key=self._priority)
        rest = [j for j in todo if j != chosen]
        for t in sorted(_bits(self.free(chosen)), key=self.preference):
            if self.budget <= 0:
                return False
            self.budget -= 1
            self.place(chosen, t)
            if self._search(rest):
                return True
            self.remove(chosen)
        return False

    # --- 5. balance -----------------------------------------------------------------------------

    def _gain(self, a: int, b: int) -> tuple[int, int, int]:
        """How moving one visit from slot a to slot b changes the potential (negative: better)."""
        day_a, day_b = self.day_of[a], self.day_of[b]
        days = 0 if day_a == day_b else 2 * (self.day_load[day_b] - self.day_load[day_a] + 1)
        return (days, 2 * (self.slot_load[b] - self.slot_load[a] + 1), b - a)

    def balance(self, movable: list[int]) -> None:
        for _ in range(BALANCE_PASSES):
            moved = False
            for j in movable:
                a = self.slot_of[j]
                if a < 0:
                    continue
                best = min(((self._gain(a, b), b) for b in _bits(self.free(j))), default=None)
                if best is not None and best[0] < (0, 0, 0):
                    self.remove(j)
                    self.place(j, best[1])
                    moved = True
            if not moved:
                return
