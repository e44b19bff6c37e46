import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_home_anonymous_shows_honest_empty_state_in_indonesian(client):
    response = client.get(reverse("common:home"))

    assert response.status_code == 200
    assert response["Content-Language"] == "id"
    assert b'data-testid="empty-results"' in response.content
    assert b"Belum ada hasil yang diumumkan." in response.content


@pytest.mark.django_db
def test_home_english_after_language_switch(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    response = client.get(reverse("common:home"))

    assert response["Content-Language"] == "en"
    assert b"No results have been announced yet." in response.content


@pytest.mark.django_db
def test_navigation_shows_units_only_to_organisers(client, organiser, plain_user):
    client.force_login(plain_user)
    plain = client.get(reverse("common:home")).content
    client.force_login(organiser)
    organiser_page = client.get(reverse("common:home")).content

    assert reverse("units:regions").encode() not in plain
    assert reverse("units:regions").encode() in organiser_page


@pytest.mark.django_db
def test_every_response_has_strict_csp_and_request_id(client):
    response = client.get(reverse("common:home"), headers={"X-Request-ID": "abc12345-request"})

    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Request-ID"] == "abc12345-request"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_static_assets_are_served_by_the_app(client):
    from django.contrib.staticfiles import finders

    for asset in (
        "bootstrap/css/bootstrap.min.css",
        "bootstrap/js/bootstrap.bundle.min.js",
        "django_htmx/htmx-2.min.js",
        "kinerja/kinerja.css",
        "kinerja/kinerja.js",
    ):
        assert finders.find(asset), asset


@pytest.mark.django_db
def test_healthz(client):
    assert client.get(reverse("common:healthz")).json() == {"status": "ok"}


def test_templates_have_no_cdn_or_inline_script():
    from pathlib import Path

    import kinerja

    root = Path(kinerja.__file__).parent
    for template in root.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text, template
        assert "<script>" not in text and "style=" not in text, template


@pytest.mark.django_db
def test_english_browser_still_gets_indonesian_by_default(client):
    response = client.get(reverse("common:home"), headers={"Accept-Language": "en-US,en;q=0.9"})

    assert response["Content-Language"] == "id"
    assert b"Belum ada hasil yang diumumkan." in response.content
