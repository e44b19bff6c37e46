"""Competitions where only the top N of a round go on (SKK Jatim: seven to the field review)."""

import datetime as dt

import pytest
from django.urls import reverse

from kinerja.accounts.models import User
from kinerja.cycles import services as cycle_services
from kinerja.instruments.services import ensure_library
from kinerja.results import services
from kinerja.results.compute import recompute_cycle, recompute_participant
from kinerja.results.models import Result
from kinerja.reviews.models import Review
from kinerja.units.models import Unit

DESK = {"ADM1": 30, "ADM2": 45, "ADM3": 20, "ADM4": 30, "ADM5": 50, "ADM6": 20, "ADM7": 15}
TALK = {"PPR1": 20, "PPR2": 35, "PPR3": 20, "PPR4": 30, "PPR5": 45, "PPR6": 20, "PPR7": 15}
FIELD = {"LAP1": 60, "LAP2": 55, "LAP3": 40, "LAP4": 40, "LAP5": 29, "LAP6": 15}


@pytest.fixture
def skk_cycle(db, pemkot, organiser):
    version = {v.instrument.code: v for v, _ in ensure_library()}["skk-jatim"]
    units = Unit.objects.bulk_create(
        Unit(kind="kecamatan", name=f"Kecamatan {c}", region=pemkot.region, parent=pemkot)
        for c in "ABCDEFGHIJ"
    )
    cycle = cycle_services.create_cycle(
        version=version,
        name="SKK Jatim 2023",
        year=2023,
        organiser_unit=pemkot,
        starts_on=dt.date(2023, 8, 1),
        by=organiser,
    )
    cycle_services.add_participants(cycle, units, by=organiser)
    juror = cycle_services.add_team_member(
        cycle, user=User.objects.create(username="juri"), by=organiser
    )
    participants = {p.unit.name[-1]: p for p in cycle.participants.select_related("unit")}
    reviews = []
    for drop, (key, participant) in enumerate(sorted(participants.items())):
        scores = dict(DESK, ADM5=50 - drop) | TALK
        if key in "ABCDEFGH":  # H was 8th after Tahap II, yet has field points
            scores |= dict(FIELD, LAP1=0, LAP2=0) if key in "FG" else FIELD
        for ref, value in scores.items():
            component = {"A": "administrasi", "P": "paparan", "L": "lapangan"}[ref[0]]
            reviews.append(
                Review(
                    evaluator=juror,
                    participant=participant,
                    indicator_ref=ref,
                    component=component,
                    round="",
                    value=value,
                )
            )
    Review.objects.bulk_create(reviews)
    return cycle, participants


def ranks(cycle):
    return {
        r.participant.unit.name[-1]: (r.rank, r.reached, r.awards)
        for r in Result.objects.filter(cycle=cycle).select_related("participant__unit")
    }


def test_full_recompute_ranks_the_seven_who_went_on_first(skk_cycle):
    # Arrange
    cycle, _participants = skk_cycle

    # Act
    recompute_cycle(cycle)

    # Assert: H's 665 beats F and G (550), but H stopped after Tahap II
    stored = ranks(cycle)
    totals = dict(
        Result.objects.filter(cycle=cycle).values_list("participant__unit__name", "display")
    )
    assert totals["Kecamatan H"] > totals["Kecamatan F"]
    assert [k for k, _ in sorted(stored.items(), key=lambda kv: kv[1][0])] == list("ABCDEFGHIJ")
    assert stored["A"] == (1, "tahap-3", ["juara-1"])
    assert stored["E"] == (5, "tahap-3", ["harapan-2"])
    assert stored["G"] == (7, "tahap-3", [])
    assert stored["H"] == (8, "tahap-2", [])
    upto = Result.objects.get(cycle=cycle, participant__unit__name="Kecamatan A").rounds
    assert upto["tahap-2"]["upto"] != "" and upto["tahap-3"]["display"] != ""


