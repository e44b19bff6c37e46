import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from kinerja.assessments.queries import review_scope_for
from kinerja.cycles.models import Cycle
from kinerja.minutes.models import Recommendation
from kinerja.results.compute import recompute_cycle
from kinerja.results.models import Result
from kinerja.results.queries import current_determination, live_announcement
from kinerja.results.services import snapshot_hash
from kinerja.reviews.models import Review
from kinerja.visits.models import FieldVisit, Presentation
from tests.demo.conftest import DEMO_WORLD

pytestmark = DEMO_WORLD

RESULT_FIELDS = (
    "participant_id",
    "total_exact",
    "display",
    "grade_code",
    "rank",
    "awards",
    "components",
    "aspects",
    "missing",
    "tiebreak",
    "inputs_hash",
)


def ekk2024() -> Cycle:
    return Cycle.objects.get(name="EKK 2024 Kota Yogyakarta")


def stored_results(cycle: Cycle) -> list[tuple]:
    return list(Result.objects.filter(cycle=cycle).order_by("rank").values_list(*RESULT_FIELDS))


def test_ekk2024_loading_twice_changes_nothing(demo_world):
    assert demo_world.counts_second == demo_world.counts_first
    assert Cycle.objects.filter(name="EKK 2024 Kota Yogyakarta").count() == 1


def test_ekk2024_has_the_team_and_every_review(demo_world):
    cycle = ekk2024()
    refs = review_scope_for(cycle).counted_refs

    assert cycle.year == 2024
    assert cycle.organiser_unit.short_name == "Tapem"
    assert cycle.participants.count() == 14
    assert cycle.team.count() == 25
    assert cycle.team.values("agency").distinct().count() == 15
    assert [p.assignments.count() for p in cycle.participants.all()] == [3] * 14
    assert len(refs) == 35
    assert Review.objects.filter(participant__cycle=cycle).count() == 14 * 3 * 35
    assert Review.objects.filter(participant__cycle=cycle, submitted_at=None).count() == 0
    assert Recommendation.objects.filter(participant__cycle=cycle).count() == 14


def test_ekk2024_ranks_all_fourteen_and_awards_the_top_five(demo_world):
    results = list(Result.objects.filter(cycle=ekk2024()).order_by("rank"))

    assert [r.rank for r in results] == list(range(1, 15))
    assert len({r.total_exact for r in results}) == 14
    assert [r.awards for r in results[:6]] == [
        ["terbaik-1"],
        ["terbaik-2"],
        ["terbaik-3"],
        ["terbaik-4"],
        ["terbaik-5"],
        [],
    ]
    assert all(r.awards == [] for r in results[5:])
    totals = [float(r.total) for r in results]
    assert 50 < totals[-1] < totals[0] < 100
    assert len({r.grade_code for r in results}) >= 3  # spread over several grades


def test_ekk2024_stored_results_equal_a_fresh_recompute(demo_world):
    cycle = ekk2024()
    before = stored_results(cycle)

    recompute_cycle(cycle)

    assert stored_results(cycle) == before


def test_ekk2024_is_determined_and_announced(demo_world):
    cycle = ekk2024()
    determination = current_determination(cycle)
    announcement = live_announcement(cycle.pk)
    results = {r.participant_id: r for r in Result.objects.filter(cycle=cycle)}

    assert determination.decree_number.startswith("Keputusan Wali Kota Yogyakarta Nomor")
    assert determination.decree_date == dt.date(2024, 11, 25)
    assert determination.signatory_position == "Wali Kota Yogyakarta"
    assert determination.sha256 == snapshot_hash(determination.snapshot)
    assert [row["rank"] for row in determination.snapshot] == list(range(1, 15))
    for row in determination.snapshot:
        assert row["total_exact"] == results[row["participant_id"]].total_exact
    assert [row["award_names"] for row in determination.snapshot[:5]] == [
        ["Terbaik I"],
        ["Terbaik II"],
        ["Terbaik III"],
        ["Terbaik IV"],
        ["Terbaik V"],
    ]
    assert announcement is not None
    assert announcement.determination_id == determination.pk


def test_ekk2024_stages_are_the_past_2024_calendar(demo_world):
    stages = list(ekk2024().stages.order_by("order"))

    assert len(stages) == 7
    assert all(s.ends_at < timezone.now() for s in stages)
    assert {s.starts_at.year for s in stages} == {2024}
    for earlier, later in itertools.pairwise(stages):
        assert earlier.ends_at <= later.starts_at


def test_ekk2024_public_announcement_lists_the_fourteen_kemantren(demo_world, client):
    cycle = ekk2024()

    response = client.get(reverse("results:announcement", kwargs={"cycle_id": cycle.pk}))

    assert response.status_code == 200
    page = response.content.decode()
    for name in cycle.participants.values_list("unit__name", flat=True):
        assert name in page
    for label in ("Terbaik I", "Terbaik II", "Terbaik III", "Terbaik IV", "Terbaik V"):
        assert label in page


def test_ekk2024_announcement_is_linked_from_the_landing_page(demo_world, client):
    cycle = ekk2024()

    response = client.get(reverse("common:home"))

    url = reverse("results:announcement", kwargs={"cycle_id": cycle.pk})
    assert response.status_code == 200
    assert url in response.content.decode()


def test_ekk2024_report_card_is_public(demo_world, client):
    cycle = ekk2024()
    winner = Result.objects.get(cycle=cycle, rank=1)

    response = client.get(
        reverse(
            "results:report_card",
            kwargs={"cycle_id": cycle.pk, "participant_id": winner.participant_id},
        )
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert winner.participant.unit.name in page
    # The Indonesian page writes the total with a decimal comma ("88,99").
    assert f'<td data-testid="card-total">{winner.display.replace(".", ",")}</td>' in page


def test_ekk2024_mantrijeron_is_visited_on_wednesday_16_october_morning(demo_world):
    cycle = ekk2024()
    visit = FieldVisit.objects.get(
        participant__cycle=cycle, participant__unit__short_name="Mantrijeron"
    )

    assert visit.day == dt.date(2024, 10, 16)
    assert visit.day.isoweekday() == 3
    assert visit.session == "pagi"
    assert visit.starts_at.astimezone(ZoneInfo("Asia/Jakarta")).time() == dt.time(9, 0)
    assert visit.place == "Pendopo Kemantren Mantrijeron"
    assert visit.status == "done"
    assert visit.attendees.filter(category="stakeholder").count() == 19


def test_ekk2024_schedule_covers_everyone_in_october_2024(demo_world):
    cycle = ekk2024()
    visits = list(FieldVisit.objects.filter(participant__cycle=cycle))
    presentations = list(Presentation.objects.filter(participant__cycle=cycle))

    assert len(visits) == 14
    assert all(dt.date(2024, 10, 14) <= v.day <= dt.date(2024, 10, 25) for v in visits)
    assert all(v.day.isoweekday() <= 5 for v in visits)
    assert len(presentations) == 14
    assert all(p.starts_at.date() < dt.date(2024, 10, 14) for p in presentations)
    # Nobody is in two places at once.
    slots = {}
    for visit in visits:
        for evaluator_id in visit.participant.assignments.values_list("evaluator_id", flat=True):
            key = (evaluator_id, visit.day, visit.session)
            assert key not in slots
            slots[key] = visit
