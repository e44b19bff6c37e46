"""An accepted appeal's new value follows the rounds (issue 13): a decided round is locked for
appeals as for the jurors, until its decision is reopened on the record."""

import pytest
from django.core.exceptions import ValidationError

from kinerja.appeals.enums import AppealStatus
from kinerja.appeals.models import Appeal
from kinerja.appeals.services import decide_appeal
from kinerja.results.compute import recompute_cycle
from kinerja.results.rounds import decide_round, proposal, reopen_round

from ..results.conftest import skk_cycle  # noqa: F401 -- fixture


def test_an_appeal_cannot_change_a_decided_round_until_it_is_reopened(skk_cycle, organiser):  # noqa: F811
    cycle, participants = skk_cycle
    recompute_cycle(cycle)
    going_on = {e.participant_id for e in proposal(cycle, "tahap-2") if e.proposed.goes_on}
    decide_round(cycle, "tahap-2", going_on=going_on, by=organiser)
    appeal = Appeal.objects.create(
        participant=participants["I"], indicator_ref="ADM5", reason="Nilai keliru.", created_by=None
    )

    with pytest.raises(ValidationError) as locked:
        decide_appeal(appeal, accept=True, note="Diterima", new_value=50, by=organiser)
    appeal.refresh_from_db()
    reopen_round(cycle, "tahap-2", reason="Sanggah Kecamatan I", by=organiser)
    decided = decide_appeal(appeal, accept=True, note="Diterima", new_value=50, by=organiser)

    assert locked.value.code == "round_locked"
    assert appeal.status == AppealStatus.SUBMITTED
    assert decided.status == AppealStatus.ACCEPTED
