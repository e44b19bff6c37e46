"""A small world to back up: an EKK cycle, Mantrijeron as participant with its operator, and one
evidence upload through the real upload service into a local storage of the test's own."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.assessments.models import EvidenceRevision
from kinerja.assessments.services import upload_evidence
from kinerja.backups.tables import backed_up_models
from kinerja.cycles.enums import MemberRole
from kinerja.cycles.models import Cycle, Participant, ParticipantMember
from kinerja.cycles.services.cycle import create_cycle
from kinerja.cycles.services.participants import add_participants
from kinerja.demo.f01 import minimal_pdf
from kinerja.instruments.models import InstrumentVersion
from kinerja.instruments.services import ensure_library


@dataclass
class World:
    cycle: Cycle
    participant: Participant
    operator: User
    revision: EvidenceRevision
    pdf: bytes


def use_storage(settings, root: Path) -> FileSystemStorage:
    """Point ``default_storage`` at ``root`` (Django resets it when STORAGES changes)."""
    root.mkdir(parents=True, exist_ok=True)
    settings.MEDIA_ROOT = str(root)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    return FileSystemStorage(location=str(root))


@pytest.fixture
def media(settings, tmp_path) -> Path:
    (tmp_path / "upload-tmp").mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "upload-tmp")
    use_storage(settings, tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def world(media, make_user, organiser, pemkot, kemantren) -> World:
    ensure_library()
    cycle = create_cycle(
        version=InstrumentVersion.objects.get(instrument__code="ekk-yogyakarta"),
        name="EKK 2025",
        year=2025,
        organiser_unit=pemkot,
        starts_on=timezone.localdate() - dt.timedelta(days=4),
        by=organiser,
    )
    (participant,) = add_participants(cycle, [kemantren], by=organiser)
    operator = make_user("op.mantrijeron", full_name="Operator Mantrijeron")
    ParticipantMember.objects.create(
        participant=participant, user=operator, role=MemberRole.OPERATOR
    )
    pdf = minimal_pdf("Laporan kegiatan trantibum")
    revision = upload_evidence(
        participant,
        "1.1",
        "laporan-trantibum",
        ContentFile(pdf, name="laporan.pdf"),
        by=operator,
    )
    return World(
        cycle=cycle, participant=participant, operator=operator, revision=revision, pdf=pdf
    )


def every_row() -> dict[str, list[tuple]]:
    """Every row of every backed-up table, by primary key, as the ORM reads it."""
    return {
        model._meta.label_lower: list(
            model._base_manager.order_by("pk").values_list(
                *(field.attname for field in model._meta.local_concrete_fields)
            )
        )
        for model in backed_up_models()
    }


def every_file(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }
