"""Failed logins and lockouts on the audit trail; password spraying locked by address."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from kinerja.audit.models import AuditEvent
from kinerja.trail.queries import events_in_scope

from ..conftest import PASSWORD

User = get_user_model()
WRONG = "Tebakan-Rahasia-2026"
ADDRESS = "10.20.30.40"


@pytest.fixture(autouse=True)
def _axes_clean(db):
    from axes.models import AccessAttempt

    AccessAttempt.objects.all().delete()


def attempt(client, username, password, address=ADDRESS):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def trail(action):
    return list(
        AuditEvent.objects.filter(action=action)
        .order_by("pk")
        .values_list("after", "ip", "actor", "scope_cycle", "scope_region")
    )


def test_failed_login_is_audited_with_username_and_address_never_the_password(client, organiser):
    response = attempt(client, "organiser", WRONG)

    assert response.status_code == 200
    assert trail("auth.login_failed") == [
        (
            {"username": "organiser", "ip_address": ADDRESS, "locked_out": False},
            ADDRESS,
            None,
            None,
            None,
        )
    ]
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert WRONG not in f"{event.before} {event.after} {event.object_repr} {event.object_id}"


def test_failed_login_events_are_the_platform_administrators_only(client, organiser):
    admin = User.objects.create_superuser("platform.admin", "admin@example.org", "x-admin-x")
    attempt(client, "tidak.ada", WRONG)

    seen_by_admin = events_in_scope(admin).filter(action="auth.login_failed").count()
    seen_by_organiser = events_in_scope(organiser).filter(action="auth.login_failed").count()

    assert (seen_by_admin, seen_by_organiser) == (1, 0)


def test_lockout_is_audited_once_and_refused_attempts_as_failures(client, organiser):
    for _ in range(5):
        attempt(client, "organiser", WRONG)

    refused = attempt(client, "organiser", PASSWORD)

    assert refused.status_code == 429
    assert trail("auth.lockout") == [
        (
            {"username": "organiser", "ip_address": ADDRESS, "scope": "username"},
            ADDRESS,
            None,
            None,
            None,
        )
    ]
    assert [after["locked_out"] for after, *_ in trail("auth.login_failed")] == [
        False,
        False,
        False,
        False,
        True,
        True,
    ]


def test_thirty_usernames_from_one_address_lock_the_address(client, organiser):
    for number in range(30):
        attempt(client, f"tebakan.{number:02d}", WRONG)

    same_address = attempt(client, "organiser", PASSWORD)
    other_address = attempt(client, "organiser", PASSWORD, address="10.20.30.41")

    assert same_address.status_code == 429
    assert (other_address.status_code, other_address.url) == (302, reverse("tasks:home"))
    assert trail("auth.lockout") == [
        (
            {"username": "tebakan.29", "ip_address": ADDRESS, "scope": "address"},
            ADDRESS,
            None,
            None,
            None,
        )
    ]


def test_twenty_nine_usernames_from_one_address_still_let_a_right_password_in(client, organiser):
    for number in range(29):
        attempt(client, f"tebakan.{number:02d}", WRONG)

    response = attempt(client, "organiser", PASSWORD)

    assert (response.status_code, response.url) == (302, reverse("tasks:home"))
    assert trail("auth.lockout") == []


def test_a_login_at_the_address_does_not_clear_its_spraying_count(client, organiser):
    for number in range(29):
        attempt(client, f"tebakan.{number:02d}", WRONG)
    attempt(client, "organiser", PASSWORD)
    client.post(reverse("accounts:logout"))

    attempt(client, "tebakan.29", WRONG)
    response = attempt(client, "organiser", PASSWORD)

    assert response.status_code == 429


def test_spraying_with_invented_forwarded_addresses_is_still_locked(client, organiser):
    for number in range(30):
        client.post(
            reverse("accounts:login"),
            {"username": f"tebakan.{number:02d}", "password": WRONG},
            REMOTE_ADDR=ADDRESS,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )

    response = attempt(client, "organiser", PASSWORD)

    assert response.status_code == 429


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(client, organiser, settings):
    settings.KINERJA_BEHIND_PROXY = True
    proxy = "127.0.0.1"
    for number in range(30):
        client.post(
            reverse("accounts:login"),
            {"username": f"tebakan.{number:02d}", "password": WRONG},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=f"203.0.113.9, {ADDRESS}",
        )

    sprayer = client.post(
        reverse("accounts:login"),
        {"username": "organiser", "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=ADDRESS,
    )
    colleague = client.post(
        reverse("accounts:login"),
        {"username": "organiser", "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="10.20.30.99",
    )

    assert sprayer.status_code == 429
    assert (colleague.status_code, colleague.url) == (302, reverse("tasks:home"))
    assert AuditEvent.objects.get(action="auth.lockout").after["ip_address"] == ADDRESS
