"""Field visits (verifikasi lapangan): the timetable, hand edits, unavailability, done.

Decisions written down here:

- The timetable comes from ``kinerja.visits.timetable`` (pure); this module turns assignment
  rows into its ``Visit`` inputs and stores what it returns. Agreed visits (``fixed``) and visits
  already done are kept where they are; every other planned visit is placed afresh.
- A hand edit makes the visit agreed (``fixed``) and is refused when it would put one of its
  evaluators in two places at once (``timetable.clashes`` over the stored schedule).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.audit.models import AuditEvent
from kinerja.audit.services import build_event, record_event, record_events, snapshot
from kinerja.cycles.enums import ParticipantStatus
from kinerja.cycles.models import Assignment, Cycle, Participant, TeamMember
from kinerja.rounds.gates import finalists
from kinerja.visits import timetable
from kinerja.visits.enums import Session, VisitStatus
from kinerja.visits.models import FieldVisit, Unavailability, VisitSettings
from kinerja.visits.queries import settings_for
from kinerja.visits.services.access import require, require_worker
from kinerja.visits.services.visit_settings import visit_start

MAX_DAYS = 62
NO_EVALUATORS = "no_evaluators"  # a participant nobody is assigned to cannot be visited
VISIT_FIELDS = ("day", "session", "starts_at", "place", "fixed", "status", "done_at")


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

    Every active participant (in a competition with rounds: those who went on at the last
    round that decides, ``rounds.gates.finalists``; refused before that decision) gets one
    visit attended by all its assigned evaluators; nobody is double-booked; evaluators'
    unavailability is respected; agreed (``fixed``) and done visits are kept where they are.
    A participant without evaluators, or that cannot be placed, is returned in ``unplaced``
    with a reason, and a planned, non-agreed visit it had is removed (so is that of an
    entrant who did not go on).
    Side effects: FieldVisit rows created, moved or deleted (bulk), one audit event per
    changed visit and ``visits.generate`` on the cycle.
    """
    require(by, "visits.manage", cycle)
    days, sessions = _calendar(days, sessions)
    settings = settings_for(cycle)
    going_on = finalists(cycle)
    participants = cycle.participants.filter(status=ParticipantStatus.ACTIVE)
    if going_on is not None:
        participants = participants.filter(pk__in=going_on)
    participants = list(participants.select_related("unit").order_by("unit__name", "pk"))
    existing = {v.participant_id: v for v in FieldVisit.objects.filter(participant__cycle=cycle)}
    visits, unplaced, fixed = _visits_to_place(participants, existing, teams=_teams(cycle))
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
    events = _store_placements(
        cycle, visits, result.placements, existing=existing, by_id=by_id, settings=settings, by=by
    )
    events += _drop_unplaced(existing, unplaced, by=by)
    if going_on is not None:
        # A planned visit of an entrant who did not go on is taken off the plan.
        left_out = Participant.objects.filter(pk__in=set(existing) - going_on)
        events += _drop_unplaced(existing, [(p, "") for p in left_out], by=by)
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


def _calendar(days: list[dt.date], sessions: list[str]) -> tuple[list[dt.date], list[str]]:
    """The days (sorted, at most ``MAX_DAYS``) and sessions (in the order of the day) asked
    for; ``ValidationError`` (``days``, ``sessions``) when there are none or too many."""
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
    return days, sessions


def _visits_to_place(
    participants: list[Participant],
    existing: dict[int, FieldVisit],
    *,
    teams: dict[int, frozenset[int]],
) -> tuple[list[timetable.Visit], list[tuple[Participant, str]], dict[int, timetable.Slot]]:
    """The timetable's inputs: one visit per participant with evaluators (at its stored place,
    or its office), those without any (``NO_EVALUATORS``), and the slots of agreed and done
    visits, which stay where they are."""
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
    return visits, unplaced, fixed


def _store_placements(
    cycle: Cycle,
    visits: list[timetable.Visit],
    placements: dict,
    *,
    existing: dict[int, FieldVisit],
    by_id: dict[int, Participant],
    settings: VisitSettings,
    by,
) -> list[AuditEvent]:
    """Create the rows of newly placed visits and move the stored ones (in bulk). Returns their
    audit events, not yet recorded: the moves, then the new plans."""
    create, update, events = [], [], []
    for visit in visits:
        pid = visit.participant
        slot = placements.get(pid)
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
    return events


def _drop_unplaced(
    existing: dict[int, FieldVisit], unplaced: list[tuple[Participant, str]], *, by
) -> list[AuditEvent]:
    """Delete the planned, non-agreed visits of participants left out; returns their audit
    events, not yet recorded."""
    dropped = [
        existing[p.pk]
        for p, _reason in unplaced
        if p.pk in existing
        and not existing[p.pk].fixed
        and existing[p.pk].status != VisitStatus.DONE
    ]
    events = [
        build_event(
            actor=by, action="field_visit.unplan", obj=row, before=snapshot(row, VISIT_FIELDS)
        )
        for row in dropped
    ]
    FieldVisit.objects.filter(pk__in=[row.pk for row in dropped]).delete()
    return events


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
    require(by, "visits.manage", cycle)
    if session not in Session.values:
        raise ValidationError(_("Choose a session."), code="session")
    current = FieldVisit.objects.filter(participant=participant).first()
    if current is not None and current.status == VisitStatus.DONE:
        raise ValidationError(_("This visit is done; it can no longer be moved."), code="done")
    _check_team_free(participant, day=day, session=session)
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


def _check_team_free(participant: Participant, *, day: dt.date, session: str) -> None:
    """Refuse the slot (``double_booked``) when an evaluator of the participant already visits
    someone else then, or (``unavailable``) when one of them said they cannot come."""
    cycle = participant.cycle
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


@transaction.atomic
def set_unavailable(member: TeamMember, *, day: dt.date, session: str = "", by) -> Unavailability:
    """Record that a team member cannot visit on ``day`` (one session, or blank: all day).
    Side effects: the row, audit ``visits.unavailable``."""
    require(by, "visits.manage", member.cycle)
    if session and session not in Session.values:
        raise ValidationError(_("Choose a session."), code="session")
    row, _created = Unavailability.objects.get_or_create(member=member, day=day, session=session)
    record_event(
        actor=by, action="visits.unavailable", obj=row, after={"day": day, "session": session}
    )
    return row


@transaction.atomic
def mark_visit_done(visit: FieldVisit, *, by) -> FieldVisit:
    """Record that the visit took place. Doing it twice changes nothing. Side effects:
    ``status``/``done_at`` saved, audit ``field_visit.done``."""
    require_worker(visit, by)
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
