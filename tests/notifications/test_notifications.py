"""Notifications: in-app for clarifications, reopened F01, berita acara, announcements and
deadlines, e-mailed after commit when SMTP is configured and the person keeps e-mail on."""

import datetime as dt
import re
import socket
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import formats, timezone, translation

from kinerja.assessments import services as f01
from kinerja.assessments.reminders import remind_deadlines
from kinerja.jobs.models import Job
from kinerja.notifications.enums import NotificationKind
from kinerja.notifications.models import Notification
from kinerja.notifications.services import notify

from ..assessments.conftest import moment_in, team_client


def _count(response) -> int:
    found = re.search(r'data-testid="task-count">(\d+)<', response.content.decode())
    return int(found.group(1)) if found else 0


def _of(user, kind=None):
    rows = Notification.objects.filter(user=user)
    return list(rows.filter(kind=kind) if kind else rows)


def test_a_clarification_tells_the_unit_and_its_answer_tells_the_evaluator(world, team, scoring):
    clarification = f01.raise_clarification(
        world.mantrijeron, "1.1", evaluator=team.evaluator, question="Mohon SK.", by=world.evaluator
    )
    f01.answer_clarification(clarification, body="Terlampir.", by=world.operator_a)

    [asked] = _of(world.operator_a, NotificationKind.CLARIFICATION_ASKED)
    assert len(_of(world.head_a, NotificationKind.CLARIFICATION_ASKED)) == 1
    assert _of(world.operator_b) == []
    assert asked.url == reverse("assessments:clarification", args=[clarification.pk])
    with translation.override("en"):
        assert asked.message == (
            "Penilai Satu asks Kemantren Mantrijeron for clarification on 1.1 (EKK 2025)."
        )
    with translation.override("id"):
        assert asked.message.startswith("Penilai Satu meminta klarifikasi")
    [answered] = _of(world.evaluator, NotificationKind.CLARIFICATION_ANSWERED)
    assert answered.params["unit"] == "Kemantren Mantrijeron"


def test_a_reopened_f01_tells_the_unit(world):
    f01.submit_self_assessment(world.mantrijeron, by=world.head_a)

    f01.reopen_self_assessment(world.mantrijeron, by=world.organiser, reason="Data keliru")

    assert len(_of(world.operator_a, NotificationKind.F01_REOPENED)) == 1
    assert _of(world.operator_b, NotificationKind.F01_REOPENED) == []


def test_deadline_reminders_three_days_then_one_day_once_each(world):
    ends = world.stage("pengisian").ends_at

    with time_machine.travel(ends - dt.timedelta(days=2, hours=5), tick=False):
        first = remind_deadlines()
        again = remind_deadlines()
    with time_machine.travel(ends - dt.timedelta(hours=10), tick=False):
        last = remind_deadlines()
    with time_machine.travel(ends - dt.timedelta(days=6), tick=False):
        early = remind_deadlines()

    # Mantrijeron (operator and head) and Kraton (operator): three people, twice.
    assert (first, again, last, early) == (3, 0, 3, 0)
    reminders = _of(world.operator_a, NotificationKind.DEADLINE)
    assert sorted(n.params["days"] for n in reminders) == [1, 3]
    assert reminders[0].params["time_zone"] == "Asia/Jakarta"


def test_a_deadline_reads_in_each_readers_language(world):
    ends = world.stage("pengisian").ends_at
    with time_machine.travel(ends - dt.timedelta(hours=10), tick=False):
        remind_deadlines()
    [notice] = _of(world.operator_a, NotificationKind.DEADLINE)
    last = timezone.localtime(ends - dt.timedelta(seconds=1), ZoneInfo("Asia/Jakarta"))
    with translation.override("id"):
        indonesian = notice.message
    with translation.override("en"):
        english = notice.message
    assert indonesian != english
    assert f"{last.day} " in indonesian and indonesian.endswith(f"({world.cycle.name}).")
    assert "23.59 WIB" in indonesian and "WIB" in english
    with translation.override("id"):
        assert formats.date_format(last, "F") in indonesian
    with translation.override("en"):
        assert formats.date_format(last, "F") in english


