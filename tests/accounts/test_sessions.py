"""An 8-hour idle timeout that moves with activity (without a write per request), and
``Cache-Control: no-store`` on what a logged-in user is shown."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse

from kinerja.results import services as result_services
from kinerja.results.compute import recompute_cycle

from ..conftest import PASSWORD
from ..results.conftest import all_refs, put

EIGHT_HOURS = dt.timedelta(hours=8)
LOGIN_AT = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _axes_clean(db):
    from axes.models import AccessAttempt

    AccessAttempt.objects.all().delete()


def session_expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def log_in(client):
    response = client.post(
        reverse("accounts:login"), {"username": "organiser", "password": PASSWORD}
    )
    assert response.status_code == 302
    return response


def test_session_expires_after_eight_idle_hours(client, organiser):
    with time_machine.travel(LOGIN_AT, tick=False):
        response = log_in(client)

    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 8 * 60 * 60
    assert session_expiry(client) == LOGIN_AT + EIGHT_HOURS


def test_active_user_expiry_moves_forward(client, organiser):
    with time_machine.travel(LOGIN_AT, tick=False):
        log_in(client)
    later = LOGIN_AT + dt.timedelta(minutes=10)

    with time_machine.travel(later, tick=False):
        response = client.get(reverse("common:home"))

    assert response.status_code == 200
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 8 * 60 * 60
    assert session_expiry(client) == later + EIGHT_HOURS


def test_expiry_is_not_written_on_every_request(client, organiser):
    with time_machine.travel(LOGIN_AT, tick=False):
        log_in(client)

    with time_machine.travel(LOGIN_AT + dt.timedelta(minutes=4), tick=False):
        response = client.get(reverse("common:home"))

    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert session_expiry(client) == LOGIN_AT + EIGHT_HOURS


def test_idle_session_is_logged_out_after_eight_hours(client, organiser):
    with time_machine.travel(LOGIN_AT, tick=False):
        log_in(client)

    with time_machine.travel(LOGIN_AT + EIGHT_HOURS + dt.timedelta(seconds=1), tick=False):
        response = client.get(reverse("accounts:password_change"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_logged_in_pages_are_not_stored(organiser_client):
    home = organiser_client.get(reverse("common:home"))
    password_page = organiser_client.get(reverse("accounts:password_change"))

    assert home["Cache-Control"] == "no-store, private"
    assert password_page["Cache-Control"] == "no-store, private"


@pytest.fixture
def announced(pekppp_cycle, organiser):
    cycle, participants, team = pekppp_cycle
    for ref in all_refs(cycle):
        put(participants[0], team[0], ref, 4)
    recompute_cycle(cycle)
    result_services.determine(
        cycle,
        by=organiser,
        decree_number="100.3.3.3/123/2025",
        decree_date=dt.date(2025, 11, 3),
        signatory_name="Budi Prasetyo",
        signatory_position="Wali Kota Yogyakarta",
    )
    result_services.publish(cycle, by=organiser)
    return cycle


def test_public_pages_and_static_files_keep_their_caching(client, announced):
    announcement = client.get(reverse("results:announcement", kwargs={"cycle_id": announced.pk}))
    home = client.get(reverse("common:home"))
    healthz = client.get(reverse("common:healthz"))
    client.force_login(announced.created_by)
    static = client.get(settings.STATIC_URL + "kinerja/kinerja.css")

    assert announcement.status_code == 200
    assert "Cache-Control" not in announcement
    assert "Cache-Control" not in home
    # /healthz is never_cache of its own; no-store there is not ours to add or take away.
    assert healthz["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert static.status_code == 200
    assert static["Cache-Control"] == "max-age=60, public"
