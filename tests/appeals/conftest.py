"""Appeal fixtures: the assessments world and its evaluation team (shared rather than copied;
pytest registers imported fixtures), scores recorded during scoring, and a clock inside a
sanggah stage appended after the cycle's last stage."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from kinerja.appeals import services as appeals
from kinerja.cycles.services.stages import STAGE_FIELDS, save_stages
from kinerja.results.compute import recompute_participant
from kinerja.reviews import services

from ..assessments.conftest import media, pdf_bytes, scoring, team, world  # noqa: F401


def sanggah_stage(world):  # noqa: F811 — the imported fixture
    """Append a sanggah stage of three days after the cycle's last stage."""
    cycle = world.cycle
    plan = [
        {f: getattr(s, f) for f in STAGE_FIELDS if f != "order"}
        for s in cycle.stages.order_by("order")
    ]
    start = max(s["ends_at"] for s in plan)
    plan.append(
        {
            "kind": "sanggah",
            "name": "Sanggah",
            "starts_at": start,
            "ends_at": start + dt.timedelta(days=3),
            "can_edit_self": False,
            "can_upload_evidence": False,
            "can_score": False,
            "see_other_scores": "never",
            "results_visible": True,
        }
    )
    save_stages(cycle, plan, by=world.organiser)
    return cycle.stages.get(kind="sanggah")


@pytest.fixture
def scored(world, team, scoring):  # noqa: F811 — the imported fixtures
    """Two evaluators scored 1.1 (3 and 1) and 1.2 during scoring; the result is stored."""
    for seat, ref, value in [
        (team.evaluator, "1.1", 3),
        (team.second, "1.1", 1),
        (team.evaluator, "1.2", 4),
    ]:
        services.record_review(
            world.mantrijeron, ref, evaluator=seat, value=value, expected_version=0, by=seat.user
        )
    recompute_participant(world.mantrijeron)
    return world


@pytest.fixture
def in_sanggah(scored, world):  # noqa: F811
    stage = sanggah_stage(world)
    with time_machine.travel(stage.starts_at + dt.timedelta(hours=2), tick=False):
        yield stage


def file(world, ref="1.1", by=None, reason="Nilai kurang tepat"):  # noqa: F811
    return appeals.file_appeal(
        world.mantrijeron,
        ref,
        reason=reason,
        evidence_revisions=[],
        by=by or world.operator_a,
    )
