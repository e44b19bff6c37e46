"""Every change to presentations and field visits.

Each function validates, checks who may do it (defence in depth: the views check the same
permission), saves and writes an audit event in the same transaction.

Decisions written down here:

- The timetable comes from ``kinerja.reviews.timetable`` (pure); this module turns assignment
  rows into its ``Visit`` inputs and stores what it returns. Agreed visits (``fixed``) and visits
  already done are kept where they are; every other planned visit is placed afresh.
- A hand edit makes the visit agreed (``fixed``) and is refused when it would put one of its
  evaluators in two places at once (``timetable.clashes`` over the stored schedule).
- Photos and attendance are not gated by the calendar: a team often types up the attendance
  list after the day. Scores are, by ``record_review`` (``can_score``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.audit.services import build_event, record_event, record_events, snapshot
from kinerja.common.uploads import accept_upload
from kinerja.cycles.enums import ParticipantStatus
from kinerja.cycles.models import Assignment, Cycle, Participant, TeamMember
from kinerja.reviews import timetable
from kinerja.reviews.models import Review
from kinerja.reviews.services import record_review
from kinerja.visits.enums import PHOTO_KINDS, AttendeeCategory, Session, VisitStatus
from kinerja.visits.models import (
    Attendance,
    FieldVisit,
    Presentation,
    Unavailability,
    VisitPhoto,
    VisitSettings,
)
from kinerja.visits.queries import field_indicator_refs, settings_for

MAX_DAYS = 62
NO_EVALUATORS = "no_evaluators"  # a participant nobody is assigned to cannot be visited
PRESENTATION_FIELDS = (
    "starts_at",
    "place",
    "online_link",
    "presenter_name",
    "presenter_position",
    "notes",
)
VISIT_FIELDS = ("day", "session", "starts_at", "place", "fixed", "status", "done_at")


def _require(by, perm: str, obj) -> None:
    if by is None or not by.has_perm(perm, obj):
        raise PermissionDenied


def session_start(settings: VisitSettings, session: str) -> dt.time:
    return settings.pagi_starts if session == Session.PAGI else settings.siang_starts


def visit_start(cycle: Cycle, day: dt.date, session: str, settings: VisitSettings | None = None):
    """When a session starts, as an aware datetime in the cycle's time zone."""
    settings = settings or settings_for(cycle)
    return dt.datetime.combine(day, session_start(settings, session), ZoneInfo(cycle.time_zone))


# --- settings -------------------------------------------------------------------------------


@transaction.atomic
def save_visit_settings(
    cycle: Cycle, *, field_component: str, pagi_starts: dt.time, siang_starts: dt.time, by
) -> VisitSettings:
    """Choose the checklist's component and the session start times. Side effects: the
    settings row, the stored visits' ``starts_at`` recomputed, audit ``visits.settings``."""
    _require(by, "visits.manage", cycle)
    codes = [c.code for c in cycle.instrument_version.definition.components]
    if field_component not in codes:
        raise ValidationError(_("Choose a component of the instrument."), code="component")
    if pagi_starts >= siang_starts:
        raise ValidationError(
            _("The morning session must start before the afternoon session."), code="times"
        )
    current = settings_for(cycle)
    before = snapshot(current, ["field_component", "pagi_starts", "siang_starts"])
    current.field_component = field_component
    current.pagi_starts, current.siang_starts = pagi_starts, siang_starts
    current.save()
    visits = list(FieldVisit.objects.filter(participant__cycle=cycle))
    for visit in visits:
        visit.starts_at = visit_start(cycle, visit.day, visit.session, current)
    FieldVisit.objects.bulk_update(visits, ["starts_at"])
    record_event(
        actor=by,
        action="visits.settings",
        obj=current,
        before=before,
        after=snapshot(current, ["field_component", "pagi_starts", "siang_starts"]),
    )
    return current


# --- presentations --------------------------------------------------------------------------


