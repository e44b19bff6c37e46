from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Path, Query, Schema


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str | None = None


ERRORS = {400: Problem, 401: Problem, 404: Problem, 413: Problem, 422: Problem}
"""What any endpoint may answer besides success (RFC 9457 problem details)."""

MAX_ID = 2**63 - 1
"""The largest id a database holds (a larger one is refused as 422, never an overflow)."""
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
Year = Annotated[int | None, Query(ge=1900, le=2199)]


class CycleOut(Schema):
    id: int
    name: str
    year: int
    instrument: str
    organiser: str
    region: str
    announced: bool

    @staticmethod
    def resolve_instrument(obj) -> str:
        return obj.instrument_version.label

    @staticmethod
    def resolve_organiser(obj) -> str:
        return obj.organiser_unit.name

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.organiser_unit.region.name


class ResultRow(Schema):
    participant_id: int
    unit: str
    category: str
    rank: int | None
    total: str | None
    display: str
    grade_code: str
    grade_label: str
    awards: list[str]


class ResultsOut(Schema):
    cycle_id: int
    source: str  # "live" (the team's view) or "announced" (the frozen snapshot)
    determination_version: int | None
    sha256: str | None
    rows: list[ResultRow]


class ElementOut(Schema):
    ref: str
    name: str
    respondents: int
    nrr: str


class IkmOut(Schema):
    id: int
    unit: str
    region: str
    year: int
    period: str
    respondents: int
    ikm: str
    band: str
    published_at: dt.datetime | None


class IkmDetailOut(IkmOut):
    elements: list[ElementOut]
    follow_up: str


class JobOut(Schema):
    id: int
    kind: str
    label: str
    status: str
    done: int
    total: int
    percent: int
    message: str
    result_url: str
    created_at: dt.datetime
    finished_at: dt.datetime | None
