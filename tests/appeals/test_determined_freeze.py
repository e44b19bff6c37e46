"""A determined cycle refuses an appeal's new value until the determination is reopened; a
rejection changes no score and stays allowed; an appeal's value bumps the consensus version, so
a plenary form loaded before it is refused."""

from __future__ import annotations

import pytest
import time_machine
from django.utils import translation

from kinerja.appeals import services as appeals
from kinerja.appeals.enums import AppealStatus
from kinerja.results.freeze import ResultsDetermined
from kinerja.reviews.models import Consensus
from kinerja.reviews.services import plenary

from ..assessments.conftest import moment_in
from ..reviews.test_determined_freeze import REFUSAL, determine, reopen, total
from .conftest import file


@pytest.mark.usefixtures("scored", "in_sanggah")
def test_appeal_accepted_with_a_new_value_after_determination_is_refused_until_reopened(
    world, team
):
    determine(world)
    appeal = file(world)
    before = total(world)

    with translation.override("en"), pytest.raises(ResultsDetermined) as refused:
        appeals.decide_appeal(
            appeal, accept=True, note="Bukti baru sah", new_value="4", by=world.organiser
        )

    with translation.override("en"):
        assert refused.value.messages == [REFUSAL]
    appeal.refresh_from_db()
    assert (appeal.status, Consensus.objects.count(), total(world)) == (
        AppealStatus.SUBMITTED,
        0,
        before,
    )
    reopen(world)
    decided = appeals.decide_appeal(
        appeal, accept=True, note="Bukti baru sah", new_value="4", by=world.organiser
    )
    assert (decided.status, Consensus.objects.get().value) == (AppealStatus.ACCEPTED, 4)


@pytest.mark.usefixtures("scored", "in_sanggah")
def test_appeal_rejected_after_determination_changes_no_score_and_is_allowed(world, team):
    determine(world)
    appeal = file(world)

    decided = appeals.decide_appeal(
        appeal, accept=False, note="Tidak cukup bukti", by=world.organiser
    )

    assert decided.status == AppealStatus.REJECTED
    assert Consensus.objects.count() == 0


@pytest.mark.usefixtures("scored", "in_sanggah")
def test_appeal_decision_bumps_the_consensus_version_so_a_stale_plenary_form_is_refused(
    world, team
):
    with time_machine.travel(moment_in(world.stage("paparan")), tick=False):
        plenary.set_consensus(
            world.mantrijeron,
            "1.1",
            value=2,
            reason="Pleno",
            by=team.chair_user,
            expected_version=0,
        )
    appeal = file(world)

    appeals.decide_appeal(appeal, accept=True, note="Sah", new_value="4", by=world.organiser)

    assert Consensus.objects.get().version == 2
    with (
        time_machine.travel(moment_in(world.stage("paparan")), tick=False),
        pytest.raises(plenary.ConsensusConflict),
    ):
        plenary.set_consensus(
            world.mantrijeron, "1.1", value=1, reason="lama", by=team.chair_user, expected_version=1
        )
    assert Consensus.objects.get().value == 4
