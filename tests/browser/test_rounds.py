"""The organiser decides who goes on after Tahap II in the browser: the computed seven are
ticked, an override without a reason is refused on the page, with a reason it is recorded and
the ranking follows."""

from playwright.sync_api import expect

from kinerja.results.compute import recompute_cycle

from ..results.conftest import skk_cycle  # noqa: F401 -- fixture


def test_organiser_overrides_the_proposal_with_a_reason(
    page,
    live_server,
    transactional_db,
    skk_cycle,  # noqa: F811
    login,
):
    cycle, _participants = skk_cycle
    recompute_cycle(cycle)
    login(page, "organiser")

    page.goto(f"{live_server.url}/hasil/siklus/{cycle.pk}/tahap-lomba/")
    boxes = page.locator("input[name=going_on]")
    expect(boxes).to_have_count(10)
    expect(page.locator("input[name=going_on]:checked")).to_have_count(7)
    page.get_by_label("Kecamatan G").uncheck()
    page.get_by_label("Kecamatan H").check()
    page.get_by_test_id("decide").click()
    expect(page.locator(".alert-danger")).to_contain_text("alasan")
    expect(page.locator("input[name=going_on]:checked")).to_have_count(7)
    page.fill("textarea[name=reason]", "Kecamatan G mengundurkan diri dari tinjau lapang.")
    page.get_by_test_id("decide").click()

    expect(page.get_by_test_id("override")).to_have_count(2)
    expect(page.get_by_text("Kecamatan G mengundurkan diri")).to_be_visible()
    page.goto(f"{live_server.url}/hasil/siklus/{cycle.pk}/peringkat/")
    row = page.get_by_test_id("ranking").locator("tr", has_text="Kecamatan G")
    expect(row.get_by_test_id("stopped")).to_be_visible()