@transaction.atomic
def schedule_presentation(
    participant: Participant,
    *,
    starts_at: dt.datetime,
    place: str = "",
    online_link: str = "",
    presenter_name: str = "",
    presenter_position: str = "",
    notes: str = "",
    by,
) -> Presentation:
    """Create or change a participant's presentation (paparan). Needs a place or an online link
    and an aware start. Side effects: the row, audit ``presentation.schedule``."""
    _require(by, "visits.manage", participant.cycle)
    if timezone.is_naive(starts_at):
        raise ValueError("starts_at must be aware")
    place, online_link = place.strip(), online_link.strip()
    if not place and not online_link:
        raise ValidationError(
            _("Give a place or an online meeting link for the presentation."), code="where"
        )
    presentation = Presentation.objects.filter(participant=participant).first()
    before = snapshot(presentation, PRESENTATION_FIELDS) if presentation else None
    if presentation is None:
        presentation = Presentation(participant=participant)
    presentation.starts_at = starts_at
    presentation.place = place
    presentation.online_link = online_link
    presentation.presenter_name = presenter_name.strip()
    presentation.presenter_position = presenter_position.strip()
    presentation.notes = notes.strip()
    presentation.full_clean(exclude=["participant"])
    presentation.save()
    after = snapshot(presentation, PRESENTATION_FIELDS)
    if before != after:
        record_event(
            actor=by, action="presentation.schedule", obj=presentation, before=before, after=after
        )
    return presentation


@transaction.atomic
def cancel_presentation(presentation: Presentation, *, by) -> None:
    """Remove a presentation from the schedule. Side effects: delete, audit."""
    _require(by, "visits.manage", presentation.participant.cycle)
    before = snapshot(presentation, PRESENTATION_FIELDS)
    record_event(actor=by, action="presentation.cancel", obj=presentation, before=before)
    presentation.delete()


# --- the field-visit timetable --------------------------------------------------------------


@dataclass(frozen=True)
class GeneratedSchedule:
    """What ``generate_field_schedule`` did: the pure timetable, the visits it was given, the
    stored rows, and participants left out with a reason code (timetable codes or
    ``NO_EVALUATORS``), in participant order."""

    timetable: timetable.Timetable
    visits: list[timetable.Visit]
    stored: list[FieldVisit]
    unplaced: list[tuple[Participant, str]]


def _teams(cycle: Cycle) -> dict[int, frozenset[int]]:
    teams: dict[int, set[int]] = defaultdict(set)
    for participant_id, evaluator_id in Assignment.objects.filter(cycle=cycle).values_list(
        "participant_id", "evaluator_id"
    ):
        teams[participant_id].add(evaluator_id)
    return {pid: frozenset(members) for pid, members in teams.items()}


def _unavailable(cycle: Cycle) -> dict[int, list]:
    away: dict[int, list] = defaultdict(list)
    for member_id, day, session in Unavailability.objects.filter(member__cycle=cycle).values_list(
        "member_id", "day", "session"
    ):
        away[member_id].append(timetable.Slot(day, session) if session else day)
    return dict(away)


def default_place(participant: Participant) -> str:
    # Stored data, not UI text: the place printed on letters, in Indonesian whoever generated.
    return f"Kantor {participant.unit.name}"


