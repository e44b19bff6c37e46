"""Competitions where only the top N of a round go on (SKK Jatim: seven to the field review)."""

import datetime as dt

from django.urls import reverse

from kinerja.results import services
from kinerja.results.compute import recompute_cycle, recompute_participant
from kinerja.results.models import Result
from kinerja.reviews.models import Review


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
