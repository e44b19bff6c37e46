"""The shapes of the home page of tasks: a line of work, the lines of one cycle, and the page.

A task is *waiting* when the user is the one who must act (a decision, an answer, a signature,
work not done while its stage is open); the top bar's badge counts the waiting ones. Other
lines inform (a stage ending, how many F01 are in) and link where to look."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kinerja.cycles.gates import deadline_text
from kinerja.cycles.models import Cycle


@dataclass(frozen=True)
class Task:
    label: str
    url: str
    count: int = 0
    waiting: bool = False
    due: dt.datetime | None = None
    due_text: str = ""
    key: str = ""  # a stable name for tests and the guide's screenshots

    @property
    def weight(self) -> int:
        """What the task adds to the badge: its count, or one."""
        return (self.count or 1) if self.waiting else 0


@dataclass
class CycleTasks:
    cycle: Cycle
    role: str  # organiser, unit, evaluator, chair
    heading: str
    url: str
    tasks: list[Task] = field(default_factory=list)
    stage: str = ""
    stage_ends: dt.datetime | None = None

    @property
    def stage_ends_text(self) -> str:
        return last_moment_text(self.stage_ends, self.cycle.time_zone)

    @property
    def waiting(self) -> int:
        return sum(task.weight for task in self.tasks)


@dataclass
class Desk:
    organiser: list[CycleTasks] = field(default_factory=list)
    unit: list[CycleTasks] = field(default_factory=list)
    team: list[CycleTasks] = field(default_factory=list)
    signatures: list[Task] = field(default_factory=list)
    notices: list = field(default_factory=list)  # the latest unread notifications
    unread: int = 0

    @property
    def waiting(self) -> int:
        """What the top bar's badge counts: the tasks that wait. Unread notifications are not
        added: each kind tells of something that is a task already (a clarification to answer,
        a berita acara to sign, an F01 reopened), so counting both would count it twice."""
        groups = self.organiser + self.unit + self.team
        return sum(g.waiting for g in groups) + sum(t.weight for t in self.signatures)

    def __bool__(self) -> bool:
        return bool(self.organiser or self.unit or self.team or self.signatures or self.notices)


def last_moment_text(ends_at: dt.datetime | None, time_zone: str) -> str:
    """A stage's end as people read it: stages end at a local midnight, so the last moment to
    work is a second before ("22 Des. 2026, 23.59 WIB", not "23 Des. 2026, 0.00")."""
    return "" if ends_at is None else deadline_text(ends_at, time_zone)
