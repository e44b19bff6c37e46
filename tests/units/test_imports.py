import io

import pytest
from django.utils import translation
from openpyxl import Workbook

from kinerja.audit.models import AuditEvent
from kinerja.common.tabular import TableError, read_table
from kinerja.units.imports import apply_unit_import, plan_unit_import
from kinerja.units.models import Region, Unit

GOOD_CSV = (
    "kode,nama,singkatan,jenis,wilayah,induk,aktif\n"
    ",Pemerintah Kota Yogyakarta,Pemkot,pemda,34.71,,ya\n"
    "34.71.01,Kemantren Mantrijeron,Mantrijeron,kemantren,34.71,Pemerintah Kota Yogyakarta,ya\n"
    "34.71.02,Kemantren Kraton,Kraton,kemantren,34.71,Pemerintah Kota Yogyakarta,ya\n"
    ",Kelurahan Gedongkiwo,,kelurahan,34.71,34.71.01,tidak\n"
)


def plan_of(text: str):
    return plan_unit_import(read_table(text.encode(), filename="units.csv"))


def xlsx_bytes(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_import_good_csv_creates_tree_and_audits(region_jogja, organiser):
    plan = plan_of(GOOD_CSV)

    counts = apply_unit_import(plan, by=organiser, source="units.csv")

    assert counts == {"created": 4, "updated": 0, "unchanged": 0}
    mantrijeron = Unit.objects.get(code="34.71.01")
    assert mantrijeron.parent.name == "Pemerintah Kota Yogyakarta"
    gedongkiwo = Unit.objects.get(name="Kelurahan Gedongkiwo")
    assert gedongkiwo.parent == mantrijeron
    assert gedongkiwo.active is False
    events = AuditEvent.objects.filter(action="unit.import")
    assert events.count() == 4
    assert events.filter(actor=organiser).count() == 4
    assert AuditEvent.objects.for_object(mantrijeron).get().after["source"] == "units.csv"


def test_import_same_file_twice_changes_nothing(region_jogja, organiser):
    apply_unit_import(plan_of(GOOD_CSV), by=organiser)

    second = plan_of(GOOD_CSV)

    assert second.ok
    assert [r.action for r in second.rows] == ["unchanged"] * 4
    assert apply_unit_import(second, by=organiser) == {"created": 0, "updated": 0, "unchanged": 4}
    assert Unit.objects.filter(region__code="34.71").count() == 4
    assert AuditEvent.objects.filter(action="unit.import").count() == 4


def test_import_changed_row_updates_with_before_and_after(region_jogja, organiser):
    apply_unit_import(plan_of(GOOD_CSV), by=organiser)
    changed = GOOD_CSV.replace("Kraton,kemantren", "Keraton,kemantren")

    plan = plan_of(changed)
    counts = apply_unit_import(plan, by=organiser)

    assert counts == {"created": 0, "updated": 1, "unchanged": 3}
    kraton = Unit.objects.get(code="34.71.02")
    assert kraton.short_name == "Keraton"
    event = AuditEvent.objects.for_object(kraton).filter(before__isnull=False).get()
    assert event.before == {"short_name": "Kraton"}
    assert event.after == {"short_name": "Keraton", "source": ""}


def test_import_bad_file_reports_every_error_and_imports_nothing(region_jogja, organiser):
    bad = (
        "kode,nama,singkatan,jenis,wilayah,induk,aktif\n"
        "34.71.01,Kemantren Mantrijeron,,kemantren,34.71,,ya\n"  # row 2: fine
        ",,,kemantren,34.71,,ya\n"  # row 3: no name
        "34.71.03,Kemantren X,,planet,34.71,,ya\n"  # row 4: unknown kind
        "34.71.04,Kemantren Y,,kemantren,99.99,,ya\n"  # row 5: unknown region
        "34.71.05,Kemantren Z,,kemantren,34.71,Tidak Ada,ya\n"  # row 6: unknown parent
        "34.71.01,Kemantren Lagi,,kemantren,34.71,,ya\n"  # row 7: duplicate code
        "34.71.07,Kemantren W,,kemantren,34.71,,mungkin\n"  # row 8: bad active flag
    )

    plan = plan_of(bad)

    assert not plan.ok
    errors = {row.number: row.errors for row in plan.error_rows}
    assert sorted(errors) == [3, 4, 5, 6, 7, 8]
    assert errors[3] == ["nama kosong"]
    assert errors[4][0].startswith("jenis 'planet' tidak dikenal; gunakan salah satu dari: pemda,")
    assert errors[5] == ["wilayah '99.99' tidak dikenal (gunakan kode wilayah, mis. 34.71)"]
    assert errors[6] == [
        "induk 'Tidak Ada' tidak ditemukan: induk harus sudah ada atau berada di baris sebelumnya"
    ]
    assert errors[7] == ["kode 34.71.01 muncul dua kali dalam berkas (baris 2)"]
    assert errors[8] == ["aktif harus 'ya' atau 'tidak', bukan 'mungkin'"]
    with pytest.raises(ValueError, match="cannot be applied"):
        apply_unit_import(plan, by=organiser)
    assert Unit.objects.filter(region__code="34.71").count() == 0
    # Only the organiser's account and its seat (the instrument library is imported once per
    # test database, before every test).
    assert AuditEvent.objects.exclude(object_type="instruments.instrumentversion").count() == 2


def test_import_missing_required_column_is_a_file_error(region_jogja):
    plan = plan_of("kode,nama\n1,Satu\n")

    assert not plan.ok
    assert plan.file_errors == [
        "Kolom wajib tidak ada: jenis, wilayah. "
        "Kolom: kode, nama, singkatan, jenis, wilayah, induk, aktif."
    ]


def test_import_errors_in_english_when_english_is_active(region_jogja):
    with translation.override("en"):
        plan = plan_of("kode,nama,jenis,wilayah\n1,,dinas,34.71\n")

    assert plan.rows[0].errors == ["name (nama) is empty"]


def test_import_good_xlsx_creates_units(region_jogja, organiser):
    data = xlsx_bytes(
        [
            ["Kode", "Nama", "Singkatan", "Jenis", "Wilayah", "Induk", "Aktif"],
            [None, "Pemerintah Kota Yogyakarta", "Pemkot", "pemda", "34.71", None, "ya"],
            [
                "34.71.01",
                "Kemantren Mantrijeron",
                None,
                "Kemantren",
                "Kota Yogyakarta",
                "Pemerintah Kota Yogyakarta",
                None,
            ],
        ]
    )

    plan = plan_unit_import(read_table(data, filename="units.xlsx"))
    apply_unit_import(plan, by=organiser)

    assert plan.ok
    assert list(
        Unit.objects.filter(region__code="34.71")
        .order_by("name")
        .values_list("name", "kind", "parent__name")
    ) == [
        ("Kemantren Mantrijeron", "kemantren", "Pemerintah Kota Yogyakarta"),
        ("Pemerintah Kota Yogyakarta", "pemda", None),
    ]


def test_import_bad_xlsx_names_spreadsheet_rows(region_jogja):
    data = xlsx_bytes(
        [
            ["kode", "nama", "jenis", "wilayah"],
            ["1", "Satu", "dinas", "34.71"],
            [None, None, None, None],  # an empty row is skipped but keeps numbering
            ["3", None, "dinas", "34.71"],
        ]
    )

    plan = plan_unit_import(read_table(data, filename="units.xlsx"))

    assert [(r.number, r.errors) for r in plan.error_rows] == [(4, ["nama kosong"])]


def test_import_semicolon_csv_with_bom_is_read(region_jogja):
    text = "\ufeffkode;nama;jenis;wilayah\n1;Dinas Kesehatan;dinas;34.71\n"

    plan = plan_of(text)

    assert plan.ok
    assert plan.rows[0].values["name"] == "Dinas Kesehatan"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Berkas kosong."),
        (
            b"\x00\x01\x02binary\xff\xfe",
            "bukan buku kerja Excel (.xlsx) dan bukan berkas CSV UTF-8",
        ),
        (b"PK\x03\x04not really a zip", "Buku kerja Excel tidak dapat dibaca"),
    ],
)
def test_read_table_refuses_non_tables(data, message):
    with pytest.raises(TableError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_table(data, filename="units.csv")


def test_plan_query_count_is_constant(region_jogja, organiser, django_assert_max_num_queries):
    rows = ["kode,nama,jenis,wilayah,induk"] + [
        f"K{i},Unit {i},dinas,34.71,{'K0' if i else ''}" for i in range(200)
    ]
    table = read_table("\n".join(rows).encode(), filename="many.csv")

    with django_assert_max_num_queries(3):
        plan = plan_unit_import(table)
    with django_assert_max_num_queries(8):
        apply_unit_import(plan, by=organiser)

    assert Unit.objects.filter(region__code="34.71").count() == 200


@pytest.fixture
def two_secretariats(region_jogja):
    """Two units named "Sekretariat" in one region, under different kemantren."""
    pemkot = Unit.objects.create(
        kind="pemda", name="Pemerintah Kota Yogyakarta", region=region_jogja
    )
    found = {}
    for code, name in (("34.71.02", "Kraton"), ("34.71.01", "Mantrijeron")):
        kemantren = Unit.objects.create(
            kind="kemantren",
            name=f"Kemantren {name}",
            code=code,
            region=region_jogja,
            parent=pemkot,
        )
        found[name.lower()] = Unit.objects.create(
            kind="sekretariat",
            name="Sekretariat",
            code=f"{code}.9",
            region=region_jogja,
            parent=kemantren,
        )
    return found


def test_import_ambiguous_parent_lists_candidates_with_region_and_code(two_secretariats):
    with translation.override("en"):
        plan = plan_of("nama,jenis,wilayah,induk\nSubbagian Umum,bagian,34.71,sekretariat\n")

    assert [(r.number, r.errors) for r in plan.error_rows] == [
        (
            2,
            [
                'parent (induk) "sekretariat" matches several units: '
                "Sekretariat — Kota Yogyakarta (34.71.01.9), "
                "Sekretariat — Kota Yogyakarta (34.71.02.9); "
                'write its code or add the region, e.g. "34.71.01.9"'
            ],
        )
    ]


def test_import_ambiguous_parent_by_code_resolves(two_secretariats):
    plan = plan_of("nama,jenis,wilayah,induk\nSubbagian Umum,bagian,34.71,34.71.02.9\n")

    assert plan.ok
    assert plan.rows[0].values["parent"] == two_secretariats["kraton"]


def test_import_parent_in_another_region_by_qualifier(region_jogja):
    province = Unit.objects.create(
        kind="dinas", name="Dinas Pendidikan", region=region_jogja.parent
    )
    city = Unit.objects.create(kind="dinas", name="Dinas Pendidikan", region=region_jogja)

    plan = plan_of(
        "nama,jenis,wilayah,induk\n"
        "Balai Tekkomdik,upt,34.71,Dinas Pendidikan — Provinsi DIY\n"
        "UPT Kota,upt,34.71,dinas pendidikan\n"
        "UPT Provinsi,upt,34.71,Dinas Pendidikan (34)\n"
    )

    assert plan.ok
    assert [r.values["parent"] for r in plan.rows] == [province, city, province]


def test_import_earlier_row_found_by_name_with_its_region(region_jogja):
    plan = plan_of(
        "nama,jenis,wilayah,induk\n"
        "Pemerintah Kota Yogyakarta,pemda,34.71,\n"
        "Kemantren Kraton,kemantren,34.71,Pemerintah Kota Yogyakarta — Kota Yogyakarta\n"
        "Kemantren Gondomanan,kemantren,34.71,pemerintah kota yogyakarta (34.71)\n"
    )

    assert plan.ok
    assert [r.parent_row for r in plan.rows] == [None, plan.rows[0], plan.rows[0]]
    assert [r.depth for r in plan.rows] == [0, 1, 1]


def test_import_parent_with_an_unknown_region_says_so(region_jogja, organiser):
    apply_unit_import(plan_of(GOOD_CSV), by=organiser)

    with translation.override("en"):
        plan = plan_of(
            "nama,jenis,wilayah,induk\nKelurahan Baru,kelurahan,34.71,Kemantren Kraton (34.72)\n"
        )

    assert plan.error_rows[0].errors == [
        'parent (induk) "Kemantren Kraton (34.72)" not found: the region "34.72" is not known; '
        'units named "Kemantren Kraton": Kemantren Kraton — Kota Yogyakarta (34.71.02)'
    ]


@pytest.mark.django_db
def test_import_region_name_is_a_kab_kota_never_a_kecamatan_region():
    province = Region.objects.create(code="35", name="Provinsi Jawa Timur", kind="provinsi")
    batu = Region.objects.create(code="35.79", name="Kota Batu", kind="kota", parent=province)
    Region.objects.create(code="35.79.01", name="Batu", kind="kecamatan", parent=batu)
    table = read_table(
        b"nama,jenis,wilayah\n"
        b"Kecamatan Batu,kecamatan,Batu\n"
        b"Kecamatan Junrejo,kecamatan,Kota Batu\n",
        filename="u.csv",
    )

    plan = plan_unit_import(table)

    assert [r.errors for r in plan.rows] == [
        ["wilayah 'Batu' tidak dikenal (gunakan kode wilayah, mis. 34.71)"],
        [],
    ]
    assert plan.rows[1].values["region"] == batu
