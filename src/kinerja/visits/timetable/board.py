"""The working timetable of the generator and its moves: steps 1 to 5 of the package docstring.

Visits, evaluators and slots are indices here, and sets of slots are int bitmasks; the
generator (``solver``) translates to and from the caller's keys.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterable
from functools import reduce
from operator import or_

from kinerja.visits.timetable.model import FIXED_CLASH, FIXED_FULL, FIXED_UNAVAILABLE

TABU_WORK = 500_000  # moves looked at: about a second at most
TABU_PATIENCE = 100  # steps without progress before giving up, plus 50 per movable visit
EXACT_SEARCH_LIMIT = 40  # visits
EXACT_SEARCH_BUDGET = 20_000  # search nodes
BALANCE_PASSES = 50


def _bits(mask: int) -> Iterable[int]:
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


class Board:
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

    def schedule(self, movable: list[int]) -> list[int]:
        """Steps 2 to 5 on the ``movable`` visits (the fixed ones are already placed): the
        greedy, then the repairs while visits are left, then the balance. Returns the visits
        still unplaced, in the order the last step left them."""
        left = self.greedy(movable)
        if left:
            left = self.tabu(left, movable)
        if left:
            left = self.exact(left, movable)
        self.balance(movable)
        return left

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