@transaction.atomic
def generate_field_schedule(
    cycle: Cycle,
    *,
    days: list[dt.date],
    sessions: list[str],
    by,
    max_visits_per_slot: int | None = None,
    seed: int = 0,
) -> GeneratedSchedule:
    """Generate the cycle's field-visit timetable over ``days`` × ``sessions`` and store it.

    Every active participant gets one visit attended by all its assigned evaluators; nobody is
    double-booked; evaluators' unavailability is respected; agreed (``fixed``) and done visits
    are kept where they are. A participant without evaluators, or that cannot be placed, is
    returned in ``unplaced`` with a reason, and a planned, non-agreed visit it had is removed.
    Side effects: FieldVisit rows created, moved or deleted (bulk), one audit event per
    changed visit and ``visits.generate`` on the cycle.
    """
    _require(by, "visits.manage", cycle)
    days = sorted(set(days))
    if not days:
        raise ValidationError(_("Choose at least one day."), code="days")
    if len(days) > MAX_DAYS:
        raise ValidationError(
            _("At most %(count)s days can be scheduled at once."),
            code="days",
            params={"count": MAX_DAYS},
        )
    sessions = [s for s in Session.values if s in set(sessions)]
    if not sessions:
        raise ValidationError(_("Choose at least one session."), code="sessions")
    settings = settings_for(cycle)
    participants = list(
        cycle.participants.filter(status=ParticipantStatus.ACTIVE)
        .select_related("unit")
        .order_by("unit__name", "pk")
    )
    existing = {v.participant_id: v for v in FieldVisit.objects.filter(participant__cycle=cycle)}
    teams = _teams(cycle)
    visits, unplaced, fixed = [], [], {}
    for participant in participants:
        team = teams.get(participant.pk)
        if not team:
            unplaced.append((participant, NO_EVALUATORS))
            continue
        current = existing.get(participant.pk)
        place = current.place if current and current.place else default_place(participant)
        visits.append(timetable.Visit(participant.pk, team, place))
        if current is not None and (current.fixed or current.status == VisitStatus.DONE):
            fixed[participant.pk] = timetable.Slot(current.day, current.session)
    result = timetable.generate_timetable(
        visits,
        days=days,
        sessions=sessions,
        unavailable=_unavailable(cycle),
        fixed=fixed,
        max_visits_per_slot=max_visits_per_slot,
        seed=seed,
        start_times={"pagi": settings.pagi_starts, "siang": settings.siang_starts},
    )
    by_id = {p.pk: p for p in participants}
    unplaced += [(by_id[pid], reason) for pid, reason in result.unplaced.items()]
    unplaced.sort(key=lambda item: participants.index(item[0]))

    create, update, events = [], [], []
    for visit in visits:
        pid = visit.participant
        slot = result.placements.get(pid)
        if slot is None:
            continue
        current = existing.get(pid)
        starts_at = visit_start(cycle, slot.day, slot.session, settings)
        if current is None:
            row = FieldVisit(
                participant=by_id[pid],
                day=slot.day,
                session=slot.session,
                starts_at=starts_at,
                place=visit.place,
            )
            create.append(row)
            continue
        before = snapshot(current, VISIT_FIELDS)
        current.day, current.session, current.starts_at = slot.day, slot.session, starts_at
        current.place = visit.place
        after = snapshot(current, VISIT_FIELDS)
        if before != after:
            update.append(current)
            events.append(
                build_event(
                    actor=by, action="field_visit.move", obj=current, before=before, after=after
                )
            )
    FieldVisit.objects.bulk_create(create)
    if update:
        FieldVisit.objects.bulk_update(update, ["day", "session", "starts_at", "place"])
    for row in create:
        events.append(
            build_event(
                actor=by,
                action="field_visit.plan",
                obj=row,
                after=snapshot(row, VISIT_FIELDS),
            )
        )
    dropped = [
        existing[p.pk]
        for p, _reason in unplaced
        if p.pk in existing
        and not existing[p.pk].fixed
        and existing[p.pk].status != VisitStatus.DONE
    ]
    for row in dropped:
        events.append(
            build_event(
                actor=by, action="field_visit.unplan", obj=row, before=snapshot(row, VISIT_FIELDS)
            )
        )
    FieldVisit.objects.filter(pk__in=[row.pk for row in dropped]).delete()
    events.append(
        build_event(
            actor=by,
            action="visits.generate",
            obj=cycle,
            after={
                "days": days,
                "sessions": sessions,
                "placed": len(result.placements),
                "unplaced": {str(p.pk): reason for p, reason in unplaced},
            },
        )
    )
    record_events(events)
    stored = list(
        FieldVisit.objects.filter(participant__cycle=cycle).select_related("participant__unit")
    )
    return GeneratedSchedule(timetable=result, visits=visits, stored=stored, unplaced=unplaced)


def _member_names(ids) -> dict[int, str]:
    return {
        m.pk: m.user.display_name
        for m in TeamMember.objects.filter(pk__in=ids).select_related("user")
    }


