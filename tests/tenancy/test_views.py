"""The platform administrator's organiser seats and a province organiser's invitations."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinerja.audit.models import AuditEvent
from kinerja.cycles import services as cycles
from kinerja.cycles.models import Invitation
from kinerja.cycles.services import invite_government
from kinerja.tenancy.models import OrganiserSeat

User = get_user_model()


@pytest.fixture
def admin(db):
    return User.objects.create_superuser("platform.admin", "admin@example.org", "x-admin-x")


def test_seats_page_is_the_platform_administrators_only(
    client, admin, organiser, province_organiser
):
    url = reverse("tenancy:seats")

    assert client.get(url).status_code == 302
    client.force_login(organiser)
    assert client.get(url).status_code == 404
    posted = client.post(url, {"username": "x", "body": organiser.organiser_seats.get().body_id})
    assert posted.status_code == 404
    assert OrganiserSeat.objects.filter(user__username="x").exists() is False
    client.force_login(admin)
    response = client.get(url)
    assert response.status_code == 200
    assert [str(s) for s in response.context["seats"]] == [
        str(s) for s in OrganiserSeat.objects.order_by("body__region__code", "body__name")
    ]


def test_seating_a_new_login_creates_it_and_shows_its_password_once(client, admin, batu):
    client.force_login(admin)

    response = client.post(
        reverse("tenancy:seats"),
        {"username": "analis.batu", "full_name": "Analis Batu", "body": batu["organisasi"].pk},
        follow=True,
    )

    user = User.objects.get(username="analis.batu")
    assert user.full_name == "Analis Batu"
    assert list(user.organiser_seats.values_list("body", flat=True)) == [batu["organisasi"].pk]
    shown = [str(m) for m in response.context["messages"]]
    assert len(shown) == 2
    assert "analis.batu" in shown[1]
    password = re.search(r"(\S+): ", shown[1]).group(1)
    assert user.check_password(password)
    assert list(
        AuditEvent.objects.filter(action__in=["user.create", "organiser.seat"])
        .order_by("pk")
        .values_list("action", "by_platform_admin")
    ) == [("user.create", True), ("organiser.seat", True)]


def test_seating_twice_is_refused_and_unseating_is_audited(client, admin, batu, batu_organiser):
    client.force_login(admin)
    body = batu["organisasi"]

    again = client.post(reverse("tenancy:seats"), {"username": "organisasi.batu", "body": body.pk})
    seat = OrganiserSeat.objects.get(user=batu_organiser, body=body)
    removed = client.post(reverse("tenancy:unseat", args=[seat.pk]))

    assert again.status_code == 400
    assert again.context["form"].non_field_errors() == [
        "organisasi.batu sudah menjadi penyelenggara untuk Bagian Organisasi."
    ]
    assert removed.status_code == 302
    assert OrganiserSeat.objects.filter(pk=seat.pk).exists() is False
    assert AuditEvent.objects.filter(action="organiser.unseat").count() == 1


def test_unseat_is_post_only_and_404_for_an_organiser(client, admin, organiser):
    seat = organiser.organiser_seats.get()
    client.force_login(organiser)

    assert client.post(reverse("tenancy:unseat", args=[seat.pk])).status_code == 404
    client.force_login(admin)
    assert client.get(reverse("tenancy:unseat", args=[seat.pk])).status_code == 405
    assert OrganiserSeat.objects.filter(pk=seat.pk).exists()


def test_province_organiser_invites_a_kab_kota_below(client, province_organiser, skk, batu):
    client.force_login(province_organiser)
    url = reverse("cycles:invitations", args=[skk.pk])

    page = client.get(url)
    response = client.post(url, {"body": batu["organisasi"].pk, "quota": 2, "note": "Kota Batu"})

    assert set(page.context["form"].fields["body"].queryset) == {
        batu["organisasi"],
        batu["organisasi"].parent,
    }
    assert response.status_code == 302
    invitation = Invitation.objects.get(cycle=skk)
    assert (invitation.body, invitation.quota, invitation.note) == (
        batu["organisasi"],
        2,
        "Kota Batu",
    )
    assert AuditEvent.objects.filter(action="invitation.create", scope_cycle=skk.pk).count() == 1


def test_own_government_cannot_be_invited(client, province_organiser, skk, batu):
    client.force_login(province_organiser)

    response = client.post(
        reverse("cycles:invitations", args=[skk.pk]), {"body": batu["biro"].pk, "quota": 1}
    )

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["body"]
    assert Invitation.objects.count() == 0


def test_invitations_page_is_404_for_other_governments(
    client, organiser, batu_organiser, skk, batu, province_organiser
):
    invitation = invite_government(skk, batu["organisasi"], by=province_organiser)
    url = reverse("cycles:invitations", args=[skk.pk])
    withdraw = reverse("cycles:withdraw_invitation", args=[skk.pk, invitation.pk])

    for user in (organiser, batu_organiser):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(withdraw).status_code == 404
    assert Invitation.objects.get(pk=invitation.pk).active


def test_withdrawing_an_invitation_keeps_it_marked(client, province_organiser, skk, batu):
    invitation = invite_government(skk, batu["organisasi"], by=province_organiser)
    client.force_login(province_organiser)

    response = client.post(reverse("cycles:withdraw_invitation", args=[skk.pk, invitation.pk]))
    page = client.get(reverse("cycles:invitations", args=[skk.pk]))

    assert response.status_code == 302
    assert Invitation.objects.get(pk=invitation.pk).active is False
    assert [i.active for i in page.context["invitations"]] == [False]


def test_withdraw_through_another_cycles_address_is_404(
    client, province_organiser, skk, batu, version
):
    other = cycles.create_cycle(
        version=version,
        name="SKK 2027",
        year=2027,
        organiser_unit=batu["biro"],
        starts_on=dt.date(2027, 9, 1),
        by=province_organiser,
    )
    invitation = invite_government(skk, batu["organisasi"], by=province_organiser)
    client.force_login(province_organiser)

    response = client.post(reverse("cycles:withdraw_invitation", args=[other.pk, invitation.pk]))

    assert response.status_code == 404
    assert Invitation.objects.get(pk=invitation.pk).active


def test_seats_page_queries_do_not_grow_with_seats(
    client, admin, make_user, batu, django_assert_max_num_queries
):
    client.force_login(admin)
    for i in range(30):
        make_user(f"org{i}", organiser_of=batu["organisasi"])

    with django_assert_max_num_queries(12):
        response = client.get(reverse("tenancy:seats"))

    assert len(response.context["seats"]) == 30


def test_invitations_page_queries_do_not_grow_with_invitations(
    client, province_organiser, skk, batu, django_assert_max_num_queries
):
    invite_government(skk, batu["organisasi"], by=province_organiser)
    client.force_login(province_organiser)

    with django_assert_max_num_queries(15):
        response = client.get(reverse("cycles:invitations", args=[skk.pk]))

    assert len(response.context["invitations"]) == 1


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    username=st.text(max_size=200),
    full_name=st.text(max_size=300),
    body=st.one_of(st.text(max_size=12), st.integers()),
)
def test_seat_form_never_answers_500(client, admin, batu, username, full_name, body):
    client.force_login(admin)

    response = client.post(
        reverse("tenancy:seats"), {"username": username, "full_name": full_name, "body": body}
    )

    assert response.status_code in (302, 400)


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.one_of(st.text(max_size=12), st.integers()),
    quota=st.one_of(st.text(max_size=8), st.integers()),
    note=st.text(max_size=400),
)
def test_invitation_form_never_answers_500(client, province_organiser, skk, body, quota, note):
    client.force_login(province_organiser)

    response = client.post(
        reverse("cycles:invitations", args=[skk.pk]), {"body": body, "quota": quota, "note": note}
    )

    assert response.status_code in (302, 400)
