"""Review (F02) fixtures: the assessments world (an EKK Kota Yogyakarta cycle with the shared
personas) plus a second evaluator assigned to Mantrijeron and a team chair, and a clock inside
the presentation stage (paparan: scoring open, others' scores never shown)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine

from kinerja.accounts.models import User
from kinerja.cycles.enums import TeamRole
from kinerja.cycles.models import TeamMember
from kinerja.cycles.services import add_team_member, assign
from kinerja.reviews.queries import evaluator_seat

# The assessments fixtures, shared rather than copied (pytest registers imported fixtures).
from ..assessments.conftest import media, pdf_bytes, world  # noqa: F401


@dataclass
class Team:
    evaluator: TeamMember  # assigned to Mantrijeron
    second: TeamMember  # also assigned to Mantrijeron
    outsider: TeamMember  # on the team, assigned to Kraton only
    chair: TeamMember  # chairs the team, assigned to nobody
    second_user: User
    chair_user: User


@pytest.fixture
def team(world, make_user) -> Team:  # noqa: F811 — the imported fixture
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
def scoring(world, team):  # noqa: F811
    """Frozen two hours into the presentation stage (scoring open)."""
    with time_machine.travel(moment_in(world.stage("paparan")), tick=False):
        yield world.stage("paparan")
