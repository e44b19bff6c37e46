import datetime as dt

import pytest
from django.utils import translation

from kinerja.cycles import services as cycles
from kinerja.cycles.forms import AddParticipantsByNameForm, ConflictForm, ManualAssignForm
from kinerja.instruments.services import ensure_library
from kinerja.units.enums import RegionKind, UnitKind
from kinerja.units.models import Region, Unit


@pytest.fixture
def two_batu(db):
    """A province's world: a "Kecamatan Batu" in two of its kab/kota."""
    jatim = Region.objects.create(code="35", name="Provinsi Jawa Timur", kind=RegionKind.PROVINSI)
    kota = Region.objects.create(code="35.79", name="Kota Batu", kind=RegionKind.KOTA, parent=jatim)
    malang = Region.objects.create(
        code="35.07", name="Kabupaten Malang", kind=RegionKind.KABUPATEN, parent=jatim
    )
    return {
        "kota": Unit.objects.create(
            kind=UnitKind.KECAMATAN, name="Kecamatan Batu", code="35.79.01", region=kota
        ),
        "malang": Unit.objects.create(
            kind=UnitKind.KECAMATAN, name="Kecamatan Batu", code="35.07.33", region=malang
        ),
        "junrejo": Unit.objects.create(
            kind=UnitKind.KECAMATAN, name="Kecamatan Junrejo", code="35.79.03", region=kota
        ),
    }


def by_name_form(text):
    return AddParticipantsByNameForm({"units": text}, units=Unit.objects.all())


def test_by_name_shared_name_lists_both_units_with_regions(two_batu):
    form = by_name_form("Kecamatan Junrejo\nKecamatan Batu")

    with translation.override("en"):
        valid = form.is_valid()

    assert not valid
    assert form.errors["units"] == [
        'line 2: "Kecamatan Batu" matches several units: '
        "Kecamatan Batu — Kabupaten Malang (35.07.33), Kecamatan Batu — Kota Batu (35.79.01); "
        'write its code or add the region, e.g. "Kecamatan Batu — Kabupaten Malang"'
    ]


def test_by_name_qualified_lines_pick_the_right_units(two_batu):
    form = by_name_form("Kecamatan Batu — Kota Batu\nkecamatan batu (35.07)\n35.79.03")

    assert form.is_valid(), form.errors
    assert form.cleaned_data["units"] == [two_batu["kota"], two_batu["malang"], two_batu["junrejo"]]


def test_by_name_unknown_region_and_unknown_unit_are_told_apart(two_batu):
    form = by_name_form("Kecamatan Batu (Kota Batoe)\nKecamatan Antah")

    with translation.override("en"):
        form.is_valid()

    assert form.errors["units"] == [
        'line 1: "Kecamatan Batu (Kota Batoe)" not found: the region "Kota Batoe" is not known; '
        'units named "Kecamatan Batu": Kecamatan Batu — Kabupaten Malang (35.07.33), '
        "Kecamatan Batu — Kota Batu (35.79.01)",
        "line 2: no unit Kecamatan Antah",
    ]


def test_by_name_reads_units_and_regions_in_one_query(two_batu, django_assert_num_queries):
    lines = "\n".join(["Kecamatan Batu — Kota Batu", "Kecamatan Batu (35.07)", "35.79.03"] * 20)
    form = by_name_form(lines)

    with django_assert_num_queries(1):
        assert form.is_valid()


def test_by_name_help_text_shows_how_to_add_the_region():
    form = AddParticipantsByNameForm(units=Unit.objects.none())

    with translation.override("en"):
        help_text = str(form.fields["units"].help_text)

    assert help_text == (
        "A name that units of several regions share needs its region, as the lists show it: "
        "“Kecamatan Batu — Kota Batu” or “Kecamatan Batu (35.79)”."
    )
    assert form.fields["units"].widget.attrs["placeholder"].splitlines()[-1] == (
        "Kecamatan Batu — Kota Batu"
    )


@pytest.fixture
def province_cycle(two_batu, make_user):
    version = {(v.instrument.code, v.version): v for v, _ in ensure_library()}[
        ("skk-jatim", "2023.1")
    ]
    jatim = two_batu["kota"].region.parent
    biro = Unit.objects.create(kind=UnitKind.BAGIAN, name="Biro Pemerintahan", region=jatim)
    organiser = make_user("biro.jatim", organiser_of=biro)
    cycle = cycles.create_cycle(
        version=version,
        name="SKK 2026",
        year=2026,
        organiser_unit=biro,
        starts_on=dt.date(2026, 9, 1),
        by=organiser,
    )
    cycles.add_participants(cycle, [two_batu["kota"], two_batu["malang"]], by=organiser)
    juror = make_user("juri.ub")
    cycles.add_team_member(cycle, user=juror, institution="Universitas Brawijaya", by=organiser)
    return cycle


def test_assignment_and_conflict_pickers_show_each_participants_region(province_cycle):
    assign = ManualAssignForm(cycle=province_cycle)
    conflict = ConflictForm(cycle=province_cycle)

    participants = [label for _, label in assign.fields["participant"].choices][1:]
    assert participants == [
        "Kecamatan Batu — Kabupaten Malang",
        "Kecamatan Batu — Kota Batu",
    ]
    assert [label for _, label in conflict.fields["participant"].choices][1:] == participants
    assert [label for _, label in assign.fields["evaluator"].choices][1:] == [
        "juri.ub — Universitas Brawijaya"
    ]
