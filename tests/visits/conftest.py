"""Field-visit fixtures: the review world (EKK Kota Yogyakarta with the shared personas, a
second evaluator on Mantrijeron and a team chair) and Mantrijeron's field visit as in the
source: Wednesday 16 October 2024, morning session, Pendopo Kemantren Mantrijeron."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from PIL import Image

from kinerja.visits import services
from kinerja.visits.models import FieldVisit

# Shared rather than copied (pytest registers imported fixtures).
from ..assessments.conftest import media, moment_in, pdf_bytes, team, world  # noqa: F401

VISIT_DAY = dt.date(2024, 10, 16)  # a Wednesday
PENDOPO = "Pendopo Kemantren Mantrijeron"


def jpeg_bytes(size=(8, 6), color=(200, 120, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.fixture
def visit(world, team) -> FieldVisit:  # noqa: F811 — the imported fixtures
    return services.plan_field_visit(
        world.mantrijeron, day=VISIT_DAY, session="pagi", place=PENDOPO, by=world.organiser
    )


@pytest.fixture
def field_stage(world, team):  # noqa: F811
    """Frozen two hours into the field-verification stage (scoring open)."""
    stage = world.stage("verifikasi_lapangan")
    with time_machine.travel(moment_in(stage), tick=False):
        yield stage
