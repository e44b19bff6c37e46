"""Two governments on one platform: each organiser sees and changes only its own."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from kinerja.audit.models import AuditEvent
from kinerja.common.tabular import read_table
from kinerja.cycles import services as cycles
from kinerja.cycles.models import Invitation
from kinerja.cycles.services import invite_government, withdraw_invitation
from kinerja.instruments.models import InstrumentVersion
from kinerja.instruments.services import ensure_library, import_instrument
from kinerja.scoring.formats.library import load_library
from kinerja.tenancy.rules import is_cycle_organiser
from kinerja.tenancy.scope import scope_of, units_in_scope
from kinerja.tenancy.services import seat_organiser
from kinerja.trail.queries import events_in_scope
from kinerja.units.imports import plan_unit_import
from kinerja.units.models import Region, Unit


def test_scope_covers_own_government_only(organiser, batu_organiser, kemantren, batu):
    assert set(units_in_scope(batu_organiser)) == {
        batu["organisasi"],
        batu["junrejo"],
        Unit.objects.get(name="Pemerintah Kota Batu"),
    }
    assert kemantren not in units_in_scope(batu_organiser)
    assert kemantren in units_in_scope(organiser)
    assert batu["junrejo"] not in units_in_scope(organiser)


def test_province_scope_covers_its_cities(province_organiser, batu):
    assert batu["junrejo"] in units_in_scope(province_organiser)
    assert scope_of(province_organiser).regions == frozenset(
        Region.objects.values_list("pk", flat=True)
    )


def test_other_governments_cycle_is_404_for_every_organiser_page(
    client, batu_organiser, yogya_cycle, kemantren
):
    client.force_login(batu_organiser)
    participant = yogya_cycle.participants.get()
    urls = [
        reverse("cycles:detail", args=[yogya_cycle.pk]),
        reverse("cycles:participants", args=[yogya_cycle.pk]),
        reverse("cycles:team", args=[yogya_cycle.pk]),
        reverse("assessments:monitoring", args=[yogya_cycle.pk]),
        reverse("results:ranking", args=[yogya_cycle.pk]),
        reverse("assessments:f01", args=[participant.pk]),
        reverse("units:detail", args=[kemantren.pk]),
        reverse("units:edit", args=[kemantren.pk]),
    ]
    assert {url: client.get(url).status_code for url in urls} == dict.fromkeys(urls, 404)


def test_other_governments_unit_cannot_be_renamed(client, batu_organiser, kemantren):
    client.force_login(batu_organiser)

    response = client.post(
        reverse("units:edit", args=[kemantren.pk]),
        {"kind": kemantren.kind, "name": "Diganti", "region": kemantren.region_id},
    )

    assert response.status_code == 404
    kemantren.refresh_from_db()
    assert kemantren.name == "Kemantren Mantrijeron"


def test_own_cycle_is_allowed(organiser_client, yogya_cycle):
    response = organiser_client.get(reverse("cycles:detail", args=[yogya_cycle.pk]))

    assert response.status_code == 200


def test_cycle_list_shows_own_cycles_only(client, batu_organiser, organiser, yogya_cycle):
    client.force_login(batu_organiser)
    assert b"EKK 2025" not in client.get(reverse("cycles:list")).content
    client.force_login(organiser)
    assert b"EKK 2025" in client.get(reverse("cycles:list")).content


def test_participants_outside_the_government_are_refused(yogya_cycle, organiser, batu):
    with pytest.raises(ValidationError):
        cycles.add_participants(yogya_cycle, [batu["junrejo"]], by=organiser)
    assert yogya_cycle.participants.count() == 1


def test_audit_trail_is_scoped(batu_organiser, organiser, yogya_cycle):
    mine = set(events_in_scope(organiser).values_list("action", flat=True))
    theirs = set(events_in_scope(batu_organiser).values_list("action", flat=True))

    assert {"cycle.create", "participant.add"} <= mine
    assert "cycle.create" not in theirs
    assert AuditEvent.objects.filter(action="cycle.create").get().scope_cycle == yogya_cycle.pk


def test_platform_admin_crosses_tenants_and_is_flagged(make_user, yogya_cycle, batu):
    admin = make_user("admin")
    admin.is_superuser = True
    admin.save(update_fields=["is_superuser"])
    assert is_cycle_organiser.test(admin, yogya_cycle)
    seat_organiser(make_user("x"), batu["organisasi"], by=admin)
    assert AuditEvent.objects.get(action="organiser.seat", actor=admin).by_platform_admin


def test_invited_government_sees_the_cycle_only(
    client, province_organiser, batu_organiser, batu, skk
):
    cycle = skk
    cycles.add_participants(cycle, [batu["junrejo"]], by=province_organiser)
    client.force_login(batu_organiser)
    detail = reverse("cycles:detail", args=[cycle.pk])
    assert client.get(detail).status_code == 404

    invitation = invite_government(cycle, batu["organisasi"], by=province_organiser, quota=1)

    assert client.get(detail).status_code == 200
    assert client.get(reverse("cycles:participants", args=[cycle.pk])).status_code == 404
    withdraw_invitation(invitation, by=province_organiser)
    assert client.get(detail).status_code == 404
    assert Invitation.objects.get().withdrawn_at is not None


def test_unit_import_cannot_reach_another_government(batu, kemantren, pemkot):
    csv = (
        b"kode,nama,jenis,wilayah\n"
        b"34.71.01,Diambil Alih,kemantren,34.71\n"
        b"35.79.09,Kecamatan Baru,kecamatan,35.79\n"
    )
    regions = Region.objects.filter(code__startswith="35")

    plan = plan_unit_import(read_table(csv, filename="u.csv"), regions=regions)

    errors = {row.number: row.errors for row in plan.rows}
    assert errors[2] == [
        "kode 34.71.01 sudah dipakai",
        "wilayah '34.71' tidak dikenal (gunakan kode wilayah, mis. 34.71)",
    ]
    assert errors[3] == []


def test_instrument_version_numbers_are_each_owners_own(db, batu, pemkot):
    ensure_library()
    shipped = load_library("sakip")
    own = shipped.model_copy(update={"version": "2026.batu", "title": "SAKIP Kota Batu"})

    same, outcome = import_instrument(shipped, by=None, owner=batu["organisasi"])
    mine, created = import_instrument(own, by=None, owner=batu["organisasi"])
    with translation.override("en"), pytest.raises(ValidationError) as taken_by_body:
        import_instrument(own.model_copy(update={"title": "Lain"}), by=None, owner=pemkot)
    with translation.override("en"), pytest.raises(ValidationError) as taken_by_library:
        import_instrument(shipped.model_copy(update={"title": "Lain"}), by=None, owner=pemkot)

    assert (same.owner, outcome) == (None, "unchanged")
    assert (mine.owner, created) == (batu["organisasi"], "created")
    messages = [taken_by_body.value.messages[0], taken_by_library.value.messages[0]]
    assert messages == [
        "Version 2026.batu of sakip is already taken by another instrument owner (the shared "
        "library or another government). Give yours a new version number or its own code.",
        "Version 2026.1 of sakip is already taken by another instrument owner (the shared "
        "library or another government). Give yours a new version number or its own code.",
    ]
    assert InstrumentVersion.objects.get(pk=mine.pk).title == "SAKIP Kota Batu"
