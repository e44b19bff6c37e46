"""The berita acara in a real browser: each signer (two evaluators, the team chair, the head of
the unit) logs in in turn and confirms; the last confirmation makes it final with its hash."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kinerja.cycles.enums import MemberRole, TeamRole
from kinerja.cycles.models import ParticipantMember
from kinerja.cycles.services.assignments import assign
from kinerja.cycles.services.team import add_team_member
from kinerja.minutes import services
from kinerja.minutes.enums import MinutesStatus
from kinerja.minutes.models import Minutes

from ..assessments.conftest import make_cycle, media  # noqa: F401


@pytest.fixture
def minutes_world(transactional_db, make_user, organiser, pemkot, kemantren, media):  # noqa: F811
    cycle = make_cycle(organiser, pemkot, [kemantren])
    participant = cycle.participants.get()
    signers = []
    for i in (1, 2):
        user = make_user(f"penilai.{i}", full_name=f"Penilai {i}")
        seat = add_team_member(cycle, user=user, by=organiser)
        assign(cycle, evaluator=seat, participant=participant, by=organiser)
        signers.append(user)
    chair = make_user("ketua.tim", full_name="Ketua Tim")
    add_team_member(cycle, user=chair, role=TeamRole.CHAIR, by=organiser)
    head = make_user("kepala.unit", full_name="Kepala Unit")
    ParticipantMember.objects.create(participant=participant, user=head, role=MemberRole.HEAD)
    services.draft_minutes(participant, by=chair)
    services.add_recommendation(participant, text="Perbarui standar pelayanan", by=chair)
    return participant, [*signers, chair, head]


def test_berita_acara_signed_by_all_parties(live_server, page, login, minutes_world):
    participant, signers = minutes_world
    url = f"{live_server.url}/penilaian/{participant.pk}/berita-acara/"
    for user in signers:
        page.context.clear_cookies()
        login(page, user.username)
        page.goto(url)
        expect(page.get_by_test_id("minutes-participant")).to_contain_text("Mantrijeron")
        page.get_by_test_id("confirm-signature").click()
        expect(page.get_by_test_id("confirm-signature")).to_have_count(0)

    expect(page.get_by_test_id("minutes-status")).to_have_text("Final")
    minutes = Minutes.objects.get(participant=participant)
    assert minutes.status == MinutesStatus.FINAL
    expect(page.get_by_test_id("minutes-hash")).to_contain_text(minutes.sha256)
    assert minutes.signers.filter(confirmed_at__isnull=True).count() == 0
