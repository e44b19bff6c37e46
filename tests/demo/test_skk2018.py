"""The demo's SKK Jawa Barat 2018: twelve kecamatan nominated by their kab/kota and accepted by
the province, ranked and awarded Juara I–III within the kabupaten and kota categories, each
visited by the assessment team (Margahayu on Monday 6 August 2018) with the camat's interview."""

import datetime as dt

from django.urls import reverse

from kinerja.cycles.models import Cycle
from kinerja.demo.skk2018 import CYCLE_NAME
from kinerja.nominations.enums import NominationStatus
from kinerja.nominations.models import Nomination
from kinerja.results.compute import recompute_cycle
from kinerja.results.models import Result
from kinerja.reviews.models import Review
from tests.demo.conftest import DEMO_WORLD

pytestmark = DEMO_WORLD


def jabar() -> Cycle:
    return Cycle.objects.get(name=CYCLE_NAME)


def standing(cycle):
    rows = Result.objects.filter(cycle=cycle).select_related("participant__unit")
    return {r.participant.unit.short_name: (r.participant.category, r.rank, r.awards) for r in rows}


def test_skk2018_entrants_are_nominations_accepted_in_two_categories(demo_world):
    cycle = jabar()

    nominations = Nomination.objects.filter(invitation__cycle=cycle)
    categories = {p.unit.short_name: p.category for p in cycle.participants.select_related("unit")}

    assert nominations.count() == 12
    assert set(nominations.values_list("status", flat=True)) == {NominationStatus.ACCEPTED}
    assert categories["Margahayu"] == "kabupaten" and categories["Bandung Kulon"] == "kota"
    assert sorted(categories.values()).count("kabupaten") == 8
    assert cycle.stages.order_by("order").first().kind == "nominasi"


def test_skk2018_awards_juara_per_category(demo_world):
    cycle = jabar()
    before = standing(cycle)

    recompute_cycle(cycle)

    assert standing(cycle) == before
    for category in ("kabupaten", "kota"):
        awarded = sorted(
            (rank, codes) for cat, rank, codes in before.values() if cat == category and codes
        )
        assert awarded == [(1, ["juara-1"]), (2, ["juara-2"]), (3, ["juara-3"])]
    assert before["Margahayu"][1] == 1


def test_margahayu_was_visited_and_its_camat_interviewed(demo_world, client):
    cycle = jabar()
    margahayu = cycle.participants.get(unit__short_name="Margahayu")

    interview = Review.objects.filter(participant=margahayu, component="wawancara")
    innovations = Review.objects.filter(participant=margahayu, indicator_ref="3.1")
    page = client.get(reverse("results:announcement", kwargs={"cycle_id": cycle.pk}))

    assert margahayu.field_visit.day == dt.date(2018, 8, 6)
    assert interview.count() == 4 * 3  # W1–W4 by each of the three assessors
    assert {r.value for r in innovations} == {"11"}
    text = page.content.decode()
    assert page.status_code == 200
    assert "Kecamatan Margahayu" in text and text.count("Juara I") >= 2
