"""The demo's SKK Jawa Timur 2023: 30 kecamatan, Tahap I and II for everyone, the organiser's
decision of the top 7, the field jury as the panel of Tahap III checking the finalists' claims on
site (Junrejo's 33 innovations), determined by the Governor's decree and announced."""

import datetime as dt
from fractions import Fraction

from django.urls import reverse

from kinerja.claims.models import Claim, ClaimCheck
from kinerja.cycles.models import Cycle
from kinerja.demo.skk2023 import CYCLE_NAME, FINALISTS
from kinerja.innovations.models import Innovation
from kinerja.results.cards import report_card
from kinerja.results.compute import recompute_cycle
from kinerja.results.models import Result
from kinerja.reviews.models import Review
from kinerja.rounds.gates import finalists
from tests.demo.conftest import DEMO_WORLD

pytestmark = DEMO_WORLD


def skk() -> Cycle:
    return Cycle.objects.get(name=CYCLE_NAME)


def outcome(cycle):
    rows = Result.objects.filter(cycle=cycle).select_related("participant__unit")
    return {r.participant.unit.short_name: (r.rank, r.reached, r.awards) for r in rows}


def test_skk2023_thirty_kecamatan_one_per_kabkota_seven_finalists(demo_world):
    cycle = skk()

    entrants = cycle.participants.select_related("unit__region")
    going_on = finalists(cycle)

    assert entrants.count() == 30
    assert len({p.unit.region.code for p in entrants}) == 30
    assert {p.unit.short_name for p in entrants if p.pk in going_on} == set(FINALISTS)
    field_jury = cycle.panels.get(round="tahap-3")
    assert field_jury.members.count() == 7
    assert set(
        cycle.assignments.filter(evaluator__panel=field_jury).values_list(
            "participant_id", flat=True
        )
    ) == set(going_on)
    lapangan = Review.objects.filter(participant__cycle=cycle, component="lapangan")
    assert set(lapangan.values_list("participant_id", flat=True)) == set(going_on)


def test_skk2023_is_announced_with_juara_and_harapan_for_finalists_only(demo_world):
    cycle = skk()
    before = outcome(cycle)

    recompute_cycle(cycle)

    assert outcome(cycle) == before
    awarded = sorted((rank, codes) for rank, _reached, codes in before.values() if codes)
    assert awarded == [
        (1, ["juara-1"]),
        (2, ["juara-2"]),
        (3, ["juara-3"]),
        (4, ["harapan-1"]),
        (5, ["harapan-2"]),
    ]
    assert sum(1 for _rank, reached, _codes in before.values() if reached == "tahap-3") == 7
    assert cycle.announcement.withdrawn_at is None
    assert cycle.determinations.get().decree_date == dt.date(2023, 12, 11)


def test_junrejo_claims_its_33_innovations_checked_by_the_field_jury(demo_world):
    cycle = skk()
    junrejo = cycle.participants.get(unit__short_name="Junrejo")

    claims = Claim.objects.filter(participant=junrejo)
    checks = ClaimCheck.objects.filter(claim__participant=junrejo)
    lap1 = Review.objects.filter(participant=junrejo, indicator_ref="LAP1")

    assert claims.count() == 34
    assert claims.values("title").distinct().count() == 33
    assert claims.filter(innovation__isnull=True).count() == 0  # each its innovation record
    assert Innovation.objects.filter(owner=junrejo.unit, published_at__isnull=False).count() == 33
    assert checks.count() == 34 * 7
    assert checks.filter(found=False).count() == 3 * 7
    assert all(r.value == {"target": "34", "actual": "31"} for r in lap1)
    assert lap1.count() == 7
    visit = junrejo.field_visit
    assert visit.day == dt.date(2023, 11, 28)
    assert visit.status == "done"


def test_a_finalists_card_compares_the_field_round_with_the_finalists_only(demo_world):
    cycle = skk()
    determination = cycle.determinations.get()
    junrejo = cycle.participants.get(unit__short_name="Junrejo")

    card = report_card(determination.snapshot, junrejo.pk, cycle.instrument_version.definition)

    field = next(line for line in card.aspects if line.ref == "LAP")
    finalists_lap = [
        Fraction(row["aspects"]["LAP"]["score"])
        for row in determination.snapshot
        if row["reached"] == "tahap-3"
    ]
    assert len(finalists_lap) == 7
    assert field.average == sum(finalists_lap, Fraction(0)) / 7


def test_skk2023_public_pages(demo_world, client):
    cycle = skk()
    junrejo = cycle.participants.get(unit__short_name="Junrejo")
    ponorogo = cycle.participants.get(unit__short_name="Ponorogo")
    wa_bang = Innovation.objects.get(owner=junrejo.unit, acronym="WA BANG")

    announcement = client.get(reverse("results:announcement", kwargs={"cycle_id": cycle.pk}))
    card = client.get(
        reverse("results:report_card", kwargs={"cycle_id": cycle.pk, "participant_id": ponorogo.pk})
    )
    catalogue = client.get(reverse("catalogue:detail", kwargs={"innovation_id": wa_bang.pk}))

    page = announcement.content.decode()
    assert announcement.status_code == 200
    assert "Juara 1" in page and "Harapan 2" in page
    assert page.count("tidak lolos") >= 23
    assert card.status_code == 200
    card_page = card.content.decode()
    assert "tidak lolos" in card_page
    # No score, weakness or advice from the field round Ponorogo never had.
    assert "Tinjau Lapang" not in card_page.replace("Tinjau lapang 7 besar", "")
    verified = catalogue.content.decode()
    section = verified[verified.index('data-testid="verifications"') :][:1500]
    assert CYCLE_NAME in section and "ADM4" in section
    assert "ditemukan" in section and "7 dari 7 juri" in section
