import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from kinerja.accounts.models import User
from kinerja.cycles import services as cycle_services
from kinerja.instruments.services import ensure_library
from kinerja.results.compute import recompute_cycle
from kinerja.reviews.models import Review
from kinerja.units.models import Unit


def _scored_cycle(pemkot, organiser):
    version = {v.instrument.code: v for v, _ in ensure_library()}["pekppp"]
    units = Unit.objects.bulk_create(
        Unit(kind="ukpd", name=f"UKPD {i}", region=pemkot.region, parent=pemkot) for i in range(3)
    )
    cycle = cycle_services.create_cycle(
        version=version,
        name="PEKPPP 2025",
        year=2025,
        organiser_unit=pemkot,
        starts_on=dt.date(2025, 7, 1),
        by=organiser,
    )
    cycle_services.add_participants(cycle, units, by=organiser)
    evaluator = cycle_services.add_team_member(
        cycle, user=User.objects.create(username="e0"), by=organiser
    )
    best = cycle.participants.get(unit__name="UKPD 2")
    for indicator in version.definition.iter_indicators("f02"):
        Review.objects.create(
            evaluator=evaluator,
            participant=best,
            indicator_ref=indicator.ref,
            round="",
            component="f02",
            value=5,
        )
    recompute_cycle(cycle)
    return cycle


def test_organiser_determines_and_publishes_then_public_sees_report_card(
    page, browser, live_server, transactional_db, pemkot, organiser, login, determine_and_publish
):
    cycle = _scored_cycle(pemkot, organiser)
    login(page, "organiser")

    determine_and_publish(
        page,
        cycle,
        number="100.3.3.3/77/2025",
        date="2025-11-03",
        signatory="Wali Kota",
        position="Wali Kota Yogyakarta",
    )
    expect(page.get_by_test_id("history").locator("tbody tr")).to_have_count(1)

    visitor = browser.new_context(viewport={"width": 390, "height": 844})
    public = visitor.new_page()
    public.goto(live_server.url + "/")
    public.get_by_role("link", name="PEKPPP 2025").click()
    ranking = public.get_by_test_id("public-ranking")
    expect(ranking.locator("tbody tr").first).to_contain_text("UKPD 2")
    expect(ranking.locator("tbody tr").first).to_contain_text("5,00")  # the decimal comma
    ranking.locator("tbody tr").first.get_by_test_id("report-card").click()
    expect(public.get_by_test_id("card-total")).to_have_text("5,00")
    expect(public.get_by_test_id("card-chart").locator("svg")).to_be_visible()
    # At 390 px (a phone) the report card fits: the chart scales, nothing scrolls sideways.
    assert public.evaluate("document.documentElement.scrollWidth") <= 390
    certificate = public.get_by_test_id("grade-certificate").first.get_attribute("href")
    response = public.request.get(live_server.url + certificate)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    visitor.close()


def test_determining_while_scoring_is_open_needs_a_reason(
    page, live_server, transactional_db, pemkot, organiser, login
):
    cycle = _scored_cycle(pemkot, organiser)
    tomorrow = timezone.now() + dt.timedelta(days=1)
    cycle.stages.filter(can_score=True).update(ends_at=tomorrow)
    login(page, "organiser")

    page.goto(f"{live_server.url}/hasil/siklus/{cycle.pk}/penetapan/")
    page.fill("input[name=decree_number]", "100.3.3.3/78/2025")
    page.fill("input[name=decree_date]", "2025-11-03")
    page.fill("input[name=signatory_name]", "Wali Kota")
    page.fill("input[name=signatory_position]", "Wali Kota Yogyakarta")
    page.get_by_test_id("determine").click()
    expect(page.get_by_test_id("stages-open")).to_be_visible()
    page.get_by_test_id("confirm").click()
    expect(page.locator("#id_override_reason_error")).to_be_visible()
    page.fill("textarea[name=override_reason]", "SK harus terbit sebelum rapat paripurna")
    page.get_by_test_id("confirm").click()

    expect(page.get_by_test_id("current-determination")).to_contain_text("100.3.3.3/78/2025")
    assert cycle.determinations.get().decree_number == "100.3.3.3/78/2025"


def test_not_found_page_in_both_languages_leads_back(page, live_server, transactional_db):
    page.goto(f"{live_server.url}/tidak-ada-halaman-ini/")
    expect(page.locator("h1")).to_have_text("Halaman tidak ditemukan")

    page.get_by_test_id("lang-en").click()
    expect(page.locator("h1")).to_have_text("Page not found")
    page.get_by_role("link", name="Published results").click()

    expect(page).to_have_url(f"{live_server.url}/")
