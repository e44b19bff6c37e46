"""Assigning evaluators to participants (penugasan): by hand, by panel, and automatically.

Pure Python, no Django import: the services layer turns rows into the dataclasses below, calls
:func:`auto_assign` or :func:`manual_check`, and saves or refuses what comes back.

Rules
-----
An evaluator may not judge their own unit, its parent or its children (the evaluator's unit is
their origin agency, ``Evaluator.agency``), nor a participant they declared a conflict with.
With ``by_panel`` an evaluator only judges participants of the same panel (compared with ``==``,
so participants without a panel are judged by evaluators without one). Optionally every
participant's evaluators come from at least ``min(min_agencies, k)`` distinct agencies; an
evaluator without an agency (an outside expert) counts as an agency of their own.

How automatic assignment works
------------------------------
Evaluators have no hard capacity, so how many evaluators a participant can get does not depend
on the other participants: it is ``min(k, eligible evaluators)``, and the most agencies it can
have is fixed the same way. What does depend on the others is the *load*. The choice is a flow
problem: participants (demand ``k`` minus the pairs they already hold) ← eligible pairs ←
evaluators, with a convex cost on each evaluator's load. It is solved in two steps:

1. a greedy fill: the most constrained participants first, each takes the least loaded eligible
   evaluators (ties broken by a seeded shuffle), taking evaluators of new agencies first when
   that is the only way left to reach the agency target;
2. augmenting paths in the residual graph ("1-tightening"): while some evaluator ``t`` can hand
   one assignment over to an evaluator ``s`` with ``load[s] <= load[t] - 2``, through a chain of
   swaps ``t → p1 → e1 → p2 → … → s`` (``p1`` drops ``t`` and takes ``e1``, ``p2`` drops ``e1`` and
   takes ``e2``, …), do it. One breadth-first search from the most loaded evaluators downwards
   finds such a chain if there is one.

Each participant's admissible evaluator sets are the bases of a matroid (a uniform matroid, or,
with an agency target, the union of a one-per-agency partition matroid with a uniform matroid,
truncated), so the reachable load vectors form an M-convex set. On such a set a load vector that
admits no 1-tightening is *decreasingly minimal* (Frank & Murota, "Discrete decreasing
minimization", 2019): the largest load is as small as possible, then the next one, and the
smallest is as large as possible. In particular, when every evaluator is eligible for every
participant and starts from the same load, loads differ by at most one. Shortest chains have no
shortcut, which is what makes the simultaneous swaps valid for the agency matroids too.

Determinism: the same inputs (in the same order) and the same seed give the same pairs; the seed
only breaks ties between equally good evaluators and equally constrained participants.
"""

from __future__ import annotations

import random
from bisect import bisect_left, insort
from collections.abc import Container, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "CHILD_UNIT",
    "DECLARED",
    "DUPLICATE",
    "NOT_ENOUGH_AGENCIES",
    "NOT_ENOUGH_ELIGIBLE",
    "OTHER_PANEL",
    "OWN_UNIT",
    "PARENT_UNIT",
    "UNKNOWN_EVALUATOR",
    "UNKNOWN_PARTICIPANT",
    "AssignmentPlan",
    "Evaluator",
    "Participant",
    "Shortfall",
    "UnitTree",
    "Violation",
    "auto_assign",
    "conflict_reason",
    "manual_check",
]

# Why a pair is refused (machine codes; the UI translates them).
OWN_UNIT = "own_unit"  # the participant is the evaluator's own unit
PARENT_UNIT = "parent_unit"  # the participant is the parent of the evaluator's unit
CHILD_UNIT = "child_unit"  # the participant is a child of the evaluator's unit
DECLARED = "declared"  # the evaluator declared a conflict of interest
OTHER_PANEL = "other_panel"  # assignment by panel, and the panels differ
DUPLICATE = "duplicate"  # the same pair given twice
UNKNOWN_EVALUATOR = "unknown_evaluator"
UNKNOWN_PARTICIPANT = "unknown_participant"

# Why a participant did not get everything it needs.
NOT_ENOUGH_ELIGIBLE = "not_enough_eligible"
NOT_ENOUGH_AGENCIES = "not_enough_agencies"

Pair = tuple[Hashable, Hashable]  # (evaluator key, participant key)


@dataclass(frozen=True, slots=True)
class Evaluator:
    """A member of the team. ``agency`` is the unit id of their origin agency (None: outside
    expert); ``load`` counts assignments held elsewhere that the balance should include."""

    key: Hashable
    agency: Hashable | None
    panel: str | None = None
    load: int = 0


