"""Categories inside one cycle (issue 13): kabupaten and kota (or kinds of unit, or innovation
themes) are ranked apart, each category from rank 1 with its own awards; a change of category
or status ranks the cycle again."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kinerja.accounts.models import User
from kinerja.audit.models import AuditEvent
from kinerja.cycles import services as cycle_services
from kinerja.cycles.enums import AwardScheme, ParticipantStatus
from kinerja.cycles.services.participants import region_category
from kinerja.instruments.services import ensure_library
from kinerja.results import services
from kinerja.results.awards import preset
from kinerja.results.compute import recompute_cycle, recompute_participant
from kinerja.results.models import Result
from kinerja.units.models import Region, Unit

from .conftest import all_refs, put

# (name, region, level of every indicator): Bandung and Cimahi are kota (32.73, 32.77).
ENTRANTS = [
    ("Kabupaten Bogor", "32.01", 4),
    ("Kabupaten Sukabumi", "32.02", 2),
    ("Kabupaten Cianjur", "32.03", 4),
    ("Kabupaten Bandung", "32.04", 1),
    ("Kota Bandung", "32.73", 3),
    ("Kota Cimahi", "32.77", 5),
    ("Kota Banjar", "32.79", 2),
]


@pytest.fixture
def jabar(make_user):
    province = Region.objects.create(code="32", name="Provinsi Jawa Barat", kind="provinsi")
    pemprov = Unit.objects.create(kind="pemda", name="Pemprov Jawa Barat", region=province)
    organiser = make_user("org_jabar", organiser_of=pemprov)
    units = []
    for name, code, _level in ENTRANTS:
        kind = "kota" if name.startswith("Kota") else "kabupaten"
        region = Region.objects.create(code=code, name=name, kind=kind, parent=province)
        units.append(Unit.objects.create(kind="pemda", name=f"Pemerintah {name}", region=region))
    return pemprov, organiser, units


@pytest.fixture
def contest(jabar):
    pemprov, organiser, units = jabar
    version = {v.instrument.code: v for v, _ in ensure_library()}["pekppp"]
    cycle = cycle_services.create_cycle(
        version=version,
        name="Lomba Jabar 2025",
        year=2025,
        organiser_unit=pemprov,
        starts_on=dt.date(2025, 7, 1),
        by=organiser,
    )
    cycle_services.add_participants(cycle, units, by=organiser)
    evaluator = cycle_services.add_team_member(
        cycle, user=User.objects.create(username="juri"), by=organiser
    )
    participants = {p.unit.region.name: p for p in cycle.participants.select_related("unit")}
    for name, _code, level in ENTRANTS:
        for ref in all_refs(cycle)[:6]:
            put(participants[name], evaluator, ref, level)
    recompute_cycle(cycle)
    return cycle, participants, evaluator, organiser


def ranks(cycle) -> dict[str, int | None]:
    rows = Result.objects.filter(cycle=cycle).values_list("participant__unit__region__name", "rank")
    return dict(rows)


def test_region_category_reads_the_kemendagri_code():
    def unit(code):
        return Unit(name="x", region=Region(code=code, name="x"))

    assert [region_category(unit(c)) for c in ("32.04", "32.73", "32.79.02", "32.70")] == [
        "kabupaten",
        "kota",
        "kota",
        "kabupaten",
    ]
    assert region_category(unit("32")) == ""


def test_without_categories_everyone_is_ranked_together(contest):
    cycle, *_ = contest

    assert ranks(cycle) == {
        "Kota Cimahi": 1,
        "Kabupaten Bogor": 2,
        "Kabupaten Cianjur": 2,
        "Kota Bandung": 4,
        "Kabupaten Sukabumi": 5,
        "Kota Banjar": 5,
        "Kabupaten Bandung": 7,
    }


def test_categorise_by_region_ranks_kabupaten_and_kota_apart_with_their_own_awards(contest):
    cycle, _participants, _evaluator, organiser = contest
    services.set_award_scheme(
        cycle, scheme=AwardScheme.CUSTOM, awards=preset("juara"), by=organiser
    )

    changed = cycle_services.categorise_by_region(cycle, by=organiser)

    assert changed == 7
    # No recompute: the change of category ranks the cycle again by itself.
    assert ranks(cycle) == {
        "Kabupaten Bogor": 1,
        "Kabupaten Cianjur": 1,
        "Kabupaten Sukabumi": 3,
        "Kabupaten Bandung": 4,
        "Kota Cimahi": 1,
        "Kota Bandung": 2,
        "Kota Banjar": 3,
    }
    awards = dict(
        Result.objects.filter(cycle=cycle).values_list("participant__unit__region__name", "awards")
    )
    assert awards["Kota Cimahi"] == awards["Kabupaten Bogor"] == ["juara-1"]
    assert awards["Kota Banjar"] == awards["Kabupaten Sukabumi"] == ["juara-3"]
    assert awards["Kabupaten Bandung"] == ["harapan-1"]
    assert AuditEvent.objects.filter(action="participant.update").count() == 7
    event = AuditEvent.objects.filter(action="participant.update").first()
    assert event.before == {"category": ""}
    assert event.after["category"] in {"kabupaten", "kota"}
    # The full recompute agrees, and a second run changes nothing.
    recompute_cycle(cycle)
    assert ranks(cycle)["Kota Banjar"] == 3
    assert cycle_services.categorise_by_region(cycle, by=organiser) == 0


def test_an_incremental_recompute_stays_inside_the_category(contest):
    cycle, participants, evaluator, organiser = contest
    cycle_services.categorise_by_region(cycle, by=organiser)
    banjar = participants["Kota Banjar"]

    for ref in all_refs(cycle)[:6]:
        put(banjar, evaluator, ref, 5)
    recompute_participant(banjar)
    incremental = ranks(cycle)
    recompute_cycle(cycle)

    assert incremental == ranks(cycle)
    assert incremental["Kota Banjar"] == 1
    assert incremental["Kota Cimahi"] == 1
    assert incremental["Kota Bandung"] == 3
    assert incremental["Kabupaten Bogor"] == 1  # the kabupaten did not move


def test_withdrawing_a_participant_ranks_the_others_again(contest):
    cycle, participants, _evaluator, organiser = contest

    cycle_services.set_participant(
        participants["Kota Cimahi"], by=organiser, status=ParticipantStatus.WITHDRAWN
    )

    current = ranks(cycle)
    assert current["Kabupaten Bogor"] == 1
    assert current["Kota Cimahi"] is None


def test_the_participants_page_sets_a_category(contest, client):
    cycle, participants, _evaluator, organiser = contest
    client.force_login(organiser)
    url = reverse("cycles:participants", kwargs={"cycle_id": cycle.pk})
    bandung = participants["Kota Bandung"]

    response = client.post(
        url, {"update": bandung.pk, "status": "active", "category": "  kota  besar "}
    )
    too_long = client.post(
        url, {"update": bandung.pk, "status": "active", "category": "x" * 61}, follow=True
    )

    assert response.status_code == 302
    bandung.refresh_from_db()
    assert bandung.category == "kota besar"
    assert ranks(cycle)["Kota Bandung"] == 1  # alone in its category
    assert "60" in too_long.content.decode()
    page = client.get(url).content.decode()
    assert 'value="kota besar"' in page
    assert 'name="categorise"' in page


def test_the_categorise_button_and_the_ranking_and_the_record_show_categories(contest, client):
    cycle, _participants, _evaluator, organiser = contest
    client.force_login(organiser)

    response = client.post(
        reverse("cycles:participants", kwargs={"cycle_id": cycle.pk}),
        {"categorise": "1"},
        follow=True,
    )
    ranking = client.get(reverse("results:ranking", kwargs={"cycle_id": cycle.pk}))

    assert "7" in response.content.decode()
    page = ranking.content.decode()
    assert page.count('data-testid="category"') == 7
    # Kabupaten first (the categories in order), each from rank 1.
    assert page.index("Kabupaten Bogor") < page.index("Kota Cimahi")
    determination = services.determine(
        cycle,
        decree_number="100/1/2025",
        decree_date=dt.date(2025, 11, 3),
        signatory_name="Budi",
        signatory_position="Gubernur",
        by=organiser,
    )
    rows = {row["unit"]: row for row in determination.snapshot}
    assert rows["Pemerintah Kota Cimahi"]["category"] == "kota"
    assert rows["Pemerintah Kota Cimahi"]["rank"] == 1
    assert rows["Pemerintah Kabupaten Bogor"]["category"] == "kabupaten"


def test_two_saves_of_one_participant_row_the_second_is_refused(contest, client):
    cycle, participants, _evaluator, organiser = contest
    client.force_login(organiser)
    url = reverse("cycles:participants", kwargs={"cycle_id": cycle.pk})
    bandung = participants["Kota Bandung"]
    loaded = bandung.version

    first = client.post(
        url, {"update": bandung.pk, "status": "active", "category": "kota", "version": loaded}
    )
    second = client.post(
        url,
        {"update": bandung.pk, "status": "active", "category": "kabupaten", "version": loaded},
        follow=True,
    )

    assert first.status_code == 302
    bandung.refresh_from_db()
    assert bandung.category == "kota" and bandung.version == loaded + 1
    assert "sejak halaman ini dibuka" in second.content.decode()


def test_a_determined_cycle_refuses_a_new_category_or_status_until_reopened(contest, client):
    cycle, participants, _evaluator, organiser = contest
    services.determine(
        cycle,
        decree_number="100/2025",
        decree_date=dt.date(2025, 11, 3),
        signatory_name="Gubernur",
        signatory_position="Gubernur Jawa Barat",
        by=organiser,
    )
    before = ranks(cycle)
    cimahi = participants["Kota Cimahi"]
    client.force_login(organiser)
    url = reverse("cycles:participants", kwargs={"cycle_id": cycle.pk})

    with pytest.raises(ValidationError) as withdrawn:
        cycle_services.set_participant(cimahi, by=organiser, status=ParticipantStatus.WITHDRAWN)
    categorised = client.post(url, {"categorise": "1"}, follow=True)
    recategorised = client.post(
        url, {"update": cimahi.pk, "status": "active", "category": "kota"}, follow=True
    )

    assert withdrawn.value.code == "determined"
    assert categorised.status_code == 200 and "ditetapkan" in categorised.content.decode()
    assert recategorised.status_code == 200
    cimahi.refresh_from_db()
    assert cimahi.status == ParticipantStatus.ACTIVE and cimahi.category == ""
    assert not cycle.participants.exclude(category="").exists()
    assert ranks(cycle) == before
    assert not AuditEvent.objects.filter(action="participant.update").exists()
    # After an audited reopen the change goes through.
    services.reopen_determination(cycle, reason="Salah kategori", by=organiser)
    cycle_services.set_participant(cimahi, by=organiser, category="kota")
    cimahi.refresh_from_db()
    assert cimahi.category == "kota"