@transaction.atomic
def plan_field_visit(
    participant: Participant,
    *,
    day: dt.date,
    session: str,
    place: str,
    by,
) -> FieldVisit:
    """Put (or move) a participant's visit by hand; it becomes agreed (``fixed``).

    Refused (``ValidationError`` code ``double_booked``, naming the evaluator and the other
    visit) when one of its evaluators already visits someone else in that session, and
    (``unavailable``) when one of them said they cannot come. A visit already done is not moved.
    Side effects: the row, audit ``field_visit.plan`` or ``field_visit.move``.
    """
    cycle = participant.cycle
    _require(by, "visits.manage", cycle)
    if session not in Session.values:
        raise ValidationError(_("Choose a session."), code="session")
    current = FieldVisit.objects.filter(participant=participant).first()
    if current is not None and current.status == VisitStatus.DONE:
        raise ValidationError(_("This visit is done; it can no longer be moved."), code="done")
    teams = _teams(cycle)
    team = teams.get(participant.pk, frozenset())
    slot = timetable.Slot(day, session)
    placements = {
        v.participant_id: timetable.Slot(v.day, v.session)
        for v in FieldVisit.objects.filter(participant__cycle=cycle)
    }
    placements[participant.pk] = slot
    visits = [timetable.Visit(pid, members) for pid, members in teams.items()]
    found = [c for c in timetable.clashes(placements, visits) if participant.pk in c[2]]
    if found:
        evaluator_id, _slot, together = found[0]
        others = [pid for pid in together if pid != participant.pk]
        other = Participant.objects.select_related("unit").get(pk=others[0])
        raise ValidationError(
            _(
                "%(evaluator)s already visits %(other)s in that session; "
                "an evaluator cannot be in two places at once."
            ),
            code="double_booked",
            params={"evaluator": _member_names([evaluator_id])[evaluator_id], "other": other},
        )
    away = _unavailable(cycle)
    for member_id in sorted(team):
        if any(entry in (slot, day) for entry in away.get(member_id, ())):
            raise ValidationError(
                _("%(evaluator)s is not available in that session."),
                code="unavailable",
                params={"evaluator": _member_names([member_id])[member_id]},
            )
    before = snapshot(current, VISIT_FIELDS) if current else None
    visit = current or FieldVisit(participant=participant)
    visit.day, visit.session = day, session
    visit.starts_at = visit_start(cycle, day, session)
    visit.place = place.strip() or visit.place or default_place(participant)
    visit.fixed = True
    visit.save()
    record_event(
        actor=by,
        action="field_visit.move" if current else "field_visit.plan",
        obj=visit,
        before=before,
        after=snapshot(visit, VISIT_FIELDS),
    )
    return visit


@transaction.atomic
def set_unavailable(member: TeamMember, *, day: dt.date, session: str = "", by) -> Unavailability:
    """Record that a team member cannot visit on ``day`` (one session, or blank: all day).
    Side effects: the row, audit ``visits.unavailable``."""
    _require(by, "visits.manage", member.cycle)
    if session and session not in Session.values:
        raise ValidationError(_("Choose a session."), code="session")
    row, _created = Unavailability.objects.get_or_create(member=member, day=day, session=session)
    record_event(
        actor=by, action="visits.unavailable", obj=row, after={"day": day, "session": session}
    )
    return row


# --- on site --------------------------------------------------------------------------------


def _require_worker(visit: FieldVisit, by) -> None:
    _require(by, "visits.work_visit", visit.participant)


