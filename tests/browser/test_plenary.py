"""The plenary in a real browser: the chair opens the grid of a kemantren, sets a consensus
value with a reason (the individual scores stay on the page; the grid saves in place, with the
mouse and with the keyboard) and closes the plenary."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from kinerja.cycles.enums import TeamRole
from kinerja.cycles.services.assignments import assign
from kinerja.cycles.services.cycle import create_cycle
from kinerja.cycles.services.participants import add_participants
from kinerja.cycles.services.team import add_team_member
from kinerja.reviews import services
from kinerja.reviews.models import Consensus, Plenary, Review

from ..assessments.conftest import ekk_version
from .test_reviews import open_scoring_now


@pytest.fixture
def plenary_world(transactional_db, make_user, organiser, pemkot, kemantren):
    from django.utils import timezone

    cycle = create_cycle(
        version=ekk_version(),
        name="EKK 2025",
        year=2025,
        organiser_unit=pemkot,
        starts_on=timezone.localdate(),
        by=organiser,
    )
    add_participants(cycle, [kemantren], by=organiser)
    participant = cycle.participants.get()
    open_scoring_now(cycle, organiser)
    chair = make_user("ketua.tim", full_name="Ketua Tim")
    add_team_member(cycle, user=chair, role=TeamRole.CHAIR, by=organiser)
    seats = []
    for i, levels in enumerate([(3, 4, 2), (1, 4, 2), (4, 3, 2)]):
        user = make_user(f"penilai.{i}", full_name=f"Penilai {i + 1}")
        seat = add_team_member(cycle, user=user, by=organiser)
        assign(cycle, evaluator=seat, participant=participant, by=organiser)
        seats.append(seat)
        for ref, level in zip(("1.1", "1.2", "1.3"), levels, strict=True):
            services.record_review(
                participant, ref, evaluator=seat, value=level, expected_version=0, by=user
            )
    return cycle, participant, chair


def test_chair_sets_consensus_and_closes_the_plenary(
    live_server, page, login, plenary_world, tmp_path
):
    cycle, participant, chair = plenary_world
    shots = os.environ.get("KINERJA_SHOTS") or str(tmp_path)  # screenshots to look at
    before = list(Review.objects.order_by("pk").values_list("pk", "value", "version"))
    login(page, chair.username)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/penilaian/siklus/{cycle.pk}/pleno/")
    grid = page.get_by_test_id("plenary-grid")
    expect(grid).to_be_visible()
    loads = []  # full-page loads from here on: a consensus saves in place (htmx)
    page.on("load", lambda: loads.append(page.url))
    expect(page.get_by_test_id("plenary-participant")).to_contain_text("Mantrijeron")
    expect(page.get_by_test_id("spread-1.1")).to_have_text("75,00")
    page.screenshot(path=f"{shots}/plenary-1280.png", full_page=True)

    row = page.get_by_test_id("plenary-row-1.1")
    row.locator("summary").click()
    row.locator("input[name=value][value='3']").check()
    row.locator("textarea[name=reason]").fill("Notulen rapat pleno: bukti kegiatan lengkap")
    row.get_by_role("button", name="Save consensus").or_(
        row.get_by_role("button", name="Simpan konsensus")
    ).click()

    expect(page.get_by_test_id("consensus-1.1")).to_contain_text("75,00")
    expect(page.get_by_test_id("consensus-1.1")).to_contain_text("Notulen rapat pleno")
    expect(page.get_by_test_id("plenary-saved")).to_be_visible()

    # The keyboard: a digit on a row opens its form and chooses the level; Enter saves.
    row = page.get_by_test_id("plenary-row-1.2")
    row.locator("summary").focus()
    page.keyboard.press("4")
    expect(row.locator("input[name=value][value='4']")).to_be_checked()
    row.locator("textarea[name=reason]").fill("Disepakati dalam rapat")
    row.locator("input[name=value][value='4']").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("consensus-1.2")).to_contain_text("Disepakati dalam rapat")
    assert loads == [], "a consensus save reloaded the page"
    # Every individual score stays on the page.
    for seat in participant.assignments.all():
        expect(page.get_by_test_id(f"cell-1.1-{seat.evaluator_id}")).not_to_have_text("–")
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=f"{shots}/plenary-390.png", full_page=True)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_test_id("plenary-close").locator("textarea[name=notes]").fill("Rapat selesai")
    page.get_by_test_id("plenary-close").locator("button[type=submit]").click()

    expect(page.get_by_test_id("plenary-close")).to_have_count(0)
    assert Plenary.objects.get(cycle=cycle).status == "closed"
    assert dict(Consensus.objects.values_list("indicator_ref", "value")) == {"1.1": 3, "1.2": 4}
    assert list(Review.objects.order_by("pk").values_list("pk", "value", "version")) == before