@dataclass(frozen=True, slots=True)
class Participant:
    """A unit taking part in the cycle."""

    key: Hashable
    unit: Hashable
    panel: str | None = None


@dataclass(frozen=True)
class UnitTree:
    """The unit hierarchy as ``{unit: parent unit or None}``; units not listed are roots."""

    parent: Mapping[Hashable, Hashable | None]

    def parent_of(self, unit: Hashable) -> Hashable | None:
        return self.parent.get(unit)

    def relation(self, own: Hashable, other: Hashable) -> str | None:
        """How ``other`` stands to ``own``: OWN_UNIT, PARENT_UNIT (``other`` is ``own``'s
        parent), CHILD_UNIT (``other`` is one of ``own``'s children), or None."""
        if own == other:
            return OWN_UNIT
        own_parent = self.parent_of(own)
        if own_parent is not None and own_parent == other:
            return PARENT_UNIT
        other_parent = self.parent_of(other)
        if other_parent is not None and other_parent == own:
            return CHILD_UNIT
        return None

    def related(self, a: Hashable, b: Hashable) -> bool:
        """True when ``a`` is ``b``, ``b``'s parent or one of ``b``'s children (symmetric)."""
        return self.relation(a, b) is not None


@dataclass(frozen=True, slots=True)
class Violation:
    """A pair that breaks a rule, with the rule's machine code."""

    evaluator_key: Hashable
    participant_key: Hashable
    reason: str


@dataclass(frozen=True, slots=True)
class Shortfall:
    """What a participant still lacks: ``needed`` evaluators (NOT_ENOUGH_ELIGIBLE) or, when it
    has its k evaluators, ``needed`` more distinct agencies (NOT_ENOUGH_AGENCIES)."""

    needed: int
    reason: str


@dataclass(frozen=True)
class AssignmentPlan:
    """The result of :func:`auto_assign`.

    ``pairs``: the NEW (evaluator key, participant key) pairs to create. ``unfilled``: the
    participants that could not get all they need, in input order. ``loads``: every evaluator's
    total load afterwards (``Evaluator.load`` + valid existing pairs + new pairs), in input order.
    ``violations``: existing pairs that break a rule; they were not counted.
    """

    pairs: frozenset[Pair]
    unfilled: dict[Hashable, Shortfall]
    loads: dict[Hashable, int]
    violations: list[Violation]


def conflict_reason(
    evaluator: Evaluator,
    participant: Participant,
    *,
    tree: UnitTree,
    declared: Container[Pair] = frozenset(),
) -> str | None:
    """Why ``evaluator`` may not judge ``participant`` (OWN_UNIT, PARENT_UNIT, CHILD_UNIT,
    DECLARED), or None. ``declared`` holds (evaluator key, participant key) pairs."""
    if evaluator.agency is not None:
        relation = tree.relation(evaluator.agency, participant.unit)
        if relation is not None:
            return relation
    if (evaluator.key, participant.key) in declared:
        return DECLARED
    return None


def manual_check(
    pairs: Iterable[Pair],
    participants: Sequence[Participant],
    evaluators: Sequence[Evaluator],
    *,
    tree: UnitTree,
    declared: Iterable[Pair] = frozenset(),
    by_panel: bool = False,
) -> list[Violation]:
    """Every rule that hand-made ``pairs`` break, in the order given; empty when all are fine.

    Reasons: UNKNOWN_EVALUATOR, UNKNOWN_PARTICIPANT, DUPLICATE, a conflict_reason code, and
    OTHER_PANEL when ``by_panel``. A pair gets one violation, the first that applies.
    """
    declared = declared if isinstance(declared, frozenset | set) else frozenset(declared)
    participant_by_key = {p.key: p for p in participants}
    evaluator_by_key = {e.key: e for e in evaluators}
    seen: set[Pair] = set()
    violations = []
    for evaluator_key, participant_key in pairs:
        reason = _pair_violation(
            evaluator_by_key.get(evaluator_key),
            participant_by_key.get(participant_key),
            seen_before=(evaluator_key, participant_key) in seen,
            tree=tree,
            declared=declared,
            by_panel=by_panel,
        )
        seen.add((evaluator_key, participant_key))
        if reason is not None:
            violations.append(Violation(evaluator_key, participant_key, reason))
    return violations


