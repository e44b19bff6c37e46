"""Service tokens (issue 16): an organiser makes one for their government's body; it acts as its
own service account seated there (the government's data only, read or read-write), keeps working
when its maker is unseated, is revoked by any organiser of the body, and is audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from kinerja.api.models import ApiToken
from kinerja.api.services import create_service_token, revoke_service_token, revoke_token
from kinerja.audit.models import AuditEvent
from kinerja.cycles.queries import people_options
from kinerja.tenancy.models import OrganiserSeat
from kinerja.tenancy.services import unseat_organiser
from kinerja.trail.queries import events_in_scope
from kinerja.units.models import Region, Unit


def _client(raw: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.fixture
def jatim(make_user):
    region = Region.objects.create(code="35", name="Provinsi Jawa Timur", kind="provinsi")
    body = Unit.objects.create(kind="pemda", name="Pemprov Jatim", region=region)
    return body, make_user("organiser.jatim", organiser_of=body)


def test_a_service_token_acts_for_its_government_only(pekppp_cycle, organiser, pemkot, jatim):
    cycle = pekppp_cycle[0]
    token, raw = create_service_token(by=organiser, body=pemkot, name="e-SAKIP", scope="read")
    jatim_body, jatim_organiser = jatim
    _, theirs = create_service_token(
        by=jatim_organiser, body=jatim_body, name="Sistem provinsi", scope="read"
    )

    mine = _client(raw).get(reverse("api:cycles")).json()["results"]
    foreign = _client(theirs).get(reverse("api:cycle", kwargs={"cycle_id": cycle.pk}))

    assert [c["id"] for c in mine] == [cycle.pk]
    assert foreign.status_code == 404
    account = token.user
    assert account.is_service and not account.has_usable_password()
    assert OrganiserSeat.objects.filter(user=account, body=pemkot).exists()
    assert token.digest == ApiToken.digest_of(raw) and token.created_by == organiser
    # The account never logs in on the web.
    login = Client().post(reverse("accounts:login"), {"username": account.username, "password": ""})
    assert login.status_code == 200 and "_auth_user_id" not in login.client.session
    event = AuditEvent.objects.get(action="api_token.create", object_id=str(token.pk))
    assert raw not in str(event.after) and event.after["body"] == pemkot.name
    assert event.pk in set(events_in_scope(organiser).values_list("pk", flat=True))
    assert event.pk not in set(events_in_scope(jatim_organiser).values_list("pk", flat=True))


def test_it_outlives_its_maker_and_any_organiser_of_the_body_revokes_it(
    pekppp_cycle, organiser, pemkot, make_user, jatim
):
    token, raw = create_service_token(by=organiser, body=pemkot, name="Kios", scope="write")
    colleague = make_user("organiser.kedua", organiser_of=pemkot)
    unseat_organiser(OrganiserSeat.objects.get(user=organiser), by=None)

    still = _client(raw).get(reverse("api:cycles"))
    with pytest.raises(PermissionDenied):
        revoke_service_token(token, by=jatim[1])
    with pytest.raises(PermissionDenied):
        revoke_service_token(token, by=organiser)  # no longer seated
    with pytest.raises(PermissionDenied):
        revoke_token(token, by=token.user)  # not a personal token
    revoke_service_token(token, by=colleague)

    assert still.status_code == 200 and still.json()["results"]
    assert _client(raw).get(reverse("api:cycles")).status_code == 401
    token.user.refresh_from_db()
    assert not token.user.is_active
    assert not OrganiserSeat.objects.filter(user=token.user).exists()
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1


def test_only_an_organiser_seated_at_the_body_makes_one(organiser, pemkot, jatim, plain_user):
    with pytest.raises(PermissionDenied):
        create_service_token(by=jatim[1], body=pemkot, name="x", scope="read")
    with pytest.raises(PermissionDenied):
        create_service_token(by=plain_user, body=pemkot, name="x", scope="read")
    assert not ApiToken.objects.exists()


def test_the_service_tokens_page(client, organiser, pemkot, jatim, plain_user):
    url = reverse("api_tokens:service")
    client.force_login(organiser)

    personal = client.get(reverse("api_tokens:list")).text
    made = client.post(url, {"body": pemkot.pk, "name": "e-SAKIP", "scope": "read"})
    raw = made.context["raw"]
    again = client.get(url).text
    foreign_body = client.post(url, {"body": jatim[0].pk, "name": "x", "scope": "read"})
    token = ApiToken.objects.get(body=pemkot)
    client.force_login(jatim[1])
    foreign_revoke = client.post(url, {"revoke": "1", "token": str(token.pk)})
    client.force_login(plain_user)
    stranger = client.get(url)
    client.force_login(organiser)
    revoked = client.post(url, {"revoke": "1", "token": str(token.pk)})

    assert 'data-testid="service-tokens"' in personal
    assert made.status_code == 200 and raw.encode() in made.content
    assert raw not in again and "e-SAKIP" in again and "Penyelenggara Uji" in again
    assert foreign_body.status_code == 400
    assert foreign_revoke.status_code == 404 and stranger.status_code == 404
    assert revoked.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_service_accounts_are_offered_in_no_people_picker(pekppp_cycle, organiser, pemkot):
    token, _raw = create_service_token(by=organiser, body=pemkot, name="Kios", scope="read")

    offered = people_options(pekppp_cycle[0], "layanan")

    assert token.user.username.startswith("layanan.")
    assert token.user not in offered
