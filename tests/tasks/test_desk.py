import datetime as dt

import time_machine
from django.urls import reverse
from django.utils import translation

from kinerja.assessments.services.clarifications import answer_clarification, raise_clarification
from kinerja.cycles.services import copy_cycle
from kinerja.cycles.services.conflicts import declare_conflict
from kinerja.minutes.enums import SignerRole
from kinerja.minutes.models import Minutes, MinutesSigner
from kinerja.results import services as results
from kinerja.tasks.desk import desk_for

from ..assessments.conftest import after, moment_in, team_client

DECREE = {
    "decree_number": "100.3.3.3/90/2025",
    "decree_date": dt.date(2025, 11, 3),
    "signatory_name": "Budi Prasetyo",
    "signatory_position": "Wali Kota Yogyakarta",
}


def _tasks(groups):
    return {(g.heading, t.key): t for g in groups for t in g.tasks}


def test_unit_people_see_their_own_f01_waiting_with_its_deadline(world):
    with time_machine.travel(moment_in(world.stage("pengisian")), tick=False):
        operator = desk_for(world.operator_a)
        other = desk_for(world.operator_b)

    assert [g.heading for g in operator.unit] == ["Kemantren Mantrijeron"]
    assert [g.heading for g in other.unit] == ["Kemantren Kraton"]
    f01 = _tasks(operator.unit)[("Kemantren Mantrijeron", "f01")]
    assert f01.waiting is True
    assert f01.url == reverse("assessments:f01", kwargs={"participant_id": world.mantrijeron.pk})
    assert f01.due == world.stage("pengisian").ends_at
    assert f01.due_text.endswith("WIB")
    assert operator.waiting == 1
    assert operator.organiser == [] and operator.team == []


def test_a_clarification_waits_for_the_unit_then_for_the_evaluator(world, team):
    with time_machine.travel(moment_in(world.stage("paparan")), tick=False):
        clarification = raise_clarification(
            world.mantrijeron,
            "1.1",
            evaluator=team.evaluator,
            question="Mohon unggah SK tim.",
            by=world.evaluator,
        )
        asked = desk_for(world.operator_a)
        waiting_for_unit = _tasks(desk_for(world.evaluator).team)
        answer_clarification(clarification, body="Sudah kami unggah.", by=world.operator_a)
        answered_unit = _tasks(desk_for(world.operator_a).unit)
        answered = _tasks(desk_for(world.evaluator).team)

    question = _tasks(asked.unit)[("Kemantren Mantrijeron", "clarifications")]
    assert (question.count, question.waiting) == (1, True)
    assert question.url == reverse(
        "assessments:unit_clarifications", kwargs={"participant_id": world.mantrijeron.pk}
    )
    assert ("EKK 2025", "answered") not in waiting_for_unit
    assert ("Kemantren Mantrijeron", "clarifications") not in answered_unit
    assert answered[("EKK 2025", "answered")].count == 1


def test_evaluators_count_the_participants_left_while_scoring_is_open(world, team, scoring):
    with translation.override("en"):
        evaluator = desk_for(world.evaluator)
    outsider = desk_for(world.other_evaluator)
    chair = desk_for(team.chair_user)

    work = _tasks(evaluator.team)[("EKK 2025", "scoring")]
    assert (work.label, work.count, work.waiting) == ("Scored: 0 of 1 participant", 1, True)
    assert _tasks(outsider.team)[("EKK 2025", "scoring")].count == 1
    assert [g.role for g in chair.team] == ["chair"]
    assert chair.waiting == 0


def test_scoring_is_not_waiting_once_its_stage_is_over(world, team):
    with time_machine.travel(after(world.stage("verifikasi_lapangan")), tick=False):
        work = _tasks(desk_for(world.evaluator).team)[("EKK 2025", "scoring")]

    assert (work.count, work.waiting) == (0, False)


def test_organiser_decides_conflicts_then_determines_then_announces(world, team):
    declare_conflict(team.outsider, world.kraton, reason="Kakak kandung camat", by=world.organiser)
    with (
        time_machine.travel(moment_in(world.stage("paparan")), tick=False),
        translation.override("en"),
    ):
        during = _tasks(desk_for(world.organiser).organiser)
    with time_machine.travel(after(world.stage("verifikasi_lapangan")), tick=False):
        over = _tasks(desk_for(world.organiser).organiser)
        results.determine(world.cycle, by=world.organiser, **DECREE)
        determined = _tasks(desk_for(world.organiser).organiser)
        results.publish(world.cycle, by=world.organiser)
        announced = desk_for(world.organiser)

    assert during[("EKK 2025", "conflicts")].count == 1
    assert during[("EKK 2025", "f01-submitted")].label == "F01 submitted: 0 of 2"
    assert ("EKK 2025", "determine") not in during
    assert over[("EKK 2025", "determine")].waiting is True
    assert ("EKK 2025", "determine") not in determined
    assert determined[("EKK 2025", "announce")].url == reverse(
        "results:determination", kwargs={"cycle_id": world.cycle.pk}
    )
    assert announced.organiser == []


def test_signers_see_the_berita_acara_they_have_not_confirmed(world):
    minutes = Minutes.objects.create(participant=world.mantrijeron)
    MinutesSigner.objects.create(
        minutes=minutes, user=world.head_a, role=SignerRole.UNIT_HEAD, order=1, name="Mantri"
    )

    head = desk_for(world.head_a)
    operator = desk_for(world.operator_a)

    assert [t.url for t in head.signatures] == [
        reverse("minutes:detail", kwargs={"participant_id": world.mantrijeron.pk})
    ]
    assert operator.signatures == []


def test_someone_outside_every_cycle_has_an_empty_desk(world, plain_user):
    desk = desk_for(plain_user)

    assert not desk
    assert desk.waiting == 0


def test_home_page_lists_the_tasks_and_the_badge_counts_them(world):
    client = team_client(world.operator_a)
    with time_machine.travel(moment_in(world.stage("pengisian")), tick=False):
        page = client.get(reverse("tasks:home"))
        badge = client.get(reverse("tasks:count"))

    body = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="tasks-unit"' in body
    assert "Kemantren Mantrijeron" in body and "Kemantren Kraton" not in body
    assert 'data-testid="task-count">1<' in badge.content.decode()


def test_login_leads_to_the_tasks_page(world, client):
    world.operator_a.set_password("rahasia-panjang-2025")
    world.operator_a.save()

    response = client.post(
        reverse("accounts:login"),
        {"username": "op.mantrijeron", "password": "rahasia-panjang-2025"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("tasks:home")


def test_home_page_queries_do_not_grow_with_the_cycles(
    world, organiser_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40) as one:
        organiser_client.get(reverse("tasks:home"))
    for _ in range(4):
        copy_cycle(world.cycle, by=world.organiser)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = organiser_client.get(reverse("tasks:home"))

    assert len(response.context["desk"].organiser) == 5
