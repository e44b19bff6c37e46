"""Two governments and a province above one of them, with their organisers."""

from __future__ import annotations

import datetime as dt

import pytest

from kinerja.cycles import services as cycles
from kinerja.instruments.services import ensure_library
from kinerja.units.enums import RegionKind, UnitKind
from kinerja.units.models import Region, Unit


@pytest.fixture
def batu(db):
    jatim = Region.objects.create(code="35", name="Provinsi Jawa Timur", kind=RegionKind.PROVINSI)
    kota = Region.objects.create(code="35.79", name="Kota Batu", kind=RegionKind.KOTA, parent=jatim)
    pemprov = Unit.objects.create(kind=UnitKind.PEMDA, name="Pemerintah Provinsi", region=jatim)
    biro = Unit.objects.create(
        kind=UnitKind.BAGIAN, name="Biro Pemerintahan", region=jatim, parent=pemprov
    )
    pemkot = Unit.objects.create(kind=UnitKind.PEMDA, name="Pemerintah Kota Batu", region=kota)
    organisasi = Unit.objects.create(
        kind=UnitKind.BAGIAN, name="Bagian Organisasi", region=kota, parent=pemkot
    )
    junrejo = Unit.objects.create(
        kind=UnitKind.KECAMATAN, name="Kecamatan Junrejo", region=kota, parent=pemkot
    )
    return {"jatim": jatim, "biro": biro, "organisasi": organisasi, "junrejo": junrejo}


@pytest.fixture
def version(db):
    return {v.instrument.code: v for v, _ in ensure_library()}["ekk-yogyakarta"]


@pytest.fixture
def yogya_cycle(organiser, pemkot, kemantren, version):
    cycle = cycles.create_cycle(
        version=version,
        name="EKK 2025",
        year=2025,
        organiser_unit=pemkot,
        starts_on=dt.date(2025, 9, 1),
        by=organiser,
    )
    cycles.add_participants(cycle, [kemantren], by=organiser)
    return cycle


@pytest.fixture
def batu_organiser(make_user, batu):
    return make_user("organisasi.batu", organiser_of=batu["organisasi"])


@pytest.fixture
def province_organiser(make_user, batu):
    return make_user("biro.jatim", organiser_of=batu["biro"])


@pytest.fixture
def skk(province_organiser, batu, version):
    """The province's SKK, run by its Biro (participants are the test's to add)."""
    return cycles.create_cycle(
        version=version,
        name="SKK Jawa Timur 2026",
        year=2026,
        organiser_unit=batu["biro"],
        starts_on=dt.date(2026, 9, 1),
        by=province_organiser,
    )
