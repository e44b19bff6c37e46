"""An EKK Kota Yogyakarta cycle with the shared personas (STYLE.md), and its evaluation team.

The cycle starts four days ago: the 3-day sosialisasi is over and the 21-day pengisian stage
(F01 editing and uploads open) runs for another 20 days. ``team`` adds a second evaluator
assigned to Mantrijeron and a team chair; ``scoring`` freezes the clock inside the presentation
stage (paparan: scoring open, others' scores never shown). The reviews, minutes, appeals and
results tests import these fixtures rather than copying them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.cycles.enums import MemberRole, TeamRole
from kinerja.cycles.models import Cycle, Participant, ParticipantMember, Stage, TeamMember
from kinerja.cycles.queries import evaluator_seat
from kinerja.cycles.services.assignments import assign
from kinerja.cycles.services.cycle import create_cycle
from kinerja.cycles.services.participants import add_participants
from kinerja.cycles.services.team import add_team_member
from kinerja.demo.f01 import minimal_pdf
from kinerja.instruments.models import InstrumentVersion
from kinerja.instruments.services import ensure_library
from kinerja.units.enums import UnitKind
from kinerja.units.models import Unit

MB = 1024 * 1024


@dataclass
class World:
    cycle: Cycle
    mantrijeron: Participant
    kraton: Participant
    operator_a: User  # Mantrijeron's operator
    operator_b: User  # Kraton's operator
    head_a: User  # Mantrijeron's head (mantri pamong praja)
    evaluator: User  # assigned to Mantrijeron
    other_evaluator: User  # on the team, not assigned to Mantrijeron
    organiser: User

    def stage(self, kind: str) -> Stage:
        return self.cycle.stages.get(kind=kind)

    @property
    def personas(self) -> dict[str, User | None]:
        return {
            "operator_a": self.operator_a,
            "head_a": self.head_a,
            "operator_b": self.operator_b,
            "evaluator": self.evaluator,
            "other_evaluator": self.other_evaluator,
            "organiser": self.organiser,
            "anonymous": None,
        }


@pytest.fixture
def media(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    root.mkdir()
    (tmp_path / "upload-tmp").mkdir()
    settings.MEDIA_ROOT = str(root)
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "upload-tmp")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    settings.KINERJA_UPLOAD_MAX_BYTES = 1 * MB
    return root


def stored_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


def ekk_version() -> InstrumentVersion:
    ensure_library()
    return InstrumentVersion.objects.get(instrument__code="ekk-yogyakarta")


def kemantren_unit(pemkot: Unit, name: str, code: str) -> Unit:
    return Unit.objects.create(
        kind=UnitKind.KEMANTREN,
        name=f"Kemantren {name}",
        short_name=name,
        code=code,
        region=pemkot.region,
        parent=pemkot,
    )


def member(participant: Participant, user: User, role: str) -> None:
    ParticipantMember.objects.create(participant=participant, user=user, role=role)


def make_cycle(organiser, pemkot, units, *, starts_on: dt.date | None = None, name="EKK 2025"):
    cycle = create_cycle(
        version=ekk_version(),
        name=name,
        year=2025,
        organiser_unit=pemkot,
        starts_on=starts_on or timezone.localdate() - dt.timedelta(days=4),
        by=organiser,
    )
    add_participants(cycle, units, by=organiser)
    return cycle


@pytest.fixture
def world(make_user, organiser, pemkot, kemantren) -> World:
    kraton_unit = kemantren_unit(pemkot, "Kraton", "34.71.02")
    bappeda = Unit.objects.create(
        kind=UnitKind.BADAN, name="Bappeda", region=pemkot.region, parent=pemkot
    )
    cycle = make_cycle(organiser, pemkot, [kemantren, kraton_unit])
    mantrijeron = cycle.participants.get(unit=kemantren)
    kraton = cycle.participants.get(unit=kraton_unit)
    operator_a = make_user("op.mantrijeron", full_name="Operator Mantrijeron")
    operator_b = make_user("op.kraton", full_name="Operator Kraton")
    head_a = make_user("kepala.mantrijeron", full_name="Mantri Pamong Praja Mantrijeron")
    member(mantrijeron, operator_a, MemberRole.OPERATOR)
    member(mantrijeron, head_a, MemberRole.HEAD)
    member(kraton, operator_b, MemberRole.OPERATOR)
    evaluator = make_user("penilai.satu", full_name="Penilai Satu")
    other = make_user("penilai.dua", full_name="Penilai Dua")
    seat = add_team_member(cycle, user=evaluator, agency=bappeda, by=organiser)
    other_seat = add_team_member(cycle, user=other, agency=bappeda, by=organiser)
    assign(cycle, evaluator=seat, participant=mantrijeron, by=organiser)
    assign(cycle, evaluator=other_seat, participant=kraton, by=organiser)
    return World(
        cycle=cycle,
        mantrijeron=mantrijeron,
        kraton=kraton,
        operator_a=operator_a,
        operator_b=operator_b,
        head_a=head_a,
        evaluator=evaluator,
        other_evaluator=other,
        organiser=organiser,
    )


@pytest.fixture
def pdf_bytes() -> bytes:
    return minimal_pdf("Laporan kegiatan trantibum")


def after(stage: Stage, minutes: int = 1) -> dt.datetime:
    return stage.ends_at + dt.timedelta(minutes=minutes)


# --- the evaluation team ---------------------------------------------------------------------


@dataclass
class Team:
    evaluator: TeamMember  # assigned to Mantrijeron
    second: TeamMember  # also assigned to Mantrijeron
    outsider: TeamMember  # on the team, assigned to Kraton only
    chair: TeamMember  # chairs the team, assigned to nobody
    second_user: User
    chair_user: User


@pytest.fixture
def team(world, make_user) -> Team:
    second_user = make_user("penilai.tiga", full_name="Penilai Tiga")
    chair_user = make_user("ketua.tim", full_name="Ketua Tim")
    second = add_team_member(world.cycle, user=second_user, by=world.organiser)
    add_team_member(world.cycle, user=chair_user, role=TeamRole.CHAIR, by=world.organiser)
    assign(world.cycle, evaluator=second, participant=world.mantrijeron, by=world.organiser)
    return Team(
        evaluator=evaluator_seat(world.cycle, world.evaluator),
        second=second,
        outsider=evaluator_seat(world.cycle, world.other_evaluator),
        chair=evaluator_seat(world.cycle, chair_user),
        second_user=second_user,
        chair_user=chair_user,
    )


def moment_in(stage, hours: int = 2) -> dt.datetime:
    return stage.starts_at + dt.timedelta(hours=hours)


@pytest.fixture
def scoring(world, team):
    """Frozen two hours into the presentation stage (scoring open)."""
    with time_machine.travel(moment_in(world.stage("paparan")), tick=False):
        yield world.stage("paparan")


# The personas of the team's pages, by name (the unit's people, the team, the organiser).
TEAM_PERSONAS = [
    "operator_a",
    "head_a",
    "operator_b",
    "evaluator",
    "second",
    "outsider",
    "chair",
    "organiser",
    "anonymous",
]


def team_people(world, team) -> dict[str, User | None]:
    return {
        "operator_a": world.operator_a,
        "head_a": world.head_a,
        "operator_b": world.operator_b,
        "evaluator": world.evaluator,
        "second": team.second_user,
        "outsider": world.other_evaluator,
        "chair": team.chair_user,
        "organiser": world.organiser,
        "anonymous": None,
    }


def team_client(user) -> Client:
    """A client logged in as ``user`` (anonymous for None), reading English pages."""
    client = Client()
    if user is not None:
        client.force_login(user)
    client.cookies["django_language"] = "en"
    return client