def test_incremental_recompute_moves_participants_between_tiers(skk_cycle):
    # Arrange: H overtakes G after Tahap II once one desk score is corrected
    cycle, participants = skk_cycle
    recompute_cycle(cycle)
    Review.objects.filter(participant=participants["H"], indicator_ref="ADM1").update(value=45)

    # Act
    recompute_participant(participants["H"])
    incremental = ranks(cycle)
    recompute_cycle(cycle)

    # Assert: H goes on (rank within the first seven), G drops to 8th; same as a full recompute
    assert incremental == ranks(cycle)
    assert incremental["H"][1] == "tahap-3" and incremental["H"][0] <= 7
    assert incremental["G"] == (8, "tahap-2", [])


def test_announcement_shows_the_last_round_reached(skk_cycle, organiser, client):
    cycle, _participants = skk_cycle
    recompute_cycle(cycle)
    services.determine(
        cycle,
        decree_number="188/1/2023",
        decree_date=dt.date(2023, 12, 1),
        signatory_name="Budi Prasetyo",
        signatory_position="Gubernur Jawa Timur",
        by=organiser,
    )
    services.publish(cycle, by=organiser)

    url = reverse("results:announcement", kwargs={"cycle_id": cycle.pk})
    html = client.get(url).content.decode()

    rows = {r["unit"]: r["reached"] for r in cycle.determinations.get().snapshot}
    assert rows["Kecamatan A"] == "tahap-3" and rows["Kecamatan H"] == "tahap-2"
    assert "Tahap III — Tinjau lapang 7 besar" in html
    assert html.count("Tahap II — Paparan camat") == 3  # H, I and J stopped there


@pytest.fixture
def kovablik_cycle(db, pemkot, organiser):
    """KOVABLIK-style: A failed the administrative check but has the best desk score, B is
    below the desk pass mark 85, C and D pass both (C better in the presentation)."""
    version = {v.instrument.code: v for v, _ in ensure_library()}["inovasi"]
    units = Unit.objects.bulk_create(
        Unit(kind="dinas", name=f"Dinas {c}", region=pemkot.region, parent=pemkot) for c in "ABCD"
    )
    cycle = cycle_services.create_cycle(
        version=version,
        name="KOVABLIK 2023",
        year=2023,
        organiser_unit=pemkot,
        starts_on=dt.date(2023, 5, 1),
        by=organiser,
    )
    cycle_services.add_participants(cycle, units, by=organiser)
    juror = cycle_services.add_team_member(
        cycle, user=User.objects.create(username="panel"), by=organiser
    )
    participants = {p.unit.name[-1]: p for p in cycle.participants.select_related("unit")}
    plan = {
        "A": ("T", 99, 95),
        "B": ("Y", 84, 99),
        "C": ("Y", 88, 90),
        "D": ("Y", 90, 60),
    }
    reviews = []
    for key, (adm1, desk, talk) in plan.items():
        scores = {"ADM1": adm1, "ADM2": "Y", "ADM3": "Y", "ADM4": "Y"}
        scores |= {f"SUB{n}": desk for n in range(1, 9)} | {f"PRS{n}": talk for n in (1, 2, 3)}
        for ref, value in scores.items():
            component = {"A": "administrasi", "S": "substansi", "P": "presentasi"}[ref[0]]
            reviews.append(
                Review(
                    evaluator=juror,
                    participant=participants[key],
                    indicator_ref=ref,
                    component=component,
                    round="",
                    value=value,
                )
            )
    Review.objects.bulk_create(reviews)
    return cycle, participants


def test_pass_marks_keep_who_failed_them_below_the_finalists(kovablik_cycle):
    cycle, _participants = kovablik_cycle

    recompute_cycle(cycle)

    # A's desk score is the best and B's presentation too, yet A failed the administrative
    # selection and B the desk pass mark: the finalists C and D rank first.
    stored = ranks(cycle)
    assert {key: value[:2] for key, value in stored.items()} == {
        "C": (1, "presentasi-wawancara"),
        "D": (2, "presentasi-wawancara"),
        "B": (3, "evaluasi-desk"),
        "A": (4, "seleksi-administrasi"),
    }
