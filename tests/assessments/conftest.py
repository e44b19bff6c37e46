"""An EKK Kota Yogyakarta cycle with the shared personas (STYLE.md).

The cycle starts four days ago: the 3-day sosialisasi is over and the 21-day pengisian stage
(F01 editing and uploads open) runs for another 20 days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.cycles.enums import MemberRole
from kinerja.cycles.models import Cycle, Participant, ParticipantMember, Stage
from kinerja.cycles.services import add_participants, add_team_member, assign, create_cycle
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
