"""The demo's SAKIP evaluation of Kota Batu 2023: 29 OPD, the engine's predikat as in the source
(10 A, 19 BB), determined and announced with no ranked awards."""

from django.urls import reverse

from kinerja.cycles.models import Cycle
from kinerja.demo.sakip2023 import CYCLE_NAME, GRADE_A, GRADE_BB, lke_answers
from kinerja.results.compute import recompute_cycle
from kinerja.results.models import Result
from kinerja.scoring.engine import score
from tests.demo.conftest import DEMO_WORLD

pytestmark = DEMO_WORLD


def sakip() -> Cycle:
    return Cycle.objects.get(name=CYCLE_NAME)


def grades(cycle):
    rows = Result.objects.filter(cycle=cycle).select_related("participant__unit")
    return {r.participant.unit.short_name: r.grade_code for r in rows}


def test_sakip2023_grades_are_those_of_the_source(demo_world):
    cycle = sakip()
    before = grades(cycle)

    recompute_cycle(cycle)

    assert grades(cycle) == before
    assert sorted(s for s, g in before.items() if g == "A") == sorted(GRADE_A)
    assert sorted(s for s, g in before.items() if g == "BB") == sorted(GRADE_BB)
    assert len(before) == 29
    assert cycle.announcement.withdrawn_at is None
    assert all(not r.awards for r in Result.objects.filter(cycle=cycle))
    # Each OPD has one assessor, and never one of its own body.
    for participant in cycle.participants.prefetch_related("assignments__evaluator"):
        (assignment,) = participant.assignments.all()
        assert assignment.evaluator.agency_id != participant.unit_id


def test_the_demo_answers_land_inside_the_band(demo_world):
    instrument = sakip().instrument_version.definition

    a = score(instrument, {"lke": lke_answers(instrument, "Dispertan", "A")})
    bb = score(instrument, {"lke": lke_answers(instrument, "Dishub", "BB")})

    assert 81 <= a.total <= 90 and a.grade.code == "A"
    assert 71 <= bb.total <= 80 and bb.grade.code == "BB"


def test_sakip2023_public_page_shows_the_predikat(demo_world, client):
    cycle = sakip()

    page = client.get(reverse("results:announcement", kwargs={"cycle_id": cycle.pk}))

    text = page.content.decode()
    assert page.status_code == 200
    assert text.count("Memuaskan") >= 10 and text.count("Sangat Baik") >= 19
    assert "Kecamatan Bumiaji" in text and "Inspektorat" in text
