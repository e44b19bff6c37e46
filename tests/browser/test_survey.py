"""The satisfaction survey in the browser (issue 15): the organiser opens a survey and publishes
its IKM; a respondent opens the poster's link on a phone (390 px wide), answers the nine
elements, is thanked, and the unit's public IKM moves with the answer."""

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from kinerja.instruments.services import ensure_library
from kinerja.surveys.models import Survey


def test_a_respondent_answers_on_a_phone_and_the_ikm_moves(
    page, browser, live_server, transactional_db, kemantren, organiser, login
):
    ensure_library()
    base = live_server.url
    login(page, "organiser")
    today = timezone.localdate()

    # The organiser opens the survey of this year for the kemantren.
    page.goto(base + reverse("surveys:manage"))
    page.select_option("select[name=unit]", str(kemantren.pk))
    page.select_option("select[name=period]", "year")
    page.fill("input[name=opens_on]", f"{today.year}-01-01")
    page.fill("input[name=closes_on]", f"{today.year}-12-31")
    page.fill("textarea[name=services]", "Surat keterangan\nLegalisasi")
    page.get_by_test_id("open-survey").click()
    expect(page.get_by_test_id("public-link")).to_be_visible()
    survey = Survey.objects.get(unit=kemantren)
    page.get_by_test_id("publish-ikm").click()
    expect(page.get_by_test_id("public-ikm")).to_be_visible()
    link = page.get_by_test_id("public-link").get_attribute("href")
    assert link.endswith(reverse("survey_public:form", kwargs={"token": survey.token}))

    # Nobody has answered: the public page has no IKM yet.
    ikm_page = base + reverse("survey_public:ikm", kwargs={"survey_id": survey.pk})
    page.goto(ikm_page)
    expect(page.get_by_test_id("ikm-value")).to_contain_text("Belum ada IKM")

    # A respondent on a phone: all 4s but one 3.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    respondent = phone.new_page()
    respondent.goto(link)
    assert respondent.evaluate("document.documentElement.scrollWidth") <= 390
    respondent.get_by_test_id("send-survey").click()  # nothing chosen: refused in place
    expect(respondent.locator("#id_a1_error")).to_be_visible()
    for number in range(1, 10):
        value = "3" if number == 9 else "4"
        respondent.locator(f"input[name=a{number}][value='{value}']").check()
    respondent.select_option("select[name=service]", "Legalisasi")
    respondent.get_by_test_id("send-survey").click()
    expect(respondent.get_by_test_id("thanks")).to_be_visible()

    # The IKM moved: (8 × 4 + 3) × 25 / 9 = 97.22, band A.
    page.goto(ikm_page)
    expect(page.get_by_test_id("ikm-value")).to_have_text("97,22")
    expect(page.get_by_test_id("ikm-band")).to_contain_text("Sangat Baik")

    # The same phone cannot answer twice.
    respondent.goto(link)
    for number in range(1, 10):
        respondent.locator(f"input[name=a{number}][value='1']").check()
    respondent.get_by_test_id("send-survey").click()
    expect(respondent.get_by_test_id("refusal")).to_contain_text("sudah mengisi")
    page.goto(ikm_page)
    expect(page.get_by_test_id("ikm-value")).to_have_text("97,22")
    phone.close()
