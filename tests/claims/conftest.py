"""The claims world: SKK Jawa Timur on ``skk-jatim@2027.1`` over three kecamatan of Kota Batu.

Junrejo (A) has an operator, a head and two field jurors with a field visit; Bumiaji (B) has an
operator and did not go on to Tahap III; Batu (C) went on but lists no claim. A third juror is on
the team without an assignment to Junrejo. Tahap II is decided (A and C go on)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine

from kinerja.accounts.models import User
from kinerja.cycles.enums import MemberRole
from kinerja.cycles.models import Cycle, Participant, ParticipantMember, TeamMember
from kinerja.cycles.services import add_participants, add_team_member, assign, create_cycle
from kinerja.innovations.models import Innovation
from kinerja.instruments.models import InstrumentVersion
from kinerja.instruments.services import ensure_library
from kinerja.results.compute import recompute_cycle
from kinerja.results.rounds import decide_round
from kinerja.units.enums import UnitKind
from kinerja.units.models import Unit
from kinerja.visits.models import FieldVisit


@dataclass
class ClaimsWorld:
    cycle: Cycle
    junrejo: Participant
    bumiaji: Participant
    batu: Participant
    operator: User  # Junrejo's
    head: User
    other_operator: User  # Bumiaji's
    juror: TeamMember  # assigned to Junrejo, Bumiaji and Batu
    second: TeamMember  # assigned to Junrejo
    outsider: TeamMember  # on the team, assigned to nobody
    organiser: User
    visit: FieldVisit
    wa_bang: Innovation

    def stage(self, kind: str):
        return self.cycle.stages.filter(kind=kind).order_by("order").first()

    def during(self, kind: str):
        """Frozen two hours into the first stage of ``kind``."""
        return time_machine.travel(self.stage(kind).starts_at + dt.timedelta(hours=2), tick=False)


def _kecamatan(parent: Unit, name: str) -> Unit:
    return Unit.objects.create(
        kind=UnitKind.KECAMATAN,
        name=f"Kecamatan {name}",
        short_name=name,
        region=parent.region,
        parent=parent,
    )


@pytest.fixture
def claims_world(db, make_user, organiser, pemkot) -> ClaimsWorld:
    ensure_library()
    version = InstrumentVersion.objects.get(instrument__code="skk-jatim", version="2027.1")
    units = [_kecamatan(pemkot, name) for name in ("Junrejo", "Bumiaji", "Batu")]
    cycle = create_cycle(
        version=version,
        name="SKK Jatim 2027",
        year=2027,
        organiser_unit=pemkot,
        starts_on=dt.date(2027, 8, 2),
        by=organiser,
    )
    add_participants(cycle, units, by=organiser)
    junrejo, bumiaji, batu = (cycle.participants.get(unit=unit) for unit in units)
    operator = make_user("op.junrejo", full_name="Operator Junrejo")
    head = make_user("camat.junrejo", full_name="Camat Junrejo")
    other_operator = make_user("op.bumiaji", full_name="Operator Bumiaji")
    ParticipantMember.objects.create(participant=junrejo, user=operator, role=MemberRole.OPERATOR)
    ParticipantMember.objects.create(participant=junrejo, user=head, role=MemberRole.HEAD)
    ParticipantMember.objects.create(
        participant=bumiaji, user=other_operator, role=MemberRole.OPERATOR
    )
    seats = [
        add_team_member(cycle, user=make_user(name, full_name=name.title()), by=organiser)
        for name in ("juri.satu", "juri.dua", "juri.tiga")
    ]
    juror, second, outsider = seats
    for participant in (junrejo, bumiaji, batu):
        assign(cycle, evaluator=juror, participant=participant, by=organiser)
    assign(cycle, evaluator=second, participant=junrejo, by=organiser)
    recompute_cycle(cycle)
    decide_round(
        cycle,
        "tahap-2",
        going_on={junrejo.pk, batu.pk},
        reason="Bumiaji tidak lolos (uji)",
        by=organiser,
    )
    visit = FieldVisit.objects.create(
        participant=junrejo,
        day=dt.date(2027, 11, 23),
        session="pagi",
        starts_at=dt.datetime(2027, 11, 23, 1, 0, tzinfo=dt.UTC),
        place="Kantor Kecamatan Junrejo",
    )
    wa_bang = Innovation.objects.create(
        owner=units[0], title="Warung Aspirasi Bang Junrejo", acronym="WA BANG"
    )
    return ClaimsWorld(
        cycle=cycle,
        junrejo=junrejo,
        bumiaji=bumiaji,
        batu=batu,
        operator=operator,
        head=head,
        other_operator=other_operator,
        juror=juror,
        second=second,
        outsider=outsider,
        organiser=organiser,
        visit=visit,
        wa_bang=wa_bang,
    )
