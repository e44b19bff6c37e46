"""The result of the generator: placements, itineraries, and the checks a hand edit passes."""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo

from kinerja.visits.timetable.model import (
    DEFAULT_START_TIMES,
    DOUBLE_BOOKED,
    NOT_SCHEDULED,
    PLACED_AND_UNPLACED,
    UNAVAILABLE_SLOT,
    UNKNOWN_PARTICIPANT,
    Clash,
    Slot,
    Visit,
    stable_order,
)


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
            for evaluator in stable_order(stops)
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
            for evaluator in stable_order(visit.evaluators) if slot is not None else ():
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
    rank = {evaluator: i for i, evaluator in enumerate(stable_order(evaluators))}
    found = sorted(
        ((slot, evaluator, participants) for (slot, evaluator), participants in together.items()),
        key=lambda item: (item[0], rank[item[1]]),
    )
    return [
        (evaluator, slot, participants)
        for slot, evaluator, participants in found
        if len(participants) > 1
    ]
