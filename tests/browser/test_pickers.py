"""Typeahead pickers in a real browser: the organiser finds a unit by part of its name and adds
it as a participant line, and finds an account of the government by part of its name on the team
page (the datalists fill through htmx as one types)."""

from __future__ import annotations

from django.utils import timezone
from playwright.sync_api import expect

from kinerja.cycles.services.cycle import create_cycle
from kinerja.cycles.services.team import add_team_member

from ..assessments.conftest import ekk_version


def test_organiser_picks_a_unit_and_a_person_by_typing(
    live_server, page, login, transactional_db, organiser, pemkot, kemantren, make_user
):
    def ekk(year):
        return create_cycle(
            version=ekk_version(),
            name=f"EKK {year}",
            year=year,
            organiser_unit=pemkot,
            starts_on=timezone.localdate(),
            by=organiser,
        )

    cycle, earlier = ekk(2026), ekk(2025)
    add_team_member(
        earlier, user=make_user("dr.sari", full_name="dr. Sari Wulandari"), by=organiser
    )
    login(page, organiser.username)

    page.goto(f"{live_server.url}/siklus/{cycle.pk}/peserta/")
    page.get_by_test_id("unit-pick").press_sequentially("mantri", delay=30)
    option = page.locator("#unit-options option")
    expect(option).to_have_count(1)
    assert option.get_attribute("value") == "Kemantren Mantrijeron — Kota Yogyakarta"
    page.get_by_test_id("unit-pick").fill(option.get_attribute("value"))
    page.get_by_test_id("unit-pick").press("Enter")  # adds the line; does not send the form
    lines = page.locator("textarea[name=units]")
    expect(lines).to_have_value("Kemantren Mantrijeron — Kota Yogyakarta\n")
    page.locator("button[name=by_name]").click()
    expect(page.locator("main")).to_contain_text("Mantrijeron")
    assert cycle.participants.filter(unit=kemantren).exists()

    page.goto(f"{live_server.url}/siklus/{cycle.pk}/tim/")
    page.locator("input[name=username]").press_sequentially("sari", delay=30)
    person = page.locator("#people-options option")
    expect(person).to_have_count(1)
    assert person.get_attribute("value") == "dr.sari"
    expect(person).to_have_text("dr. Sari Wulandari")
    page.locator("input[name=username]").fill("dr.sari")
    page.get_by_role("button", name="Tambah").or_(page.get_by_role("button", name="Add")).click()
    expect(page.get_by_test_id("team-table")).to_contain_text("dr. Sari Wulandari")
