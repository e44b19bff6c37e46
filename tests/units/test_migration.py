"""Older demo databases coded Jakarta Pusat 31.73 (Jakarta Barat's Kemendagri code): the data
migration recodes it to 31.71, keeping the region's id and so its units."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("units", "0002_region_kind_kecamatan")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    return _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_jakarta_pusat_31_73_becomes_31_71_with_its_units():
    old = _migrate(BEFORE)
    Region = old.get_model("units", "Region")
    Unit = old.get_model("units", "Unit")
    dki = Region.objects.create(code="31", name="Provinsi DKI Jakarta", kind="provinsi")
    pusat = Region.objects.create(
        code="31.73", name="Kota Administrasi Jakarta Pusat", kind="kota_administrasi", parent=dki
    )
    sudin = Unit.objects.create(kind="sudin", name="Suku Dinas Sosial", region=pusat)

    new = _latest()

    regions = new.get_model("units", "Region").objects
    assert list(regions.order_by("code").values_list("code", "name")) == [
        ("31", "Provinsi DKI Jakarta"),
        ("31.71", "Kota Administrasi Jakarta Pusat"),
    ]
    assert regions.get(code="31.71").pk == pusat.pk
    assert new.get_model("units", "Unit").objects.get(pk=sudin.pk).region_id == pusat.pk


@pytest.mark.django_db(transaction=True)
def test_jakarta_recode_leaves_31_73_alone_when_31_71_exists_or_it_is_not_jakarta_pusat():
    old = _migrate(BEFORE)
    Region = old.get_model("units", "Region")
    dki = Region.objects.create(code="31", name="Provinsi DKI Jakarta", kind="provinsi")
    Region.objects.create(code="31.73", name="Kota Administrasi Jakarta Barat", kind="kota")
    Region.objects.create(code="32", name="Provinsi Jawa Barat", kind="provinsi", parent=None)
    state = sorted(Region.objects.values_list("code", "name"))

    new = _latest()

    assert sorted(new.get_model("units", "Region").objects.values_list("code", "name")) == state
    # Both codes taken (a database loaded from the list, then 31.73 renamed by hand).
    old = _migrate(BEFORE)
    Region = old.get_model("units", "Region")
    Region.objects.filter(code="31.73").update(name="Kota Administrasi Jakarta Pusat")
    Region.objects.create(
        code="31.71", name="Kota Administrasi Jakarta Pusat", kind="kota", parent_id=dki.pk
    )
    state = sorted(Region.objects.values_list("code", "name"))

    new = _latest()

    assert sorted(new.get_model("units", "Region").objects.values_list("code", "name")) == state
