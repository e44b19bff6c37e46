"""Oversized bodies are refused (413) before anything reads them."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from kinerja.common.limits import FORM_OVERHEAD_BYTES, body_limit

MB = 1024 * 1024


def test_a_300_mb_body_from_an_anonymous_client_is_refused_unread(client):
    with translation.override("en"):
        response = client.post(
            reverse("accounts:login"),
            data=b"x" * 10,
            content_type="application/x-www-form-urlencoded",
            CONTENT_LENGTH=str(300 * MB),
        )

    assert response.status_code == 413
    assert response.content.decode() == "The request is too large (at most 6 MB)."


def test_an_upload_may_be_as_large_as_the_upload_limit(settings):
    settings.KINERJA_UPLOAD_MAX_BYTES = 20 * MB

    assert body_limit("multipart/form-data; boundary=x") == 20 * MB + FORM_OVERHEAD_BYTES
    assert body_limit("application/x-www-form-urlencoded") == 5 * MB + FORM_OVERHEAD_BYTES


def test_a_multipart_body_over_the_upload_limit_is_refused(client, settings):
    settings.KINERJA_UPLOAD_MAX_BYTES = 1 * MB

    response = client.post(
        reverse("accounts:login"),
        data=b"--x--\r\n",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(2 * MB + 1),
    )

    assert response.status_code == 413


def test_an_unreadable_length_is_a_400(client):
    response = client.post(
        reverse("accounts:login"),
        data=b"",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH="²",
    )

    assert response.status_code == 400


def test_an_ordinary_post_passes(client, db):
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})

    assert response.status_code == 200


def test_a_nul_character_in_a_form_or_query_value_is_refused(client, organiser):
    client.force_login(organiser)

    posted = client.post(reverse("cycles:create"), {"name": "EKK\x00"})
    queried = client.get(reverse("cycles:list"), {"q": "a\x00b"})

    assert (posted.status_code, queried.status_code) == (400, 400)
    assert "NUL" in posted.content.decode()
