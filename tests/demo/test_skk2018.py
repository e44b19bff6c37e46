"""The demo's SKK Jawa Barat 2018: twelve kecamatan nominated by their kab/kota and accepted by
the province, ranked and awarded Juara I–III within the kabupaten and kota categories, each
visited by the assessment team (Margahayu on Monday 6 August 2018) with the camat's interview, a
round of its own scored by its own jury."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kinerja.cycles.models import Cycle
from kinerja.demo.skk2018 import CYCLE_NAME, INTERVIEW_PANEL
from kinerja.nominations.enums import NominationStatus
from kinerja.nominations.models import Nomination
from kinerja.results.compute import recompute_cycle
from kinerja.results.models import Result
from kinerja.reviews.models import Review
from kinerja.rounds.gates import require_panel_round
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
    assert interview.count() == 4 * 2  # W1–W4 by each of the two interview jurors
    assert {r.value for r in innovations} == {"11"}
    text = page.content.decode()
    assert page.status_code == 200
    assert "Kecamatan Margahayu" in text and text.count("Juara I") >= 2


def test_the_interview_is_its_own_round_with_its_own_jury(demo_world):
    cycle = jabar()
    panels = {p.name: p for p in cycle.panels.all()}
    interview_panel = panels[INTERVIEW_PANEL]

    interviewers = set(
        Review.objects.filter(participant__cycle=cycle, component="wawancara").values_list(
            "evaluator__panel__name", flat=True
        )
    )
    field = set(
        Review.objects.filter(participant__cycle=cycle, component="lapangan").values_list(
            "evaluator__panel__name", flat=True
        )
    )
    field_member = cycle.team.exclude(panel=interview_panel).select_related("panel").first()

    assert cycle.instrument_version.version == "2026.1"
    assert {p.round for p in panels.values()} == {"lapangan", "wawancara"}
    assert interview_panel.round == "wawancara"
    assert interviewers == {INTERVIEW_PANEL} and INTERVIEW_PANEL not in field
    # Each interview juror is assigned to every kecamatan; the field team does not interview.
    assert cycle.assignments.filter(evaluator__panel=interview_panel).count() == 12 * 2
    with pytest.raises(ValidationError) as other:
        require_panel_round(field_member, "wawancara")
    assert other.value.code == "other_round"
