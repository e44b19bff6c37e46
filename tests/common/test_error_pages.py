"""Branded, translated error pages with a way back (templates/404.html, 400, 403, 500)."""

import pytest
from django.core.exceptions import SuspiciousOperation
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views import defaults


def _client(language: str, user=None) -> Client:
    client = Client()
    client.cookies["django_language"] = language
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("language", "title", "back"),
    [
        ("id", "Halaman tidak ditemukan", "Hasil yang diumumkan"),
        ("en", "Page not found", "Published results"),
    ],
)
def test_not_found_page_is_translated_with_navigation(db, language, title, back):
    response = _client(language).get("/tidak-ada-halaman-ini/")

    body = response.content.decode()
    assert response.status_code == 404
    assert f'<h1 class="h3">{title}</h1>' in body
    assert back in body
    assert f'href="{reverse("accounts:login")}"' in body
    assert f'lang="{language}"' in body


def test_not_found_page_offers_a_logged_in_user_their_tasks(organiser):
    response = _client("en", organiser).get("/siklus/999999/")

    body = response.content.decode()
    assert response.status_code == 404
    assert 'data-testid="error-page" data-status="404"' in body
    assert f'href="{reverse("tasks:home")}"' in body


def test_server_error_page_needs_no_context_and_is_translated(db):
    request = RequestFactory().get("/")
    with translation.override("id"):
        response = defaults.server_error(request)

    assert response.status_code == 500
    assert "Kesalahan server" in response.content.decode()


def test_bad_request_page_is_translated(db):
    request = RequestFactory().get("/")
    request.user = None
    with translation.override("en"):
        response = defaults.bad_request(request, SuspiciousOperation("bad"))

    assert response.status_code == 400
    assert "The request could not be read" in response.content.decode()


def test_expired_form_says_nothing_was_saved(db):
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = "en"

    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})

    assert response.status_code == 403
    assert "The form has expired" in response.content.decode()
