import re

import pytest
from playwright.sync_api import expect

from kinerja.accounts.services import create_user
from kinerja.demo.world import load_demo_world
from kinerja.tenancy.services import seat_organiser
from kinerja.units.models import Unit

from ..conftest import PASSWORD


@pytest.fixture
def world(transactional_db):
    load_demo_world()
    user = create_user(username="org", password=PASSWORD, full_name="Org Uji")
    seat_organiser(user, Unit.objects.get(region__code="34.71", short_name="Tapem"), by=None)
    return user


def test_organiser_logs_in_sees_unit_tree_and_switches_language(page, live_server, world, login):
    login(page, "org")

    # The home page of tasks: the organiser's cycles with what waits for a decision; the top
    # bar's badge counts what waits, and each task links to where it is done.
    organiser_tasks = page.get_by_test_id("tasks-organiser")
    expect(organiser_tasks).to_contain_text("EKK")
    waiting = organiser_tasks.locator("[data-testid=task][data-waiting='1']")
    badge = page.get_by_test_id("task-count")
    if waiting.count():
        expect(badge).to_contain_text(str(waiting.count()))
    else:  # nothing waits: no badge
        expect(badge).to_have_count(0)
    link = organiser_tasks.locator("[data-testid=task] a").first
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url(re.compile(re.escape(href)))
    expect(page.locator("main h1").first).to_be_visible()

    page.get_by_role("link", name="Unit", exact=True).click()
    expect(page.get_by_role("heading", name="Wilayah dan unit")).to_be_visible()
    page.get_by_role("link", name="Kota Yogyakarta").click()
    tree = page.get_by_test_id("unit-tree")
    expect(tree.get_by_role("link", name="Kemantren Mantrijeron")).to_be_visible()
    expect(tree.locator("tbody tr")).to_have_count(
        31
    )  # Pemkot, Setda, 3 bagian, 12 OPD, 14 kemantren

    page.get_by_test_id("lang-en").click()
    expect(page.get_by_role("heading", name="Unit tree")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert re.search(r"/unit/wilayah/34\.71/$", page.url)

    page.get_by_test_id("lang-id").click()
    expect(page.get_by_role("heading", name="Pohon unit")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "id")


def test_anonymous_visitor_sees_empty_results_on_a_phone(browser, live_server, transactional_db):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()

    page.goto(live_server.url + "/")

    expect(page.get_by_test_id("empty-results")).to_contain_text("Belum ada hasil")
    expect(page.get_by_role("button", name="Menu")).to_be_visible()
    context.close()
