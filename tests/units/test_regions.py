"""Loading the Kemendagri list (``services.load_regions``, ``kinerja regions load``) and
adding a region by hand (``services.create_region``)."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from kinerja.audit.models import AuditEvent
from kinerja.trail.queries import events_in_scope
from kinerja.units.enums import RegionKind, TimeZoneName
from kinerja.units.kemendagri import SOURCE, region_rows
from kinerja.units.models import Region, Unit
from kinerja.units.services import RegionDifference, create_region, load_regions

LISTED = len(region_rows())


def region_state() -> list[tuple]:
    return list(
        Region.objects.order_by("code").values_list("code", "name", "kind", "time_zone", "parent")
    )


@pytest.mark.django_db
def test_load_regions_creates_the_whole_list_with_parents(django_assert_max_num_queries):
    # Set-based: one SELECT, then INSERTs in batches (SQLite takes 999 parameters a statement,
    # 199 regions) — about 45 statements for 7,829 regions, never one per region.
    with django_assert_max_num_queries(50):
        report = load_regions(by=None)

    assert len(report.created) == LISTED == Region.objects.count()
    assert (report.unchanged, report.differing, report.updated) == (0, [], 0)
    kecamatan = Region.objects.select_related("parent__parent").get(code="35.07.12")
    assert kecamatan.kind == RegionKind.KECAMATAN
    assert (kecamatan.parent.code, kecamatan.parent.parent.code) == ("35.07", "35")
    assert Region.objects.filter(parent__code="35").count() == 38
    assert Region.objects.get(code="81").time_zone == TimeZoneName.WIT
    assert not Region.objects.filter(kind=RegionKind.PROVINSI, parent__isnull=False).exists()
    assert not Region.objects.exclude(kind=RegionKind.PROVINSI).filter(parent=None).exists()


@pytest.mark.django_db
def test_load_regions_second_run_creates_nothing_and_records_nothing():
    load_regions(by=None)
    before, events = region_state(), AuditEvent.objects.count()

    report = load_regions(by=None)

    assert (report.created, report.unchanged, report.differing) == ([], LISTED, [])
    assert region_state() == before
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_load_regions_writes_one_audit_event_for_the_platform_admin(make_user, organiser):
    admin = make_user("admin")
    admin.is_superuser = True
    admin.save(update_fields=["is_superuser"])
    events = AuditEvent.objects.count()

    load_regions(by=admin)

    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.get(action="region.load")
    assert (event.object_type, event.object_id, event.object_repr) == (
        "units.region",
        "",
        f"Kemendagri ({SOURCE})",
    )
    assert event.after == {
        "source": SOURCE,
        "created": LISTED - 2,  # the organiser fixture's province and city were there
        "updated": 0,
        "unchanged": 1,
        "differing": 1,
    }
    assert event.before is None
    assert (event.actor, event.by_platform_admin) == (admin, True)
    assert (event.scope_cycle, event.scope_region) == (None, None)
    assert not events_in_scope(organiser).filter(action="region.load").exists()


@pytest.mark.django_db
def test_load_regions_reports_differing_names_and_leaves_them(region_jogja):
    custom = Region.objects.create(code="99.99", name="Wilayah Uji", kind=RegionKind.KABUPATEN)

    report = load_regions(by=None)

    assert report.differing == [
        RegionDifference("34", "Provinsi DIY", "Provinsi Daerah Istimewa Yogyakarta", ("name",))
    ]
    assert (report.unchanged, report.unlisted, report.updated) == (1, 1, 0)
    assert len(report.created) == LISTED - 2
    assert Region.objects.get(code="34").name == "Provinsi DIY"
    custom.refresh_from_db()
    assert (custom.code, custom.name) == ("99.99", "Wilayah Uji")
    # The city that was there gets its kecamatan under it, not a second copy of itself.
    assert Region.objects.filter(parent=region_jogja).count() == 14


@pytest.mark.django_db
def test_load_regions_update_names_takes_the_list_values(region_jogja):
    region_jogja.kind, region_jogja.time_zone = RegionKind.KABUPATEN, TimeZoneName.WIT
    region_jogja.save()
    unit = Unit.objects.create(kind="pemda", name="Pemerintah Kota Yogyakarta", region=region_jogja)

    report = load_regions(by=None, update_names=True)

    assert report.updated == 2
    assert [(d.code, d.fields) for d in report.differing] == [
        ("34", ("name",)),
        ("34.71", ("kind", "time_zone")),
    ]
    province, city = Region.objects.get(code="34"), Region.objects.get(code="34.71")
    assert province.name == "Provinsi Daerah Istimewa Yogyakarta"
    assert (city.pk, city.kind, city.time_zone) == (
        region_jogja.pk,
        RegionKind.KOTA,
        TimeZoneName.WIB,
    )
    unit.refresh_from_db()
    assert unit.region_id == city.pk
    event = AuditEvent.objects.get(action="region.load")
    assert event.before == {
        "changes": {
            "34": {"name": "Provinsi DIY"},
            "34.71": {"kind": "kabupaten", "time_zone": "Asia/Jayapura"},
        }
    }
    assert event.after["changes"] == {
        "34": {"name": "Provinsi Daerah Istimewa Yogyakarta"},
        "34.71": {"kind": "kota", "time_zone": "Asia/Jakarta"},
    }
    assert event.after["updated"] == 2


@pytest.mark.django_db
def test_load_regions_dry_run_writes_nothing(region_jogja):
    before, events = region_state(), AuditEvent.objects.count()

    report = load_regions(by=None, update_names=True, dry_run=True)

    assert (len(report.created), len(report.differing), report.updated) == (LISTED - 2, 1, 0)
    assert report.dry_run is True
    assert region_state() == before
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_regions_load_command_prints_counts_and_differing_names(region_jogja):
    out = StringIO()

    call_command("regions", "load", stdout=out)

    assert out.getvalue().splitlines() == [
        f"{SOURCE}: {LISTED} regions listed; {LISTED - 2} created, 1 unchanged, 1 differing, "
        "0 updated; 0 of ours not in the list (left alone)",
        "Differing (code: ours → list):",
        "  34: Provinsi DIY → Provinsi Daerah Istimewa Yogyakarta (name)",
        "Run with --update-names to take the list's values.",
    ]


@pytest.mark.django_db
def test_regions_load_command_dry_run_and_update_names(region_jogja):
    dry, update = StringIO(), StringIO()

    call_command("regions", "load", "--dry-run", stdout=dry)
    count = Region.objects.count()
    call_command("regions", "load", "--update-names", stdout=update)

    assert count == 2
    assert (
        dry.getvalue()
        .splitlines()[0]
        .startswith(f"{SOURCE}: {LISTED} regions listed; {LISTED - 2} would be created,")
    )
    assert dry.getvalue().splitlines()[-1] == "Dry run: nothing was written."
    assert update.getvalue().splitlines()[-1] == "1 regions now hold the list's values."
    assert Region.objects.get(code="34").name == "Provinsi Daerah Istimewa Yogyakarta"


@pytest.mark.django_db
def test_create_region_saves_and_audits(make_user):
    load_regions(by=None)
    admin = make_user("admin")
    admin.is_superuser = True
    admin.save(update_fields=["is_superuser"])
    malang = Region.objects.get(code="35.07")

    region = create_region(
        by=admin,
        code="35.07.34",
        name="Kecamatan Uji",
        kind=RegionKind.KECAMATAN,
        parent=malang,
        time_zone=TimeZoneName.WIB,
    )

    event = AuditEvent.objects.for_object(region).get()
    assert (event.action, event.actor, event.by_platform_admin) == ("region.create", admin, True)
    assert event.after == {
        "kind": "kecamatan",
        "name": "Kecamatan Uji",
        "code": "35.07.34",
        "parent": malang.pk,
        "time_zone": "Asia/Jakarta",
    }
    assert event.scope_region == region.pk


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "kind", "parent_code", "field"),
    [
        ("35.7.1", RegionKind.KECAMATAN, "35.07", "code"),
        ("35.07", RegionKind.KECAMATAN, "35.07", "code"),
        ("34.71.40", RegionKind.KECAMATAN, "35.07", "code"),
        ("35.07.00", RegionKind.KECAMATAN, "35.07", "code"),
        ("35.07.40", RegionKind.KECAMATAN, "35", "parent"),
        ("35.07.40", RegionKind.KECAMATAN, None, "parent"),
        ("35.80", RegionKind.KABUPATEN, "35", "code"),
        ("35.69", RegionKind.KOTA, "35", "code"),
        ("35.90", RegionKind.KOTA, "35.07", "parent"),
        ("99", RegionKind.PROVINSI, "35", "parent"),
        ("9", RegionKind.PROVINSI, None, "code"),
        ("35.07.12", RegionKind.KECAMATAN, "35.07", "code"),  # taken
    ],
)
def test_create_region_refuses_a_bad_code_or_parent(code, kind, parent_code, field):
    load_regions(by=None)
    parent = Region.objects.get(code=parent_code) if parent_code else None
    count = Region.objects.count()

    with pytest.raises(ValidationError) as refused:
        create_region(
            by=None, code=code, name="Uji", kind=kind, parent=parent, time_zone=TimeZoneName.WIB
        )

    assert list(refused.value.message_dict) == [field]
    assert Region.objects.count() == count
    assert not AuditEvent.objects.filter(action="region.create").exists()
