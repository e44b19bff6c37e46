"""Rounds enforced on the server (issue 13): the organiser decides who goes on after a round (the
computed list is the proposal; an override needs a reason), a decided round is locked, the next
round takes scores for those who went on only, the field planner schedules them only, and the
others are published as "did not go on to …" without a grade."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from kinerja.accounts.models import User
from kinerja.audit.models import AuditEvent
from kinerja.cycles import services as cycle_services
from kinerja.cycles.enums import MemberRole
from kinerja.cycles.models import Assignment, Panel, ParticipantMember
from kinerja.results import services
from kinerja.results.compute import recompute_cycle
from kinerja.results.models import Result
from kinerja.results.rounds import decide_round, proposal, reopen_round
from kinerja.reviews.services.f02 import record_review
from kinerja.rounds.gates import finalists, require_scorable
from kinerja.rounds.models import RoundDecision
from kinerja.scoring.engine.ranking import advancement
from kinerja.visits import services as visit_services
from kinerja.visits.models import FieldVisit


def proposed(cycle, code):
    return {e.name[-1]: e.proposed.goes_on for e in proposal(cycle, code)}


def ranks(cycle):
    rows = Result.objects.filter(cycle=cycle).values_list(
        "participant__unit__name", "rank", "reached"
    )
    return {name[-1]: (rank, reached) for name, rank, reached in rows}


@pytest.fixture
def computed(skk_cycle):
    cycle, participants = skk_cycle
    recompute_cycle(cycle)
    return cycle, participants


def ids(participants, keys):
    return {participants[k].pk for k in keys}


def test_the_proposal_is_the_computed_top_seven(computed):
    cycle, _participants = computed

    assert proposed(cycle, "tahap-2") == dict.fromkeys("ABCDEFG", True) | dict.fromkeys(
        "HIJ", False
    )
    best = proposal(cycle, "tahap-2")[0]
    assert best.name == "Kecamatan A" and best.proposed.upto


def test_deciding_as_proposed_keeps_the_ranks_and_is_audited(computed, organiser):
    cycle, participants = computed
    before = ranks(cycle)

    decision = decide_round(cycle, "tahap-2", going_on=ids(participants, "ABCDEFG"), by=organiser)

    assert ranks(cycle) == before
    assert decision.outcomes.count() == 10
    assert decision.outcomes.filter(goes_on=True).count() == 7
    event = AuditEvent.objects.get(action="round.decide")
    assert event.after["added"] == event.after["taken_off"] == []
    with pytest.raises(ValidationError) as again:
        decide_round(cycle, "tahap-2", going_on=set(), by=organiser)
    assert again.value.code == "decided"


def test_an_override_needs_a_reason_and_moves_the_ranks(computed, organiser):
    cycle, participants = computed
    going = ids(participants, "ABCDEFH")

    with pytest.raises(ValidationError) as refused:
        decide_round(cycle, "tahap-2", going_on=going, by=organiser)
    decide_round(
        cycle,
        "tahap-2",
        going_on=going,
        reason="G mengundurkan diri dari tinjau lapang.",
        by=organiser,
    )

    assert refused.value.code == "reason_required"
    current = ranks(cycle)
    assert current["H"][1] == "tahap-3" and current["H"][0] <= 7
    assert current["G"] == (8, "tahap-2")
    event = AuditEvent.objects.get(action="round.decide")
    assert event.after["added"] == [participants["H"].pk]
    assert event.after["taken_off"] == [participants["G"].pk]
    outsider = {participants["A"].pk, 10**9}
    with pytest.raises(ValidationError):
        reopen_round(cycle, "tahap-2", reason="", by=organiser)
    reopen_round(cycle, "tahap-2", reason="Salah pilih", by=organiser)
    with pytest.raises(ValidationError) as wrong:
        decide_round(cycle, "tahap-2", going_on=outsider, reason="x", by=organiser)
    assert wrong.value.code == "not_an_entrant"


def test_rounds_take_scores_only_as_decided(computed, organiser):
    cycle, participants = computed
    a, h = participants["A"], participants["H"]

    with translation.override("en"), pytest.raises(ValidationError) as early:
        require_scorable(a, "tahap-3")
    require_scorable(h, "tahap-2")  # open for everyone before the decision
    decide_round(cycle, "tahap-2", going_on=ids(participants, "ABCDEFG"), by=organiser)
    require_scorable(a, "tahap-3")
    refusals = {}
    for participant, code in ((h, "tahap-3"), (a, "tahap-2"), (a, "tahap-1")):
        with translation.override("en"), pytest.raises(ValidationError) as refused:
            require_scorable(participant, code)
        refusals[(participant.unit.name[-1], code)] = refused.value

    assert early.value.code == "round_not_open"
    assert "Tahap II" in early.value.messages[0]
    assert refusals[("H", "tahap-3")].code == "not_finalist"
    assert "Kecamatan H" in refusals[("H", "tahap-3")].messages[0]
    assert refusals[("A", "tahap-2")].code == "round_locked"
    assert refusals[("A", "tahap-1")].code == "round_locked"  # the rounds before lock too
    require_scorable(a, "")  # instruments without rounds are never refused
    reopen_round(cycle, "tahap-2", reason="Nilai paparan D salah ketik", by=organiser)
    require_scorable(a, "tahap-2")
    decision = RoundDecision.objects.get(cycle=cycle)
    assert decision.reopen_reason == "Nilai paparan D salah ketik"
    assert AuditEvent.objects.filter(action="round.reopen").count() == 1


def test_record_review_refuses_a_non_finalist_in_the_field_round(computed, organiser):
    cycle, participants = computed
    juror = cycle.team.get()
    h = participants["H"]
    cycle_services.assign(cycle, evaluator=juror, participant=h, by=organiser)
    decide_round(cycle, "tahap-2", going_on=ids(participants, "ABCDEFG"), by=organiser)
    scoring = cycle.stages.filter(can_score=True).order_by("-order").first()

    with (
        time_machine.travel(scoring.starts_at + dt.timedelta(hours=1)),
        pytest.raises(ValidationError) as refused,
    ):
        record_review(h, "LAP1", evaluator=juror, value=10, expected_version=0, by=juror.user)

    assert refused.value.code == "not_finalist"


def test_two_gates_are_decided_in_order_and_reopened_from_the_last(
    kovablik_cycle,
    organiser,
):
    cycle, participants = kovablik_cycle
    recompute_cycle(cycle)

    with pytest.raises(ValidationError) as out_of_order:
        decide_round(cycle, "evaluasi-desk", going_on=set(), by=organiser)
    assert proposed(cycle, "seleksi-administrasi") == {"A": False, "B": True, "C": True, "D": True}
    decide_round(cycle, "seleksi-administrasi", going_on=ids(participants, "BCD"), by=organiser)
    # Only who passed the administrative check is an entrant of the desk round.
    assert proposed(cycle, "evaluasi-desk") == {"B": False, "C": True, "D": True}
    decide_round(cycle, "evaluasi-desk", going_on=ids(participants, "CD"), by=organiser)

    assert out_of_order.value.code == "gate_before_open"
    assert finalists(cycle) == ids(participants, "CD")
    with pytest.raises(ValidationError) as later_first:
        reopen_round(cycle, "seleksi-administrasi", reason="x", by=organiser)
    assert later_first.value.code == "later_decided"
    reopen_round(cycle, "evaluasi-desk", reason="Periksa ulang", by=organiser)
    reopen_round(cycle, "seleksi-administrasi", reason="Periksa ulang", by=organiser)
    assert RoundDecision.objects.filter(cycle=cycle, reopened_at=None).count() == 0


def test_advancement_follows_a_decision_over_the_computation(kovablik_cycle):
    cycle, _participants = kovablik_cycle
    instrument = cycle.instrument_version.definition
    upto = {k: {"seleksi-administrasi": 1, "evaluasi-desk": 90} for k in "ABC"}
    scores = {k: {"seleksi-administrasi": 100, "evaluasi-desk": 90} for k in "ABC"}

    computed_tiers = advancement(instrument, upto, scores)
    decided_tiers = advancement(instrument, upto, scores, {"seleksi-administrasi": {"A", "B"}})

    assert computed_tiers == {"A": 2, "B": 2, "C": 2}
    assert decided_tiers == {"A": 2, "B": 2, "C": 0}


def test_non_finalists_are_published_without_a_grade(computed, organiser, client):
    cycle, participants = computed
    decide_round(cycle, "tahap-2", going_on=ids(participants, "ABCDEFG"), by=organiser)
    services.determine(
        cycle,
        decree_number="188/1/2023",
        decree_date=dt.date(2023, 12, 1),
        signatory_name="Budi Prasetyo",
        signatory_position="Gubernur Jawa Timur",
        by=organiser,
    )
    services.publish(cycle, by=organiser)

    rows = {r["unit"]: r for r in cycle.determinations.get().snapshot}
    html = client.get(reverse("results:announcement", kwargs={"cycle_id": cycle.pk})).content

    assert rows["Kecamatan H"]["stopped_before"] == "Tahap III — Tinjau lapang 7 besar"
    assert rows["Kecamatan H"]["grade_code"] == ""
    assert rows["Kecamatan A"]["stopped_before"] == ""
    assert html.decode().count('data-testid="stopped"') == 3
    with pytest.raises(ValidationError) as determined:
        reopen_round(cycle, "tahap-2", reason="x", by=organiser)
    assert determined.value.code == "determined"


def test_the_field_planner_schedules_those_who_went_on(computed, organiser):
    cycle, participants = computed
    juror = cycle.team.get()
    for participant in participants.values():
        cycle_services.assign(cycle, evaluator=juror, participant=participant, by=organiser)
    days = [dt.date(2023, 10, d) for d in (2, 3, 4, 5, 6)]

    with pytest.raises(ValidationError) as early:
        visit_services.generate_field_schedule(
            cycle, days=days, sessions=["pagi", "siang"], by=organiser
        )
    decide_round(cycle, "tahap-2", going_on=ids(participants, "ABCDEFG"), by=organiser)
    visit_services.generate_field_schedule(
        cycle, days=days, sessions=["pagi", "siang"], by=organiser
    )

    assert early.value.code == "round_not_open"
    visited = set(
        FieldVisit.objects.filter(participant__cycle=cycle).values_list("participant_id", flat=True)
    )
    assert visited == ids(participants, "ABCDEFG")


def test_the_page_proposes_and_the_organiser_decides(computed, organiser, client):
    cycle, participants = computed
    url = reverse("results:rounds", kwargs={"cycle_id": cycle.pk})
    juror = User.objects.get(username="juri")
    client.force_login(juror)
    team_view = client.get(url)
    team_post = client.post(url, {"decide": "tahap-2"})
    client.force_login(organiser)

    page = client.get(url).content.decode()
    override = client.post(
        url, {"decide": "tahap-2", "going_on": [participants[k].pk for k in "ABCDEFH"]}
    )
    decided = client.post(
        url,
        {
            "decide": "tahap-2",
            "going_on": [participants[k].pk for k in "ABCDEFH"],
            "reason": "G mundur",
        },
    )

    assert team_view.status_code == 200 and 'data-testid="decide"' not in team_view.content.decode()
    assert team_post.status_code == 404
    assert page.count('name="going_on"') == 10
    assert page.count(" checked") == 7
    assert override.status_code == 400
    assert override.content.decode().count(" checked") == 7  # as posted: H in, G out
    assert decided.status_code == 302
    after = client.get(url).content.decode()
    assert after.count('data-testid="override"') == 2
    assert "G mundur" in after
    reopened = client.post(url, {"reopen": "tahap-2", "reason": "Periksa ulang"})
    assert reopened.status_code == 302
    assert RoundDecision.objects.get(cycle=cycle).reopened_at is not None


def test_who_stopped_before_the_last_round_has_no_award(kovablik_cycle):
    cycle, _participants = kovablik_cycle

    recompute_cycle(cycle)

    stored = {
        r.participant.unit.name[-1]: (r.rank, r.reached, r.awards)
        for r in Result.objects.filter(cycle=cycle).select_related("participant__unit")
    }
    # C and D are the finalists; A (failed the check) and B (under the desk mark) rank 3 and 4
    # with no "10 Terbaik", though the award covers ranks up to 10.
    assert stored["C"] == (1, "presentasi-wawancara", ["top-5", "top-10"])
    assert stored["D"][2] == ["top-5", "top-10"]
    assert stored["A"][2] == stored["B"][2] == []
    assert {stored["A"][0], stored["B"][0]} == {3, 4}


def test_an_entrant_reads_whether_it_went_on(computed, organiser, client):
    cycle, participants = computed
    h = participants["H"]
    camat = User.objects.create(username="camat.h")
    ParticipantMember.objects.create(participant=h, user=camat, role=MemberRole.HEAD)
    client.force_login(camat)
    url = reverse("assessments:f01", kwargs={"participant_id": h.pk})
    before = client.get(url).content.decode()
    decide_round(cycle, "tahap-2", going_on=ids(participants, "ABCDEFG"), by=organiser)

    after = client.get(url).content.decode()  # Indonesian, the default

    assert 'data-testid="round-standing"' not in before
    assert 'data-testid="round-standing"' in after
    section = after[after.index("round-standing") :][:800]
    assert "tidak lolos" in section and "nilai babak 616,67" in section
    assert "7 terbaik lolos" in section


def test_the_field_panel_scores_the_field_round_of_the_finalists_only(computed, organiser, client):
    cycle, participants = computed
    field_jury = Panel.objects.create(cycle=cycle, name="Juri tinjau lapang")
    members = [
        cycle_services.add_team_member(
            cycle, user=User.objects.create(username=f"lapang{i}"), panel=field_jury, by=organiser
        )
        for i in (1, 2)
    ]
    url = reverse("results:rounds", kwargs={"cycle_id": cycle.pk})
    client.force_login(organiser)

    chosen = client.post(url, {"round_panel": "tahap-3", "panel": field_jury.pk})
    early = client.post(url, {"assign_round": "tahap-3"}, follow=True)
    decide_round(cycle, "tahap-2", going_on=ids(participants, "ABCDEFG"), by=organiser)
    assigned = client.post(url, {"assign_round": "tahap-3"})
    page = client.get(url).content.decode()

    assert chosen.status_code == assigned.status_code == 302
    field_jury.refresh_from_db()
    assert field_jury.round == "tahap-3"
    assert "Tahap II" in early.content.decode()  # decide it first
    pairs = set(
        Assignment.objects.filter(evaluator__in=members).values_list("participant_id", flat=True)
    )
    assert pairs == ids(participants, "ABCDEFG")
    assert Assignment.objects.filter(evaluator__in=members).count() == 14
    assert 'data-testid="round-panels"' in page
    assert AuditEvent.objects.filter(action="assignment.round_panel").count() == 1
    scoring = cycle.stages.filter(can_score=True).order_by("-order").first()
    juror = cycle_services_member(members[0])
    with (
        time_machine.travel(scoring.starts_at + dt.timedelta(hours=1)),
        pytest.raises(ValidationError) as other_round,
    ):
        record_review(
            participants["A"], "PPR1", evaluator=juror, value=10, expected_version=0, by=juror.user
        )
    assert other_round.value.code == "other_round"


def cycle_services_member(member):
    return type(member).objects.select_related("panel", "cycle").get(pk=member.pk)


def test_the_top_n_of_a_gate_is_counted_within_each_category(computed, organiser):
    cycle, participants = computed
    for key, participant in participants.items():
        category = "kabupaten" if key in "ABCDE" else "kota"
        cycle_services.set_participant(participant, by=organiser, category=category)

    stored = ranks(cycle)
    proposed_now = proposed(cycle, "tahap-2")

    # Seven places per category and five entrants in each: everyone goes on, H included.
    assert all(proposed_now.values())
    assert stored["H"][1] == "tahap-3"
    # H has the full field points of the kota, F and G lost two field items.
    assert stored["A"][0] == stored["H"][0] == 1