def test_a_submitted_f01_is_not_reminded(world):
    f01.submit_self_assessment(world.mantrijeron, by=world.head_a)
    ends = world.stage("pengisian").ends_at

    with time_machine.travel(ends - dt.timedelta(hours=10), tick=False):
        remind_deadlines()

    assert _of(world.operator_a, NotificationKind.DEADLINE) == []
    assert len(_of(world.operator_b, NotificationKind.DEADLINE)) == 1


def test_email_is_sent_after_commit_only_to_those_who_keep_it(
    world, settings, django_capture_on_commit_callbacks
):
    settings.KINERJA_EMAIL_ENABLED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    world.operator_a.email = "op@jogjakota.go.id"
    world.operator_a.save()
    world.head_a.email = "mantri@jogjakota.go.id"
    world.head_a.email_notifications = False
    world.head_a.save()

    with django_capture_on_commit_callbacks(execute=True):
        notify(
            [world.operator_a, world.head_a, world.operator_b],
            kind=NotificationKind.RESULTS_ANNOUNCED,
            params={"cycle": "EKK 2025"},
            url="/hasil/pengumuman/1/",
        )

    assert [m.to for m in mail.outbox] == [["op@jogjakota.go.id"]]
    assert "Hasil EKK 2025 sudah diumumkan." in mail.outbox[0].body
    assert _of(world.operator_a)[0].emailed_at is not None
    assert _of(world.head_a)[0].emailed_at is None


def test_a_failing_mail_server_fails_the_mail_job_and_keeps_the_notification(
    world, settings, django_capture_on_commit_callbacks
):
    settings.KINERJA_EMAIL_ENABLED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = (
        "127.0.0.1",
        _closed_port(),
        2,
    )
    world.operator_a.email = "op@jogjakota.go.id"
    world.operator_a.save()

    with django_capture_on_commit_callbacks(execute=True):
        written = notify(
            [world.operator_a], kind=NotificationKind.RESULTS_ANNOUNCED, params={"cycle": "X"}
        )

    job = Job.objects.get(kind="notification_mail")
    assert written == 1 and (job.status, job.attempts) == ("failed", job.max_attempts)
    assert "ConnectionRefusedError" in job.error
    assert _of(world.operator_a)[0].emailed_at is None


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_notifications_page_shows_only_ones_own_and_marks_them_read(world):
    notify([world.operator_a], kind=NotificationKind.RESULTS_ANNOUNCED, params={"cycle": "A"})
    notify([world.operator_b], kind=NotificationKind.RESULTS_ANNOUNCED, params={"cycle": "B"})
    client = team_client(world.operator_a)

    page = client.get(reverse("notifications:list"))
    badge = client.get(reverse("tasks:count"))
    client.post(reverse("notifications:read"))
    after = client.get(reverse("tasks:count"))

    assert [n.params["cycle"] for n in page.context["notifications"]] == ["A"]
    # The top bar counts tasks (the F01 to fill), not the notices that tell of them.
    assert _count(badge) == _count(after) == 1
    assert _of(world.operator_a)[0].read_at is not None
    assert _of(world.operator_b)[0].read_at is None


def test_email_can_be_turned_off(world):
    client = team_client(world.operator_a)

    client.post(reverse("notifications:email"), {})
    world.operator_a.refresh_from_db()
    off = world.operator_a.email_notifications
    client.post(reverse("notifications:email"), {"email_notifications": "on"})
    world.operator_a.refresh_from_db()

    assert (off, world.operator_a.email_notifications) == (False, True)


def test_tasks_page_lists_the_new_notifications(world):
    with time_machine.travel(moment_in(world.stage("pengisian")), tick=False):
        notify([world.operator_a], kind=NotificationKind.RESULTS_ANNOUNCED, params={"cycle": "X"})
        body = team_client(world.operator_a).get(reverse("tasks:home")).content.decode()

    assert 'data-testid="tasks-notices"' in body
    assert "The results of X are announced." in body
