from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Path, Query, Schema
from pydantic import field_validator


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str | None = None


ERRORS = {400: Problem, 401: Problem, 404: Problem, 413: Problem, 422: Problem, 429: Problem}
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


class ParticipantOut(Schema):
    id: int
    unit_id: int
    unit: str
    region: str
    category: str
    status: str
    innovation: str

    @staticmethod
    def resolve_unit(obj) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.unit.region.name

    @staticmethod
    def resolve_innovation(obj) -> str:
        return obj.innovation.title if obj.innovation_id else ""


class StageOut(Schema):
    order: int
    kind: str
    name: str
    starts_at: dt.datetime
    ends_at: dt.datetime


class InnovationOut(Schema):
    id: int
    title: str
    acronym: str
    owner: str
    region: str
    status: str
    started_on: dt.date | None
    description: str

    @staticmethod
    def resolve_owner(obj) -> str:
        return obj.owner.name

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.owner.region.name


class SurveyAnswerIn(Schema):
    """One respondent's answers at a kiosk: element number (1–9) → 1–4; the profile optional."""

    answers: dict[int, int | None]
    age: int | None = Field(default=None, ge=10, le=110)
    sex: str = ""
    education: str = ""
    occupation: str = ""
    service: str = Field(default="", max_length=200)
    visited_on: dt.date | None = None
    suggestion: str = Field(default="", max_length=4000)

    @field_validator("sex", "education", "occupation", "service", "suggestion")
    @classmethod
    def no_nul(cls, value: str) -> str:
        if "\x00" in value:
            raise ValueError("a NUL character is not accepted")
        return value


class SurveyAnswerOut(Schema):
    id: int
    survey_id: int
    respondents: int


class RegionOut(Schema):
    code: str
    name: str
    kind: str
    parent: str | None = Field(None, description="the parent region's code")
    time_zone: str

    @staticmethod
    def resolve_parent(obj) -> str | None:
        return obj.parent.code if obj.parent_id else None


class UnitOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    region: str = Field(description="the region's code")
    parent_id: int | None
    active: bool

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.region.code


class AnnouncementOut(Schema):
    cycle_id: int
    cycle: str
    organiser: str
    published_at: dt.datetime
    determination_version: int = Field(alias="determination.version")
    decree_number: str = Field(alias="determination.decree_number")
    decree_date: dt.date = Field(alias="determination.decree_date")
    signatory_name: str = Field(alias="determination.signatory_name")
    signatory_position: str = Field(alias="determination.signatory_position")
    sha256: str = Field(alias="determination.sha256")

    @staticmethod
    def resolve_cycle(obj) -> str:
        return obj.cycle.name

    @staticmethod
    def resolve_organiser(obj) -> str:
        return obj.cycle.organiser_unit.name


class AspectOut(Schema):
    ref: str
    name: str
    score: str = Field(description="as the card shows it")
    average: str = Field(description="the average of every entrant, as the card shows it")


class AdviceOut(Schema):
    subject: str
    text: str


class ReportCardOut(Schema):
    cycle_id: int
    determination_version: int
    result: ResultRow
    aspects: list[AspectOut]
    strengths: list[str] = Field(description="refs of the aspects furthest above the average")
    weaknesses: list[str] = Field(description="refs of the aspects furthest below the average")
    recommendations: list[AdviceOut]
    suggested: bool = Field(description="true: the team recorded none, these are suggestions")


class ImportRowProblem(Schema):
    row: int = Field(description="the row's number in the file (the header is row 1)")
    errors: list[str]


class ImportPlanOut(Schema):
    ok: bool
    create: int
    update: int
    unchanged: int
    file_errors: list[str]
    rows: list[ImportRowProblem] = Field(description="the rows with errors")
    job: JobOut | None = Field(None, description="the import's job, when one was started")
