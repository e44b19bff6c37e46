"""Cycles: create one on an instrument version, change its description, copy it to next year."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction

from kinerja.audit.services import record_event, snapshot
from kinerja.common.actors import actor
from kinerja.cycles.enums import ParticipantStatus
from kinerja.cycles.models import Cycle, Panel, Participant, ParticipantMember, Stage, TeamMember
from kinerja.cycles.services.stages import STAGE_FIELDS, default_stages
from kinerja.instruments.models import InstrumentVersion
from kinerja.instruments.services import lock_version
from kinerja.units.models import Unit

CYCLE_FIELDS = (
    "name",
    "year",
    "organiser_unit",
    "decree_number",
    "decree_date",
    "principles",
    "description",
    "time_zone",
)


@transaction.atomic
def create_cycle(
    *,
    version: InstrumentVersion,
    name: str,
    year: int,
    organiser_unit: Unit,
    starts_on: dt.date,
    by,
    time_zone: str | None = None,
    decree_number: str = "",
    decree_date: dt.date | None = None,
    principles: str = "",
    description: str = "",
) -> Cycle:
    """Create a cycle on an instrument version, with the instrument's default stages.

    Side effects: locks the instrument version (it can no longer change), saves the cycle and
    its stages, audits ``cycle.create``.
    """
    cycle = Cycle(
        name=name,
        year=year,
        instrument_version=version,
        organiser_unit=organiser_unit,
        decree_number=decree_number,
        decree_date=decree_date,
        principles=principles,
        description=description,
        time_zone=time_zone or organiser_unit.region.time_zone,
        created_by=actor(by),
    )
    cycle.full_clean()
    cycle.save()
    stages = default_stages(version, starts_on=starts_on, time_zone=cycle.time_zone)
    for stage in stages:
        stage.cycle = cycle
    Stage.objects.bulk_create(stages)
    lock_version(version, by=by, reason=f"cycle {cycle.pk}: {cycle.name}")
    record_event(
        actor=by,
        action="cycle.create",
        obj=cycle,
        after=snapshot(cycle, CYCLE_FIELDS) | {"instrument": version.label, "stages": len(stages)},
    )
    return cycle


@transaction.atomic
def update_cycle(cycle: Cycle, *, by, **changes) -> Cycle:
    """Change a cycle's descriptive fields. Side effects: validates, saves the changed fields,
    audits."""
    before = snapshot(cycle, CYCLE_FIELDS)
    for name, value in changes.items():
        if name not in CYCLE_FIELDS:
            raise TypeError(f"update_cycle() got an unexpected field {name!r}")
        setattr(cycle, name, value)
    cycle.full_clean()
    after = snapshot(cycle, CYCLE_FIELDS)
    changed = [k for k in CYCLE_FIELDS if before[k] != after[k]]
    if changed:
        cycle.save(update_fields=changed)
        record_event(
            actor=by,
            action="cycle.update",
            obj=cycle,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return cycle


def _shift_year(moment: dt.datetime, years: int) -> dt.datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + years, day=28)


@transaction.atomic
def copy_cycle(
    cycle: Cycle, *, by, name: str | None = None, version: InstrumentVersion | None = None
) -> Cycle:
    """Copy a cycle to the next year: participants, team (with panels) and the stage pattern
    shifted by a year. Answers, evidence, assignments and results are not copied.

    Side effects: creates the new cycle and its rows in bulk, locks the version, audits
    ``cycle.copy``.
    """
    version = version or cycle.instrument_version
    copy = Cycle.objects.create(
        name=name or cycle.name.replace(str(cycle.year), str(cycle.year + 1)),
        year=cycle.year + 1,
        instrument_version=version,
        organiser_unit=cycle.organiser_unit,
        principles=cycle.principles,
        description=cycle.description,
        time_zone=cycle.time_zone,
        award_scheme=cycle.award_scheme,
        awards=cycle.awards,
        copied_from=cycle,
        created_by=actor(by),
    )
    _copy_stages(cycle, copy)
    _copy_participants(cycle, copy)
    _copy_team(cycle, copy)
    lock_version(version, by=by, reason=f"cycle {copy.pk}: {copy.name}")
    record_event(
        actor=by,
        action="cycle.copy",
        obj=copy,
        after={"from": cycle.pk, "name": copy.name, "year": copy.year, "instrument": version.label},
    )
    return copy


def _copy_stages(cycle: Cycle, copy: Cycle) -> None:
    """The stage pattern a year later, in the cycle's local time (so 08.00 stays 08.00)."""
    tz = ZoneInfo(cycle.time_zone)
    Stage.objects.bulk_create(
        Stage(
            cycle=copy,
            **{
                **snapshot(stage, STAGE_FIELDS),
                "starts_at": _shift_year(stage.starts_at.astimezone(tz), 1),
                "ends_at": _shift_year(stage.ends_at.astimezone(tz), 1),
            },
        )
        for stage in cycle.stages.order_by("order")
    )


def _copy_participants(cycle: Cycle, copy: Cycle) -> None:
    """The active participants, with their operator and head accounts."""
    Participant.objects.bulk_create(
        Participant(cycle=copy, unit_id=p.unit_id)
        for p in cycle.participants.filter(status=ParticipantStatus.ACTIVE)
    )
    members = ParticipantMember.objects.filter(participant__cycle=cycle).select_related(
        "participant"
    )
    new_participants = {p.unit_id: p for p in copy.participants.all()}
    ParticipantMember.objects.bulk_create(
        ParticipantMember(
            participant=new_participants[m.participant.unit_id], user_id=m.user_id, role=m.role
        )
        for m in members
        if m.participant.unit_id in new_participants
    )


def _copy_team(cycle: Cycle, copy: Cycle) -> None:
    """The panels (by name) and the team members in them."""
    panels = {p.name: Panel(cycle=copy, name=p.name) for p in cycle.panels.all()}
    Panel.objects.bulk_create(panels.values())
    TeamMember.objects.bulk_create(
        TeamMember(
            cycle=copy,
            user_id=t.user_id,
            agency_id=t.agency_id,
            position=t.position,
            role=t.role,
            panel=panels.get(t.panel.name) if t.panel else None,
        )
        for t in cycle.team.select_related("panel")
    )
