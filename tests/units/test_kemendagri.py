"""The Kemendagri list as rows (REFERENCE.md §8): counts, codes, kinds, names, time zones."""

from collections import Counter

import pytest

from kinerja.units.enums import RegionKind, TimeZoneName
from kinerja.units.kemendagri import province_name, regency_row, region_rows


@pytest.fixture(scope="module")
def rows():
    return {row.code: row for row in region_rows()}


def test_region_rows_counts_match_the_regulation(rows):
    kinds = Counter(row.kind for row in rows.values())

    assert kinds[RegionKind.PROVINSI] == 38
    assert (
        kinds[RegionKind.KABUPATEN] + kinds[RegionKind.KOTA] + kinds[RegionKind.KOTA_ADMINISTRASI]
        == 514
    )
    assert kinds[RegionKind.KOTA] + kinds[RegionKind.KOTA_ADMINISTRASI] == 98
    assert kinds[RegionKind.KABUPATEN] == 416
    assert kinds[RegionKind.KECAMATAN] > 7200


def test_region_rows_parents_come_first_and_continue_the_code(rows):
    ordered = region_rows()
    seen: set[str] = set()
    for row in ordered:
        if row.parent_code is not None:
            assert row.parent_code in seen, row
            assert row.code.rsplit(".", 1)[0] == row.parent_code
        seen.add(row.code)

    assert [row.level for row in ordered] == sorted(row.level for row in ordered)
    assert len(seen) == len(ordered)


def test_region_rows_2022_papua_provinces_are_there(rows):
    assert [rows[code].name for code in ("93", "94", "95", "96")] == [
        "Provinsi Papua Selatan",
        "Provinsi Papua Tengah",
        "Provinsi Papua Pegunungan",
        "Provinsi Papua Barat Daya",
    ]


def test_region_rows_jakarta_pusat_is_31_71_and_administrative(rows):
    pusat = rows["31.71"]

    assert (pusat.name, pusat.kind, pusat.parent_code) == (
        "Kota Administrasi Jakarta Pusat",
        RegionKind.KOTA_ADMINISTRASI,
        "31",
    )
    assert rows["31.73"].name == "Kota Administrasi Jakarta Barat"
    assert rows["31.01"].name == "Kabupaten Administrasi Kepulauan Seribu"
    assert rows["31.01"].kind == RegionKind.KABUPATEN


def test_region_rows_names_as_the_demo_writes_them(rows):
    assert (rows["34.71"].name, rows["34.71"].kind) == ("Kota Yogyakarta", RegionKind.KOTA)
    assert (rows["35.79"].name, rows["35.79"].kind) == ("Kota Batu", RegionKind.KOTA)
    assert (rows["35.07"].name, rows["35.07"].kind) == ("Kabupaten Malang", RegionKind.KABUPATEN)
    assert rows["32.04"].name == "Kabupaten Bandung"
    assert rows["34"].name == "Provinsi Daerah Istimewa Yogyakarta"
    assert rows["35"].name == "Provinsi Jawa Timur"
    assert rows["31"].name == "Provinsi DKI Jakarta"


def test_region_rows_kecamatan_under_its_regency(rows):
    kecamatan = rows["35.07.12"]

    assert (kecamatan.kind, kecamatan.parent_code) == (RegionKind.KECAMATAN, "35.07")
    assert kecamatan.name == "Sumberpucung"
    assert rows["35.79.03"].name == "Junrejo"
    assert sum(1 for row in rows.values() if row.parent_code == "34.71") == 14


def test_region_rows_time_zones_follow_the_province(rows):
    assert rows["51"].time_zone == TimeZoneName.WITA
    assert rows["81"].time_zone == TimeZoneName.WIT
    assert rows["96"].time_zone == TimeZoneName.WIT
    assert rows["35"].time_zone == TimeZoneName.WIB
    assert rows["64"].time_zone == TimeZoneName.WITA
    assert rows["61"].time_zone == TimeZoneName.WIB
    assert rows["96.71"].time_zone == TimeZoneName.WIT
    assert {row.time_zone for row in rows.values() if row.code.startswith("51.")} == {
        TimeZoneName.WITA
    }


def test_region_rows_every_kota_code_is_71_or_above(rows):
    regencies = [row for row in rows.values() if row.level == 2]
    for row in regencies:
        is_kota = row.kind in {RegionKind.KOTA, RegionKind.KOTA_ADMINISTRASI}
        assert is_kota == (int(row.code[-2:]) >= 71), row
        assert row.name.startswith("Kota " if is_kota else "Kabupaten "), row


def test_province_and_regency_names_are_written_out():
    assert province_name("DI Yogyakarta") == "Provinsi Daerah Istimewa Yogyakarta"
    assert province_name("Aceh") == "Provinsi Aceh"
    assert regency_row("35", "07", "Kab. Malang", TimeZoneName.WIB).name == "Kabupaten Malang"
    assert regency_row("31", "75", "Kota Jakarta Timur", TimeZoneName.WIB).name == (
        "Kota Administrasi Jakarta Timur"
    )
