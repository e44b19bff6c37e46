"""Passwords chosen by somebody else (imported team, participant accounts, a new organiser's
login) must be changed at first login; the documented demo logins are left alone."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from kinerja.common.tabular import read_table
from kinerja.cycles.imports import apply_team_import, plan_team_import
from kinerja.cycles.services.participants import create_participant_accounts
from kinerja.demo.ekk2025 import ensure_kemantren_people
from kinerja.demo.tenants import ensure_platform_admin
from kinerja.demo.world import DEMO_PASSWORD
from kinerja.tenancy.services import seat_by_username

User = get_user_model()
PASSWORD_PAGE = "/akun/kata-sandi/"
NEW_PASSWORD = "a-new-long-passphrase-2026"


@pytest.fixture(autouse=True)
def _axes_clean(db):
    from axes.models import AccessAttempt

    AccessAttempt.objects.all().delete()


def log_in(client, username, password):
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    assert response.status_code == 302
    return response


def change_password(client, old):
    return client.post(
        PASSWORD_PAGE,
        {"old_password": old, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )


def assert_held_until_changed(client, username, password, cycle_url):
    """Every page redirects to the password page; after the change every page opens."""
    log_in(client, username, password)

    home = client.get(reverse("common:home"))
    page = client.get(cycle_url)
    changed = change_password(client, password)
    home_after = client.get(reverse("common:home"))

    assert (home.status_code, home.url) == (302, PASSWORD_PAGE)
    assert (page.status_code, page.url) == (302, PASSWORD_PAGE)
    assert (changed.status_code, changed.url) == (302, reverse("tasks:home"))
    assert home_after.status_code == 200
    user = User.objects.get(username=username)
    assert user.must_change_password is False
    assert user.check_password(NEW_PASSWORD)


def test_imported_team_member_must_change_password_at_first_login(client, cycle, organiser):
    table = read_table(
        b"username,nama,instansi,peran\npenilai.baru,Penilai Baru,Tapem,anggota\n",
        filename="tim.csv",
    )
    credentials = apply_team_import(cycle, plan_team_import(cycle, table), by=organiser)

    assert User.objects.get(username="penilai.baru").must_change_password is True
    assert_held_until_changed(
        client,
        credentials[0].username,
        credentials[0].password,
        reverse("cycles:detail", kwargs={"cycle_id": cycle.pk}),
    )


def test_participant_account_must_change_password_at_first_login(client, cycle, organiser):
    credentials = create_participant_accounts(cycle, by=organiser)

    assert set(
        User.objects.filter(username__in=[c.username for c in credentials]).values_list(
            "must_change_password", flat=True
        )
    ) == {True}
    assert_held_until_changed(
        client,
        credentials[0].username,
        credentials[0].password,
        reverse("cycles:detail", kwargs={"cycle_id": cycle.pk}),
    )


def test_new_organiser_login_must_change_password_at_first_login(client, cycle, pemkot):
    admin = User.objects.create_superuser("platform.admin", "admin@example.org", "x-admin-x")
    _seat, password = seat_by_username(username="analis.baru", body=pemkot, by=admin)

    assert_held_until_changed(
        client, "analis.baru", password, reverse("cycles:detail", kwargs={"cycle_id": cycle.pk})
    )


def test_seating_an_existing_login_does_not_force_a_change(make_user, pemkot):
    admin = User.objects.create_superuser("platform.admin", "admin@example.org", "x-admin-x")
    existing = make_user("sudah.ada")

    _seat, password = seat_by_username(username="sudah.ada", body=pemkot, by=admin)

    existing.refresh_from_db()
    assert (password, existing.must_change_password) == (None, False)


def test_forced_user_reaches_password_page_logout_healthz_and_static(client, cycle, organiser):
    credential = create_participant_accounts(cycle, by=organiser)[0]
    log_in(client, credential.username, credential.password)

    password_page = client.get(PASSWORD_PAGE)
    healthz = client.get(reverse("common:healthz"))
    static = client.get(settings.STATIC_URL + "kinerja/kinerja.css")
    logout = client.post(reverse("accounts:logout"))

    assert password_page.status_code == 200
    assert healthz.status_code == 200
    assert static.status_code == 200
    assert (logout.status_code, logout.url) == (302, reverse("common:home"))
    assert "_auth_user_id" not in client.session


def test_forced_redirect_says_why_in_the_chosen_language(client, cycle, organiser):
    credential = create_participant_accounts(cycle, by=organiser)[0]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    log_in(client, credential.username, credential.password)

    response = client.get(reverse("common:home"), follow=True)

    assert response.redirect_chain == [(PASSWORD_PAGE, 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Your password was given to you by somebody else: choose a new one before you continue."
    ]


def test_demo_logins_are_not_made_to_change_their_password(client, cycle):
    ensure_platform_admin(DEMO_PASSWORD)
    ensure_kemantren_people(cycle, DEMO_PASSWORD)
    demo_users = User.objects.filter(username__in=["admin.platform", "op.mantrijeron"])

    log_in(client, "op.mantrijeron", DEMO_PASSWORD)
    home = client.get(reverse("common:home"))

    assert sorted(demo_users.values_list("username", "must_change_password")) == [
        ("admin.platform", False),
        ("op.mantrijeron", False),
    ]
    assert home.status_code == 200
