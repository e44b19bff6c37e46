import datetime as dt

import pytest
from django.utils import translation

from kinerja.common.tabular import read_table
from kinerja.cycles import services
from kinerja.cycles.imports import plan_team_import
from kinerja.units.enums import RegionKind, UnitKind
from kinerja.units.models import Region, Unit


@pytest.fixture
def jatim(db):
    """A province whose agencies share names with those of two of its kab/kota."""
    province = Region.objects.create(
        code="35", name="Provinsi Jawa Timur", kind=RegionKind.PROVINSI
    )
    batu = Region.objects.create(
        code="35.79", name="Kota Batu", kind=RegionKind.KOTA, parent=province
    )
    malang = Region.objects.create(
        code="35.07", name="Kabupaten Malang", kind=RegionKind.KABUPATEN, parent=province
    )
    units = {
        "biro": Unit.objects.create(kind=UnitKind.BAGIAN, name="Biro Pemerintahan", region=province)
    }
    for key, region, short_name in (
        ("province", province, "Dinkes Prov"),
        ("batu", batu, "Dinkes"),
        ("malang", malang, "Dinkes"),
    ):
        units[f"dinkes_{key}"] = Unit.objects.create(
            kind=UnitKind.DINAS, name="Dinas Kesehatan", short_name=short_name, region=region
        )
    for key, region, code in (("batu", batu, "35.79.4.1"), ("malang", malang, "35.07.4.1")):
        units[f"organisasi_{key}"] = Unit.objects.create(
            kind=UnitKind.BAGIAN, name="Bagian Organisasi", code=code, region=region
        )
    return units


@pytest.fixture
def province_cycle(ekk_version, jatim, make_user):
    organiser = make_user("organiser_jatim", organiser_of=jatim["biro"])
    return services.create_cycle(
        version=ekk_version,
        name="SKK Jatim 2025",
        year=2025,
        organiser_unit=jatim["biro"],
        starts_on=dt.date(2025, 9, 1),
        by=organiser,
    )


def team_table(agencies):
    lines = ["username,instansi"] + [f"p{i},{a}" for i, a in enumerate(agencies)]
    return read_table("\n".join(lines).encode(), filename="tim.csv")


def test_team_import_agency_with_region_qualifier(province_cycle, jatim):
    table = team_table(
        ["Dinas Kesehatan", "Dinas Kesehatan — Kota Batu", "Dinkes (35.07)", "35.79.4.1"]
    )

    plan = plan_team_import(province_cycle, table)

    assert plan.ok
    assert [r.agency for r in plan.rows] == [
        jatim["dinkes_province"],  # a bare name means the organiser's own region's unit
        jatim["dinkes_batu"],
        jatim["dinkes_malang"],
        jatim["organisasi_batu"],
    ]


def test_team_import_ambiguous_agency_lists_candidates(province_cycle):
    table = team_table(["Bagian Organisasi", "Bagian Organisasi (Kota Batoe)"])

    with translation.override("en"):
        plan = plan_team_import(province_cycle, table)

    assert [(r.number, r.errors) for r in plan.error_rows] == [
        (
            2,
            [
                'agency (instansi) "Bagian Organisasi" matches several units: '
                "Bagian Organisasi — Kabupaten Malang (35.07.4.1), "
                "Bagian Organisasi — Kota Batu (35.79.4.1); "
                'write its code or add the region, e.g. "Bagian Organisasi — Kabupaten Malang"'
            ],
        ),
        (
            3,
            [
                'agency (instansi) "Bagian Organisasi (Kota Batoe)" not found: the region '
                '"Kota Batoe" is not known; units named "Bagian Organisasi": '
                "Bagian Organisasi — Kabupaten Malang (35.07.4.1), "
                "Bagian Organisasi — Kota Batu (35.79.4.1)"
            ],
        ),
    ]


def test_team_import_unknown_agency_points_to_the_lembaga_column(province_cycle):
    with translation.override("en"):
        plan = plan_team_import(province_cycle, team_table(["Universitas Brawijaya - Malang"]))

    assert plan.error_rows[0].errors == [
        "agency (instansi) 'Universitas Brawijaya - Malang' is not a unit of this government; "
        "for a juror from outside government use the 'lembaga' column"
    ]


def test_team_import_plan_query_count_is_constant(province_cycle, django_assert_max_num_queries):
    few = team_table(["Dinas Kesehatan — Kota Batu"])
    many = team_table(["Dinas Kesehatan — Kota Batu", "Dinkes (35.07)", "Bagian Organisasi"] * 30)

    with django_assert_max_num_queries(6) as captured_few:
        plan_team_import(province_cycle, few)
    with django_assert_max_num_queries(6) as captured_many:
        plan_team_import(province_cycle, many)

    assert len(captured_many.captured_queries) == len(captured_few.captured_queries)