def _coordinate(value, low: int, high: int, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or not low <= number <= high:
        raise ValidationError(
            _("The %(label)s must be a number from %(low)s to %(high)s."),
            code="coordinate",
            params={"label": label, "low": low, "high": high},
        )
    return number.quantize(Decimal("0.000001"))


@transaction.atomic
def add_photo(
    visit: FieldVisit,
    *,
    upload,
    caption: str = "",
    taken_at: dt.datetime | None = None,
    latitude=None,
    longitude=None,
    by,
) -> VisitPhoto:
    """Store a photo of the visit (JPEG, PNG or WebP, judged by content). Coordinates are
    checked first (latitude −90…90, longitude −180…180; both or neither), then the file: on any
    refusal nothing is stored. Side effects: the file in storage, the row, audit
    ``visit_photo.add``; the file is removed again if the transaction fails."""
    _require_worker(visit, by)
    lat = _coordinate(latitude, -90, 90, _("latitude"))
    lon = _coordinate(longitude, -180, 180, _("longitude"))
    if (lat is None) != (lon is None):
        raise ValidationError(
            _("A location needs both a latitude and a longitude."), code="coordinate"
        )
    if taken_at is not None and timezone.is_naive(taken_at):
        raise ValueError("taken_at must be aware")
    stored = accept_upload(upload, prefix="visits/photos", allowed=PHOTO_KINDS)
    try:
        photo = VisitPhoto.objects.create(
            visit=visit,
            file_name=stored.name,
            content_type=stored.content_type,
            original_name=stored.original_name,
            size=stored.size,
            sha256=stored.sha256,
            caption=caption.strip()[:300],
            taken_at=taken_at,
            latitude=lat,
            longitude=lon,
            uploaded_by=by,
        )
        record_event(
            actor=by,
            action="visit_photo.add",
            obj=photo,
            after=snapshot(
                photo, ["file_name", "sha256", "caption", "taken_at", "latitude", "longitude"]
            ),
        )
    except Exception:
        default_storage.delete(stored.name)
        raise
    return photo


@transaction.atomic
def add_attendee(
    visit: FieldVisit, *, name: str, position: str = "", category: str, signed: bool, by
) -> Attendance:
    """Add a person to the visit's attendance list. Side effects: the row, audit
    ``attendance.add``."""
    _require_worker(visit, by)
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the attendee's name."), code="name")
    if category not in AttendeeCategory.values:
        raise ValidationError(_("Choose a category from the list."), code="category")
    row = Attendance.objects.create(
        visit=visit,
        name=name[:200],
        position=position.strip()[:300],
        category=category,
        signed=signed,
        created_by=by,
    )
    record_event(
        actor=by,
        action="attendance.add",
        obj=row,
        after=snapshot(row, ["visit", "name", "position", "category", "signed"]),
    )
    return row


@transaction.atomic
def remove_attendee(row: Attendance, *, by) -> None:
    """Remove a person from the attendance list. Side effects: delete, audit."""
    _require_worker(row.visit, by)
    record_event(
        actor=by,
        action="attendance.remove",
        obj=row,
        before=snapshot(row, ["visit", "name", "position", "category", "signed"]),
    )
    row.delete()


@transaction.atomic
def mark_visit_done(visit: FieldVisit, *, by) -> FieldVisit:
    """Record that the visit took place. Doing it twice changes nothing. Side effects:
    ``status``/``done_at`` saved, audit ``field_visit.done``."""
    _require_worker(visit, by)
    if visit.status == VisitStatus.DONE:
        return visit
    before = snapshot(visit, ["status", "done_at"])
    visit.status, visit.done_at = VisitStatus.DONE, timezone.now()
    visit.save(update_fields=["status", "done_at", "updated_at"])
    record_event(
        actor=by,
        action="field_visit.done",
        obj=visit,
        before=before,
        after=snapshot(visit, ["status", "done_at"]),
    )
    return visit


def record_checklist_item(
    visit: FieldVisit,
    indicator_ref: str,
    *,
    evaluator: TeamMember,
    value,
    note: str,
    expected_version: int,
    by,
) -> Review:
    """Confirm or adjust one indicator of the field component on site: a review through
    ``reviews.services.record_review`` (assignment, stage gate, answer type, optimistic lock
    and audit are all its own). Refuses an indicator outside the field component."""
    _require_worker(visit, by)
    if indicator_ref not in field_indicator_refs(visit.participant.cycle):
        raise ValidationError(
            _("Indicator %(ref)s is not part of the field visit."),
            code="unknown_indicator",
            params={"ref": indicator_ref},
        )
    # The verdict (a desk finding) is not asked on site: keep whatever is stored.
    verdict = (
        Review.objects.filter(
            evaluator=evaluator, participant=visit.participant, indicator_ref=indicator_ref
        )
        .values_list("verdict", flat=True)
        .first()
    )
    return record_review(
        visit.participant,
        indicator_ref,
        evaluator=evaluator,
        value=value,
        verdict=verdict or "",
        note=note,
        expected_version=expected_version,
        by=by,
    )