def _pair_violation(
    evaluator: Evaluator | None,
    participant: Participant | None,
    *,
    seen_before: bool,
    tree: UnitTree,
    declared: Container[Pair],
    by_panel: bool,
) -> str | None:
    if evaluator is None:
        return UNKNOWN_EVALUATOR
    if participant is None:
        return UNKNOWN_PARTICIPANT
    if seen_before:
        return DUPLICATE
    reason = conflict_reason(evaluator, participant, tree=tree, declared=declared)
    if reason is not None:
        return reason
    if by_panel and evaluator.panel != participant.panel:
        return OTHER_PANEL
    return None


def auto_assign(
    participants: Sequence[Participant],
    evaluators: Sequence[Evaluator],
    *,
    k: int,
    tree: UnitTree,
    declared: Iterable[Pair] = frozenset(),
    existing: Iterable[Pair] = frozenset(),
    min_agencies: int = 0,
    by_panel: bool = False,
    seed: int = 0,
) -> AssignmentPlan:
    """Give every participant ``k`` evaluators, balancing loads and respecting every rule.

    Valid ``existing`` pairs are kept and count toward ``k``, the agencies and the loads; the
    others are reported in ``violations`` and ignored. Each participant gets
    ``min(k, eligible evaluators)`` in total (valid existing pairs beyond ``k`` are kept, none are
    added), from at least ``min(min_agencies, k)`` agencies when its eligible evaluators allow it
    (as many as they allow otherwise). Among all such plans the loads are decreasingly minimal
    (see the module docstring). Participants short of either are listed in ``unfilled``. Pure: no
    side effects. Raises ValueError on a negative ``k`` or ``min_agencies`` or on a key given
    twice.
    """
    if k < 0 or min_agencies < 0:
        raise ValueError("k and min_agencies must not be negative")
    _check_unique(participants, "participant")
    _check_unique(evaluators, "evaluator")
    declared = declared if isinstance(declared, frozenset | set) else frozenset(declared)
    state = _State(participants, evaluators, tree=tree, declared=declared, by_panel=by_panel)
    violations = state.take_existing(existing, declared=declared)
    unfilled = state.set_targets(k=k, min_agencies=min_agencies)
    state.fill(seed)
    state.tighten()
    return AssignmentPlan(
        pairs=frozenset(
            (evaluators[i].key, participants[j].key)
            for j, chosen in enumerate(state.chosen)
            for i in chosen
        ),
        unfilled=unfilled,
        loads={e.key: state.load[i] for i, e in enumerate(evaluators)},
        violations=violations,
    )


def _check_unique(items: Sequence[Evaluator] | Sequence[Participant], what: str) -> None:
    keys = [item.key for item in items]
    if len(set(keys)) != len(keys):
        raise ValueError(f"{what} keys must be unique")


def _bits(mask: int) -> Iterable[int]:
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


