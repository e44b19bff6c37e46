"""The demo's KOVABLIK Kota Batu 2023: innovations entered by the city's OPD, the two rounds that
decide who goes on decided as proposed, the finalists' presentations scored, awards 5 Terbaik
(ranks 1–5) and 10 Terbaik (ranks 6–10) for finalists only."""

from django.urls import reverse

from kinerja.assessments.models import Answer
from kinerja.audit.models import AuditEvent
from kinerja.cycles.models import Cycle
from kinerja.demo.kovablik2023 import CYCLE_NAME
from kinerja.results.compute import recompute_cycle
from kinerja.results.models import Result
from kinerja.reviews.models import Review
from kinerja.rounds.gates import finalists
from tests.demo.conftest import DEMO_WORLD

pytestmark = DEMO_WORLD


def kovablik() -> Cycle:
    return Cycle.objects.get(name=CYCLE_NAME)


def outcome(cycle):
    rows = Result.objects.filter(cycle=cycle).select_related("participant__innovation")
    return {r.participant.innovation.acronym: (r.rank, r.reached, r.awards) for r in rows}


def test_kovablik_entries_are_innovations_two_of_them_of_one_opd(demo_world):
    cycle = kovablik()

    entrants = cycle.participants.select_related("innovation", "unit")
    assert entrants.count() == 12
    assert all(p.innovation_id for p in entrants)
    assert entrants.filter(unit__short_name="Dinkes").count() == 2
    assert cycle.organiser_unit.region.code == "35.79"


def test_kovablik_rounds_are_decided_and_only_finalists_have_presentations(demo_world):
    cycle = kovablik()

    going_on = finalists(cycle)
    presented = set(
        Review.objects.filter(participant__cycle=cycle, component="presentasi").values_list(
            "participant_id", flat=True
        )
    )
    assert len(going_on) == 8
    assert presented == going_on
    assert AuditEvent.objects.filter(action="round.decide").count() >= 2
    stored = outcome(cycle)
    assert stored["AKURAT"][1] == "seleksi-administrasi"  # younger than a year
    assert stored["SEHARI"][1] == "evaluasi-desk"  # desk 83, under the mark of 85
    assert stored["POSLANDU"] == (1, "presentasi-wawancara", ["top-5"])


def test_kovablik_awards_go_to_finalists_only(demo_world):
    cycle = kovablik()
    before = outcome(cycle)

    recompute_cycle(cycle)

    assert outcome(cycle) == before
    awards = {acronym: codes for acronym, (_rank, _reached, codes) in before.items()}
    assert sorted(a for a, codes in awards.items() if codes == ["top-5"]) == sorted(
        ["POSLANDU", "JEBOL", "AKA", "BASADI", "LADISA"]
    )
    assert sorted(a for a, codes in awards.items() if codes == ["sepuluh-terbaik"]) == sorted(
        ["KLIPEL", "SIRUBI", "IUMP"]
    )
    # Ranks 9 and 10 stopped at the desk round: no "10 Terbaik" for them.
    assert all(codes == [] for a, codes in awards.items() if before[a][0] > 8)


def test_kovablik_pages_show_the_decisions(demo_world, client):
    cycle = kovablik()
    client.force_login(cycle.organiser_unit.organiser_seats.get().user)

    rounds = client.get(reverse("results:rounds", kwargs={"cycle_id": cycle.pk})).content.decode()
    ranking = client.get(reverse("results:ranking", kwargs={"cycle_id": cycle.pk})).content

    assert rounds.count('data-testid="gate-') == 2
    assert 'name="decide"' not in rounds  # both decided
    assert ranking.decode().count('data-testid="stopped"') == 4


def test_kovablik_entries_wrote_their_proposals_in_sections(demo_world, client):
    cycle = kovablik()
    entry = cycle.participants.get(innovation__acronym="POSLANDU")
    juror = cycle.team.filter(assignments__participant=entry).first().user

    answers = Answer.objects.filter(participant__cycle=cycle)
    client.force_login(juror)
    page = client.get(reverse("assessments:f01", kwargs={"participant_id": entry.pk}))

    assert cycle.instrument_version.version == "2025.1"
    assert answers.count() == 12 * 9  # eight sections and the head's statement, per entry
    assert page.status_code == 200
    assert "Posyandu Lansia Terintegrasi (POSLANDU) adalah inovasi Dinkes" in page.content.decode()


def test_kovablik_innovations_show_their_profile_and_photo_in_the_catalogue(demo_world, client):
    cycle = kovablik()
    innovations = [p.innovation for p in cycle.participants.select_related("innovation")]
    first = innovations[0]
    photo = first.files.get(content_type="image/png")

    page = client.get(reverse("catalogue:detail", kwargs={"innovation_id": first.pk})).text
    image = client.get(
        reverse("innovations:file", kwargs={"innovation_id": first.pk, "file_id": photo.pk})
    )

    assert all(
        sorted(i.files.values_list("content_type", flat=True)) == ["application/pdf", "image/png"]
        for i in innovations
    )
    assert 'data-testid="photos"' in page and "Profil inovasi" in page
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert b"".join(image.streaming_content if image.streaming else [image.content])[:4] == (
        b"\x89PNG"
    )
