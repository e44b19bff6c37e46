import pytest
from django.urls import reverse

from kinerja.audit.models import AuditEvent

from ..conftest import PASSWORD


@pytest.fixture(autouse=True)
def _axes_clean(db):
    from axes.models import AccessAttempt

    AccessAttempt.objects.all().delete()


@pytest.mark.django_db
def test_login_locks_after_five_failures_even_with_right_password(client, organiser):
    url = reverse("accounts:login")
    for _ in range(5):
        response = client.post(url, {"username": "organiser", "password": "wrong"})
        assert response.status_code in {200, 429}

    locked = client.post(url, {"username": "organiser", "password": PASSWORD})

    assert locked.status_code == 429
    assert b"locked-out" in locked.content
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_four_failures_then_success_works(client, organiser):
    url = reverse("accounts:login")
    for _ in range(4):
        client.post(url, {"username": "organiser", "password": "wrong"})

    response = client.post(url, {"username": "organiser", "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(organiser.pk)


@pytest.mark.django_db
def test_logout_requires_post(client, organiser):
    client.force_login(organiser)

    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_change_is_audited(client, organiser):
    client.force_login(organiser)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-passphrase-2026",
            "new_password2": "a-new-long-passphrase-2026",
        },
    )

    assert response.status_code == 302
    organiser.refresh_from_db()
    assert organiser.check_password("a-new-long-passphrase-2026")
    assert AuditEvent.objects.filter(action="user.password_change", actor=organiser).count() == 1


@pytest.mark.django_db
def test_password_change_anonymous_goes_to_login(client):
    response = client.get(reverse("accounts:password_change"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
