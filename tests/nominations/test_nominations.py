"""Nominations up the hierarchy (issue 13): a kab/kota invited into the province's SKK nominates
its kecamatan within its quota during the nomination stage; the province accepts (the unit takes
part) or refuses with a reason; everything is audited and nothing is deleted."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from kinerja.audit.models import AuditEvent
from kinerja.cycles import services as cycle_services
from kinerja.cycles.gates import StageClosed
from kinerja.instruments.services import ensure_library
from kinerja.nominations import services
from kinerja.nominations.enums import NominationStatus
from kinerja.nominations.models import Nomination
from kinerja.units.models import Region, Unit


@pytest.fixture
def jatim(make_user):
    ensure_library()
    province = Region.objects.create(code="35", name="Provinsi Jawa Timur", kind="provinsi")
    batu = Region.objects.create(code="35.79", name="Kota Batu", kind="kota", parent=province)
    malang = Region.objects.create(code="35.07", name="Kabupaten Malang", kind="kabupaten")
    malang.parent = province
    malang.save()
    biro = Unit.objects.create(kind="biro", name="Biro Pemotda Jatim", region=province)
    batu_body = Unit.objects.create(kind="bagian", name="Bagian Organisasi Batu", region=batu)
    malang_body = Unit.objects.create(kind="bagian", name="Bagian Tapem Malang", region=malang)
    kecamatan = {
        name: Unit.objects.create(kind="kecamatan", name=f"Kecamatan {name}", region=batu)
        for name in ("Batu", "Junrejo", "Bumiaji")
    }
    kecamatan["Singosari"] = Unit.objects.create(
        kind="kecamatan", name="Kecamatan Singosari", region=malang
    )
    return {
        "biro": biro,
        "batu_body": batu_body,
        "malang_body": malang_body,
        "kecamatan": kecamatan,
        "province": make_user("biro.jatim", organiser_of=biro),
        "batu": make_user("organisasi.batu", organiser_of=batu_body),
        "malang": make_user("tapem.malang", organiser_of=malang_body),
    }


def nomination_stage(cycle, *, open_now: bool, by):
    """The plan with a nomination stage first: running now, or over a week ago."""
    now = timezone.now()
    start = now - dt.timedelta(days=1) if open_now else now - dt.timedelta(days=10)
    rows = [
        {
            "kind": "nominasi",
            "name": "Nominasi kecamatan oleh kabupaten/kota",
            "starts_at": start,
            "ends_at": start + dt.timedelta(days=7),
        }
    ]
    for stage in cycle.stages.order_by("order"):
        rows.append(
            {
                "kind": stage.kind,
                "name": stage.name,
                "starts_at": start + dt.timedelta(days=8),
                "ends_at": start + dt.timedelta(days=9),
            }
        )
    cycle_services.save_stages(cycle, rows, by=by)


@pytest.fixture
def skk(jatim):
    version = {(v.instrument.code, v.version): v for v, _ in ensure_library()}[
        ("skk-jatim", "2023.1")
    ]
    cycle = cycle_services.create_cycle(
        version=version,
        name="SKK Jatim 2026",
        year=2026,
        organiser_unit=jatim["biro"],
        starts_on=dt.date(2026, 1, 5),
        by=jatim["province"],
    )
    invitation = cycle_services.invite_government(
        cycle, jatim["batu_body"], quota=2, by=jatim["province"]
    )
    nomination_stage(cycle, open_now=True, by=jatim["province"])
    return cycle, invitation


def test_an_invited_government_nominates_within_its_quota(skk, jatim):
    _cycle, invitation = skk
    k = jatim["kecamatan"]

    first = services.nominate(invitation, k["Batu"], note="Juara kota 2025", by=jatim["batu"])
    services.nominate(invitation, k["Junrejo"], by=jatim["batu"])
    with pytest.raises(ValidationError) as full:
        services.nominate(invitation, k["Bumiaji"], by=jatim["batu"])
    with pytest.raises(ValidationError) as twice:
        services.nominate(invitation, k["Batu"], by=jatim["batu"])
    with pytest.raises(ValidationError) as outside:
        services.nominate(invitation, k["Singosari"], by=jatim["batu"])

    assert full.value.code == "quota"
    assert twice.value.code == "twice"
    assert outside.value.code == "outside"
    assert first.status == NominationStatus.PROPOSED and first.note == "Juara kota 2025"
    assert AuditEvent.objects.filter(action="nomination.create").count() == 2
    # Withdrawing frees the place (kept on record as withdrawn).
    services.withdraw_nomination(first, by=jatim["batu"])
    services.nominate(invitation, k["Bumiaji"], by=jatim["batu"])
    assert Nomination.objects.filter(invitation=invitation).count() == 3


def test_only_the_invited_government_nominates_and_only_the_organiser_decides(skk, jatim):
    _cycle, invitation = skk
    k = jatim["kecamatan"]

    with pytest.raises(PermissionDenied):
        services.nominate(invitation, k["Batu"], by=jatim["malang"])
    nomination = services.nominate(invitation, k["Batu"], by=jatim["batu"])
    with pytest.raises(PermissionDenied):
        services.accept_nomination(nomination, by=jatim["batu"])
    with pytest.raises(PermissionDenied):
        services.withdraw_nomination(nomination, by=jatim["malang"])


def test_accepting_makes_a_participant_and_refusing_needs_a_reason(skk, jatim):
    cycle, invitation = skk
    k = jatim["kecamatan"]
    batu = services.nominate(invitation, k["Batu"], by=jatim["batu"])
    junrejo = services.nominate(invitation, k["Junrejo"], by=jatim["batu"])

    services.accept_nomination(batu, by=jatim["province"])
    with pytest.raises(ValidationError):
        services.refuse_nomination(junrejo, reason="  ", by=jatim["province"])
    services.refuse_nomination(junrejo, reason="Berkas tidak lengkap", by=jatim["province"])
    with pytest.raises(ValidationError) as again:
        services.accept_nomination(junrejo, by=jatim["province"])

    assert again.value.code == "decided"
    assert batu.participant.unit == k["Batu"] and batu.participant.cycle == cycle
    assert list(cycle.participants.values_list("unit__name", flat=True)) == ["Kecamatan Batu"]
    assert junrejo.reason == "Berkas tidak lengkap"
    assert AuditEvent.objects.filter(action="nomination.accepted").count() == 1
    assert AuditEvent.objects.get(action="nomination.refused").after["reason"] == (
        "Berkas tidak lengkap"
    )
    # The accepted unit takes part: it cannot be nominated again.
    with pytest.raises(ValidationError):
        services.nominate(invitation, k["Batu"], by=jatim["batu"])


def test_nominations_wait_for_the_nomination_stage(skk, jatim):
    cycle, invitation = skk
    nomination_stage(cycle, open_now=False, by=jatim["province"])

    with pytest.raises(StageClosed):
        services.nominate(invitation, jatim["kecamatan"]["Batu"], by=jatim["batu"])


def test_the_page_for_the_invited_government_and_for_the_organiser(skk, jatim, client):
    cycle, invitation = skk
    url = reverse("nominations:list", kwargs={"cycle_id": cycle.pk})
    client.force_login(jatim["batu"])

    page = client.get(url).content.decode()
    posted = client.post(
        url,
        {
            "nominate": invitation.pk,
            f"i{invitation.pk}-unit": jatim["kecamatan"]["Junrejo"].pk,
            f"i{invitation.pk}-note": "",
        },
    )
    foreign = client.post(
        url,
        {"nominate": invitation.pk, f"i{invitation.pk}-unit": jatim["kecamatan"]["Singosari"].pk},
    )
    nomination = Nomination.objects.get()
    refused_accept = client.post(url, {"nomination": nomination.pk, "accept": "1"})
    client.force_login(jatim["malang"])
    stranger = client.get(url)
    client.force_login(jatim["province"])
    organiser_page = client.get(url).content.decode()
    no_reason = client.post(url, {"nomination": nomination.pk, "refuse": "1", "reason": ""})
    accepted = client.post(url, {"nomination": nomination.pk, "accept": "1"})

    assert 'data-testid="nominate"' in page
    assert "Kecamatan Singosari" not in page  # another government's unit is not offered
    assert posted.status_code == 302
    assert foreign.status_code == 400
    assert refused_accept.status_code == 404
    assert stranger.status_code == 404
    assert 'data-testid="accept"' in organiser_page
    assert no_reason.status_code == 302
    assert accepted.status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.ACCEPTED
    assert cycle.participants.filter(unit=jatim["kecamatan"]["Junrejo"]).exists()


def test_the_organiser_accepts_every_waiting_nomination_at_once(
    skk, jatim, client, django_assert_max_num_queries
):
    cycle, invitation = skk
    k = jatim["kecamatan"]
    malang = cycle_services.invite_government(
        cycle, jatim["malang_body"], quota=1, by=jatim["province"]
    )
    batu = services.nominate(invitation, k["Batu"], by=jatim["batu"])
    refused = services.nominate(invitation, k["Junrejo"], by=jatim["batu"])
    services.refuse_nomination(refused, reason="Berkas tidak lengkap", by=jatim["province"])
    services.nominate(invitation, k["Bumiaji"], by=jatim["batu"])
    services.nominate(malang, k["Singosari"], by=jatim["malang"])
    url = reverse("nominations:list", kwargs={"cycle_id": cycle.pk})

    with pytest.raises(PermissionDenied):
        services.accept_waiting(cycle, by=jatim["batu"])
    client.force_login(jatim["batu"])
    assert 'data-testid="accept-all"' not in client.get(url).text
    assert client.post(url, {"accept_all": "1"}).status_code == 404
    client.force_login(jatim["province"])
    page = client.get(url)
    with django_assert_max_num_queries(30):
        accepted = client.post(url, {"accept_all": "1"}, follow=True)

    assert 'data-testid="accept-all"' in page.text and "3" in page.text
    assert accepted.status_code == 200 and 'data-testid="accept-all"' not in accepted.text
    assert sorted(cycle.participants.values_list("unit__name", flat=True)) == [
        "Kecamatan Batu",
        "Kecamatan Bumiaji",
        "Kecamatan Singosari",
    ]
    batu.refresh_from_db()
    assert batu.status == NominationStatus.ACCEPTED and batu.participant.unit == k["Batu"]
    assert batu.decided_by == jatim["province"]
    refused.refresh_from_db()
    assert refused.status == NominationStatus.REFUSED and refused.participant is None
    assert AuditEvent.objects.filter(action="nomination.accepted").count() == 3
    assert services.accept_waiting(cycle, by=jatim["province"]) == 0


def test_an_invitation_for_one_kind_of_unit_offers_and_takes_only_that_kind(skk, jatim, client):
    cycle, _invitation = skk
    dinas = Unit.objects.create(
        kind="dinas", name="Dinas Pariwisata Kota Batu", region=jatim["batu_body"].region
    )
    cycle_services.withdraw_invitation(_invitation, by=jatim["province"])
    invitation = cycle_services.invite_government(
        cycle, jatim["batu_body"], quota=2, unit_kind="kecamatan", by=jatim["province"]
    )
    url = reverse("nominations:list", kwargs={"cycle_id": cycle.pk})
    client.force_login(jatim["batu"])

    page = client.get(url).text
    with pytest.raises(ValidationError) as other_kind:
        services.nominate(invitation, dinas, by=jatim["batu"])
    posted = client.post(url, {"nominate": invitation.pk, f"i{invitation.pk}-unit": dinas.pk})
    with pytest.raises(ValidationError):
        cycle_services.invite_government(
            cycle, jatim["malang_body"], unit_kind="planet", by=jatim["province"]
        )

    assert "Kecamatan Junrejo" in page and "Dinas Pariwisata" not in page
    assert "Hanya unit berjenis Kecamatan." in page
    assert "<optgroup" not in page  # one kind: a flat list
    assert other_kind.value.code == "kind"
    assert posted.status_code == 400 and not Nomination.objects.exists()
    event = AuditEvent.objects.filter(action="invitation.create").latest("pk")
    assert event.after["unit_kind"] == "kecamatan"


def test_without_a_kind_the_picker_groups_the_units_by_kind(skk, jatim, client):
    cycle, _invitation = skk
    Unit.objects.create(
        kind="dinas", name="Dinas Pariwisata Kota Batu", region=jatim["batu_body"].region
    )
    client.force_login(jatim["batu"])

    page = client.get(reverse("nominations:list", kwargs={"cycle_id": cycle.pk})).text

    assert '<optgroup label="Dinas">' in page
    assert '<optgroup label="Kecamatan">' in page
    assert page.index("Dinas Pariwisata") < page.index('<optgroup label="Kecamatan')


def test_the_organiser_accepts_one_governments_waiting_nominations(skk, jatim, client):
    cycle, invitation = skk
    k = jatim["kecamatan"]
    malang = cycle_services.invite_government(
        cycle, jatim["malang_body"], quota=1, by=jatim["province"]
    )
    services.nominate(invitation, k["Batu"], by=jatim["batu"])
    services.nominate(invitation, k["Junrejo"], by=jatim["batu"])
    singosari = services.nominate(malang, k["Singosari"], by=jatim["malang"])
    url = reverse("nominations:list", kwargs={"cycle_id": cycle.pk})
    client.force_login(jatim["province"])

    page = client.get(url).text
    accepted = client.post(url, {"accept_all": "1", "invitation": str(invitation.pk)}, follow=True)
    unknown = client.post(url, {"accept_all": "1", "invitation": "999999"})

    assert f'data-testid="accept-invitation-{invitation.pk}"' in page
    assert f'data-testid="accept-invitation-{malang.pk}"' not in page  # one waiting: its row
    assert "2 unit kini menjadi peserta." in accepted.text
    assert unknown.status_code == 404
    assert sorted(cycle.participants.values_list("unit__name", flat=True)) == [
        "Kecamatan Batu",
        "Kecamatan Junrejo",
    ]
    singosari.refresh_from_db()
    assert singosari.status == NominationStatus.PROPOSED