class _State:
    """The working data of auto_assign. Sets of evaluators are int bitmasks (bit i: evaluator i)
    so eligibility and agency tests cost a few machine words, not a loop over the team."""

    def __init__(
        self,
        participants: Sequence[Participant],
        evaluators: Sequence[Evaluator],
        *,
        tree: UnitTree,
        declared: Iterable[Pair],
        by_panel: bool,
    ) -> None:
        self.participants = participants
        self.evaluators = evaluators
        self.tree = tree
        self.by_panel = by_panel
        n = len(evaluators)
        self.load = [e.load for e in evaluators]
        self.evaluator_index = {e.key: i for i, e in enumerate(evaluators)}
        self.participant_index = {p.key: j for j, p in enumerate(participants)}

        # Agencies: an evaluator without one is an agency of their own.
        agency_ids: dict[tuple[bool, Hashable], int] = {}
        self.agency_of = [
            agency_ids.setdefault(
                (e.agency is None, i if e.agency is None else e.agency), len(agency_ids)
            )
            for i, e in enumerate(evaluators)
        ]
        self.agency_mask = [0] * len(agency_ids)
        for i, a in enumerate(self.agency_of):
            self.agency_mask[a] |= 1 << i

        # Unit conflicts: who comes from unit u, and who comes from a child of u.
        from_unit: dict[Hashable, int] = {}
        from_child_of: dict[Hashable, int] = {}
        panel_mask: dict[str | None, int] = {}
        for i, e in enumerate(evaluators):
            panel_mask[e.panel] = panel_mask.get(e.panel, 0) | 1 << i
            if e.agency is None:
                continue
            from_unit[e.agency] = from_unit.get(e.agency, 0) | 1 << i
            agency_parent = tree.parent_of(e.agency)
            if agency_parent is not None:
                from_child_of[agency_parent] = from_child_of.get(agency_parent, 0) | 1 << i
        declared_mask = [0] * len(participants)
        for evaluator_key, participant_key in declared:
            i = self.evaluator_index.get(evaluator_key)
            j = self.participant_index.get(participant_key)
            if i is not None and j is not None:
                declared_mask[j] |= 1 << i

        everyone = (1 << n) - 1
        self.allowed = []  # evaluators that may judge participant j (existing pairs included)
        for j, p in enumerate(participants):
            unit_parent = tree.parent_of(p.unit)
            conflicted = (
                from_unit.get(p.unit, 0)  # own unit
                | from_child_of.get(p.unit, 0)  # p is the parent of their unit
                | (from_unit.get(unit_parent, 0) if unit_parent is not None else 0)  # p's child
                | declared_mask[j]
            )
            pool = panel_mask.get(p.panel, 0) if by_panel else everyone
            self.allowed.append(pool & ~conflicted)

        self.existing = [0] * len(participants)  # valid existing pairs per participant
        self.chosen: list[list[int]] = [[] for _ in participants]  # new pairs per participant
        self.chosen_mask = [0] * len(participants)
        self.holders: list[dict[int, None]] = [{} for _ in evaluators]  # ordered set of j
        self.eligible: list[int] = []  # allowed and not already held
        self.slots: list[int] = []  # new evaluators to choose
        self.fixed_cover: list[int] = []  # evaluators of agencies the existing pairs cover
        self.agency_target: list[int] = []  # new agencies the chosen evaluators must add

    def take_existing(
        self, existing: Iterable[Pair], *, declared: Container[Pair]
    ) -> list[Violation]:
        found: list[tuple[tuple[int, int, str, str], Violation]] = []
        seen: set[Pair] = set()
        for evaluator_key, participant_key in existing:
            i = self.evaluator_index.get(evaluator_key)
            j = self.participant_index.get(participant_key)
            reason = _pair_violation(
                None if i is None else self.evaluators[i],
                None if j is None else self.participants[j],
                seen_before=(evaluator_key, participant_key) in seen,
                tree=self.tree,
                declared=declared,
                by_panel=self.by_panel,
            )
            seen.add((evaluator_key, participant_key))
            if reason is None:
                assert i is not None and j is not None  # narrowing: no reason means both known
                self.existing[j] |= 1 << i
                self.load[i] += 1
                continue
            # Sets iterate in hash order, which varies between processes: sort the report.
            order = (
                len(self.participants) if j is None else j,
                len(self.evaluators) if i is None else i,
                repr(participant_key),
                repr(evaluator_key),
            )
            found.append((order, Violation(evaluator_key, participant_key, reason)))
        return [violation for _, violation in sorted(found, key=lambda item: item[0])]

    def set_targets(self, *, k: int, min_agencies: int) -> dict[Hashable, Shortfall]:
        required = min(min_agencies, k)
        unfilled: dict[Hashable, Shortfall] = {}
        for j, p in enumerate(self.participants):
            held = self.existing[j]
            eligible = self.allowed[j] & ~held
            slots = max(0, min(k - held.bit_count(), eligible.bit_count()))
            cover = 0
            agencies = 0
            for i in _bits(held):
                if not cover >> i & 1:
                    agencies += 1
                    cover |= self.agency_mask[self.agency_of[i]]
            # New agencies within reach, counted only as far as they are needed.
            wanted = min(slots, max(0, required - agencies))
            reachable = 0
            rest = eligible & ~cover
            while rest and reachable < wanted:
                i = (rest & -rest).bit_length() - 1
                rest &= ~self.agency_mask[self.agency_of[i]]
                reachable += 1
            self.eligible.append(eligible)
            self.slots.append(slots)
            self.fixed_cover.append(cover)
            self.agency_target.append(reachable)
            total = held.bit_count() + slots
            if total < k:
                unfilled[p.key] = Shortfall(k - total, NOT_ENOUGH_ELIGIBLE)
            elif agencies + reachable < required:
                unfilled[p.key] = Shortfall(required - agencies - reachable, NOT_ENOUGH_AGENCIES)
        return unfilled

    def fill(self, seed: int) -> None:
        """Greedy start: most constrained participants first, least loaded evaluators first."""
        # Tie-breaking only; nothing here needs to be unpredictable.
        rng = random.Random(seed)  # noqa: S311
        n = len(self.evaluators)
        rank = list(range(n))
        rng.shuffle(rank)
        participant_rank = list(range(len(self.participants)))
        rng.shuffle(participant_rank)
        order = sorted((self.load[i], rank[i], i) for i in range(n))
        todo = sorted(
            (j for j in range(len(self.participants)) if self.slots[j]),
            key=lambda j: (self.eligible[j].bit_count(), participant_rank[j]),
        )
        for j in todo:
            eligible = self.eligible[j]
            if eligible.bit_count() * 8 < n:  # few candidates: sort them rather than scan all
                candidates = sorted((self.load[i], rank[i], i) for i in _bits(eligible))
            else:
                candidates = order
            picked = self._pick(j, candidates)
            for i in picked:
                del order[bisect_left(order, (self.load[i], rank[i], i))]
                self.load[i] += 1
                insort(order, (self.load[i], rank[i], i))
                self.holders[i][j] = None
                self.chosen_mask[j] |= 1 << i
            self.chosen[j] = picked

    def _pick(self, j: int, candidates: list[tuple[int, int, int]]) -> list[int]:
        eligible = self.eligible[j]
        slots = self.slots[j]
        new_agencies = self.agency_target[j]
        cover = self.fixed_cover[j]
        picked = []
        for _, _, i in candidates:
            if not eligible >> i & 1:
                continue
            is_new = not cover >> i & 1
            # Once every remaining slot is needed for a new agency, take only new agencies.
            if slots > new_agencies or is_new:
                picked.append(i)
                slots -= 1
                if is_new:
                    cover |= self.agency_mask[self.agency_of[i]]
                    new_agencies = max(0, new_agencies - 1)
                if not slots:
                    break
        return picked

    def swap_targets(self, j: int, leaving: int) -> int:
        """Evaluators participant j may take in place of ``leaving`` (which it holds)."""
        free = self.eligible[j] & ~self.chosen_mask[j]
        target = self.agency_target[j]
        if not target:
            return free
        cover = self.fixed_cover[j]
        new_agencies = 0
        for i in self.chosen[j]:
            if i != leaving and not cover >> i & 1:
                new_agencies += 1
                cover |= self.agency_mask[self.agency_of[i]]
        return free if new_agencies >= target else free & ~cover

    def tighten(self) -> None:
        """Apply 1-tightening chains until there is none (see the module docstring)."""
        receivers = 0
        for eligible in self.eligible:
            receivers |= eligible
        if not receivers:
            return
        while (chain := self._find_chain(receivers)) is not None:
            for leaving, j, coming in chain:
                self.chosen[j][self.chosen[j].index(leaving)] = coming
                self.chosen_mask[j] ^= 1 << leaving | 1 << coming
                del self.holders[leaving][j]
                self.holders[coming][j] = None
            self.load[chain[0][0]] -= 1
            self.load[chain[-1][2]] += 1

    def _find_chain(self, receivers: int) -> list[tuple[int, int, int]] | None:
        """A shortest chain of swaps moving one assignment from an evaluator to one at least two
        lighter, searching from the heaviest evaluators down; None when there is none.

        The search from a lower level skips evaluators reached from a higher one: whatever they
        reach was already reached, and tested against a weaker condition.
        """
        lightest = min(self.load[i] for i in _bits(receivers))
        givers = sorted(
            (i for i, held in enumerate(self.holders) if held),
            key=lambda i: -self.load[i],
        )
        visited = 0
        came_from: dict[int, tuple[int, int]] = {}
        start = 0
        while start < len(givers):
            level = self.load[givers[start]]
            if level - 2 < lightest:
                return None
            frontier = []
            while start < len(givers) and self.load[givers[start]] == level:
                i = givers[start]
                start += 1
                if not visited >> i & 1:
                    visited |= 1 << i
                    frontier.append(i)
            while frontier:
                following = []
                for u in frontier:
                    for j in self.holders[u]:
                        for v in _bits(self.swap_targets(j, u) & ~visited):
                            visited |= 1 << v
                            came_from[v] = (u, j)
                            if self.load[v] <= level - 2:
                                return _chain(came_from, v)
                            following.append(v)
                frontier = following
        return None


def _chain(came_from: dict[int, tuple[int, int]], end: int) -> list[tuple[int, int, int]]:
    chain = []
    coming = end
    while coming in came_from:
        leaving, j = came_from[coming]
        chain.append((leaving, j, coming))
        coming = leaving
    chain.reverse()
    return chain
