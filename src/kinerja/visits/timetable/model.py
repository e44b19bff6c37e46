"""The timetable's vocabulary: sessions, slots, visits and the reason codes (pure Python)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from types import MappingProxyType

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


def stable_order(keys: Iterable[Hashable]) -> list[Hashable]:
    """Keys sorted, or sorted by type and repr when they do not compare: never in hash order,
    which varies between processes."""
    keys = list(keys)
    try:
        return sorted(keys)  # type: ignore[type-var]  # Hashable need not compare: see below
    except TypeError:
        return sorted(keys, key=lambda key: (type(key).__name__, repr(key)))
