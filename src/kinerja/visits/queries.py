"""Reads of presentations and field visits shared by pages and services (fixed query counts)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet

from kinerja.assessments.queries import review_scope_for
from kinerja.cycles.enums import ParticipantStatus
from kinerja.cycles.models import Assignment, Cycle, Participant, TeamMember
from kinerja.reviews.models import Review
from kinerja.rounds.gates import finalists
from kinerja.scoring.model.schema import Indicator, Instrument
from kinerja.visits.enums import Session
from kinerja.visits.models import FieldVisit, Presentation, VisitSettings

FIELD_MARKERS = ("lapangan", "lapang", "field")


def default_field_component(instrument: Instrument) -> str:
    """The component whose code (then name) says "lapangan" or "field"; "" when none does."""
    for attribute in ("code", "name"):
        for component in instrument.components:
            text = str(getattr(component, attribute, "") or "").lower()
            if any(marker in text for marker in FIELD_MARKERS):
                return component.code
    return ""


def settings_for(cycle: Cycle) -> VisitSettings:
    """The cycle's visit settings; unsaved defaults (with the guessed component) when none."""
    found = VisitSettings.objects.filter(cycle=cycle).first()
    if found is None:
        found = VisitSettings(
            cycle=cycle,
            field_component=default_field_component(cycle.instrument_version.definition),
            pagi_starts=dt.time(9, 0),
            siang_starts=dt.time(13, 0),
        )
    elif not found.field_component:
        found.field_component = default_field_component(cycle.instrument_version.definition)
    return found


def field_indicators(cycle: Cycle) -> list[Indicator]:
    """The indicators evaluators score on site: those of the field component in the review
    scope (scoring.model.scope)."""
    code = settings_for(cycle).field_component
    scope = review_scope_for(cycle)
    return [
        indicator
        for aspect in scope.aspects
        if aspect.component.code == code
        for indicator in aspect.indicators
    ]


def field_indicator_refs(cycle: Cycle) -> set[str]:
    return {indicator.ref for indicator in field_indicators(cycle)}


# --- the schedule ---------------------------------------------------------------------------


def visits_of(cycle: Cycle) -> QuerySet[FieldVisit]:
    return FieldVisit.objects.filter(participant__cycle=cycle).select_related("participant__unit")


def teams_of(cycle: Cycle) -> dict[int, list[TeamMember]]:
    """participant id → its assigned evaluators (one query)."""
    teams: dict[int, list[TeamMember]] = defaultdict(list)
    for assignment in (
        Assignment.objects.filter(cycle=cycle)
        .select_related("evaluator__user", "evaluator__agency")
        .order_by("evaluator__user__full_name", "evaluator_id")
    ):
        teams[assignment.participant_id].append(assignment.evaluator)
    return dict(teams)


@dataclass
class GridCell:
    day: dt.date
    session: str
    visits: list[FieldVisit] = field(default_factory=list)


@dataclass
class GridDay:
    day: dt.date
    cells: list[GridCell]


def schedule_grid(cycle: Cycle, visits: list[FieldVisit]) -> list[GridDay]:
    """Days × sessions holding the stored visits (every day with a visit; both sessions)."""
    by_slot: dict[tuple[dt.date, str], list[FieldVisit]] = defaultdict(list)
    for visit in visits:
        by_slot[(visit.day, visit.session)].append(visit)
    days = sorted({visit.day for visit in visits})
    return [
        GridDay(
            day=day,
            cells=[GridCell(day, session, by_slot.get((day, session), [])) for session in Session],
        )
        for day in days
    ]


def unscheduled(cycle: Cycle) -> list[Participant]:
    """Active participants without a field visit, with ``evaluator_count`` annotated (in a
    competition with rounds, once the last round that decides is decided: those who went on)."""
    participants = cycle.participants.filter(
        status=ParticipantStatus.ACTIVE, field_visit__isnull=True
    )
    try:
        going_on = finalists(cycle)
    except ValidationError:
        going_on = None  # not decided yet: the planner says so when asked to plan
    if going_on is not None:
        participants = participants.filter(pk__in=going_on)
    return list(
        participants.select_related("unit")
        .annotate(evaluator_count=Count("assignments"))
        .order_by("unit__name")
    )


