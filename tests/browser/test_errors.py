"""The server-error page in a real browser: branded, translated, with a way back."""

import pytest
from playwright.sync_api import expect


@pytest.mark.urls("tests.browser.boom_urls")
def test_a_failing_page_shows_the_translated_server_error_page(page, live_server, transactional_db):
    answer = page.goto(f"{live_server.url}/uji/gagal/")

    assert answer.status == 500
    expect(page.get_by_test_id("error-page")).to_have_attribute("data-status", "500")
    expect(page.locator("h1")).to_have_text("Kesalahan server")
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/uji/gagal/")
    expect(page.locator("h1")).to_have_text("Server error")
    page.get_by_role("link", name="Published results").click()
    expect(page).to_have_url(f"{live_server.url}/")