def double_bookings(cycle: Cycle) -> list[dict]:
    """Stored double bookings: (evaluator, day, session) with more than one visit. Empty when
    the schedule is sound; one grouped query over the stored rows."""
    return list(
        Assignment.objects.filter(cycle=cycle, participant__field_visit__isnull=False)
        .values(
            "evaluator_id",
            "participant__field_visit__day",
            "participant__field_visit__session",
        )
        .annotate(visits=Count("participant_id"))
        .filter(visits__gt=1)
        .order_by("evaluator_id")
    )


def presentations_of(cycle: Cycle) -> list[Presentation]:
    return list(
        Presentation.objects.filter(participant__cycle=cycle).select_related("participant__unit")
    )


# --- itineraries ----------------------------------------------------------------------------


@dataclass
class Stop:
    """One entry of an itinerary: a presentation or a field visit, with the people going."""

    kind: str  # "presentation" or "visit"
    starts_at: dt.datetime
    participant: Participant
    place: str
    online_link: str = ""
    session: str = ""
    presenter: str = ""
    team: list[TeamMember] = field(default_factory=list)
    visit: FieldVisit | None = None


def _stops(participant_ids, *, cycle: Cycle) -> list[Stop]:
    teams = teams_of(cycle)
    stops: list[Stop] = []
    for p in Presentation.objects.filter(participant_id__in=participant_ids).select_related(
        "participant__unit"
    ):
        presenter = ", ".join(x for x in (p.presenter_name, p.presenter_position) if x)
        stops.append(
            Stop(
                kind="presentation",
                starts_at=p.starts_at,
                participant=p.participant,
                place=p.place,
                online_link=p.online_link,
                presenter=presenter,
                team=teams.get(p.participant_id, []),
            )
        )
    for v in FieldVisit.objects.filter(participant_id__in=participant_ids).select_related(
        "participant__unit"
    ):
        stops.append(
            Stop(
                kind="visit",
                starts_at=v.starts_at,
                participant=v.participant,
                place=v.place,
                session=v.session,
                team=teams.get(v.participant_id, []),
                visit=v,
            )
        )
    stops.sort(key=lambda s: (s.starts_at, s.kind, s.participant.unit.name))
    return stops


def evaluator_itinerary(member: TeamMember) -> list[Stop]:
    """The member's presentations and visits (of the participants assigned to them),
    chronologically."""
    ids = list(member.assignments.values_list("participant_id", flat=True))
    return _stops(ids, cycle=member.cycle)


def participant_itinerary(participant: Participant) -> list[Stop]:
    return _stops([participant.pk], cycle=participant.cycle)


# --- the on-site checklist ------------------------------------------------------------------


@dataclass
class ChecklistItem:
    indicator: Indicator
    dom_id: str
    review: Review | None
    posted: dict | None = None  # what a refused save sent, shown again
    error: str = ""

    @property
    def value(self):
        return self.review.value if self.review else None

    @property
    def shown_value(self):
        return self.posted["value"] if self.posted is not None else self.value

    @property
    def shown_note(self) -> str:
        return self.posted["note"] if self.posted is not None else self.note

    @property
    def version(self) -> int:
        return self.review.version if self.review else 0

    @property
    def note(self) -> str:
        return self.review.note if self.review else ""


def checklist(visit: FieldVisit, seat: TeamMember | None) -> list[ChecklistItem]:
    """Each indicator of the field component with the evaluator's current review (one query).
    Without a seat (a chair or the organiser looking), the reviews are left out."""
    cycle = visit.participant.cycle
    indicators = field_indicators(cycle)
    scope = review_scope_for(cycle)
    reviews: dict[str, Review] = {}
    if seat is not None:
        reviews = {
            r.indicator_ref: r
            for r in Review.objects.filter(
                participant=visit.participant,
                evaluator=seat,
                indicator_ref__in=[i.ref for i in indicators],
            )
        }
    return [
        ChecklistItem(indicator=i, dom_id=f"c-{scope.dom_ids[i.ref]}", review=reviews.get(i.ref))
        for i in indicators
    ]
