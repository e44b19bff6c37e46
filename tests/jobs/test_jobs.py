"""Jobs on the real database backend: queued in the starting transaction, claimed once (never
run twice), retried up to their limit, failed with the error kept, progress visible while they
run; their page for who started them and the cycle's organisers only."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from kinerja.jobs import services
from kinerja.jobs.enums import JobStatus
from kinerja.jobs.models import Job

CALLS: list[int] = []


def counting(job, progress) -> None:
    CALLS.append(job.pk)
    progress.step(1, 2, "halfway")
    progress.step(2)
    progress.result("/hasil/")


def flaky(job, progress) -> None:
    CALLS.append(job.pk)
    if len(CALLS) < 2:
        raise RuntimeError("the first attempt fails")


def broken(job, progress) -> None:
    CALLS.append(job.pk)
    raise RuntimeError("always fails")


KINDS = {
    "counting": "tests.jobs.test_jobs.counting",
    "flaky": "tests.jobs.test_jobs.flaky",
    "broken": "tests.jobs.test_jobs.broken",
}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queue(db):
    """The database backend (what production uses) and the test kinds."""
    CALLS.clear()
    services.kinds.cache_clear()
    with override_settings(TASKS=DATABASE, KINERJA_JOBS=KINDS):  # django-tasks re-reads TASKS
        yield
    services.kinds.cache_clear()


def _work_off() -> None:
    """What ``kinerja worker`` does for each queued task (run in this process)."""
    for _ in range(10):
        queued = DBTaskResult.objects.ready().order_by("enqueued_at").first()
        if queued is None:
            return
        queued.claim("test-worker")
        queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])
        queued.set_successful(None)


def test_a_job_is_queued_in_the_database_and_run_once(queue, organiser):
    job = services.start("counting", label="Hitung", by=organiser)
    assert job.status == JobStatus.QUEUED
    assert DBTaskResult.objects.count() == 1
    _work_off()
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.message) == ("done", 2, 2, "halfway")
    assert job.result_url == "/hasil/" and job.attempts == 1
    # A second delivery of the same task finds the job claimed and does nothing.
    assert services.run(job.pk) == JobStatus.DONE
    assert [job.pk] == CALLS


def test_a_failing_job_is_retried_then_succeeds(queue, organiser):
    job = services.start("flaky", label="Kadang gagal", by=organiser)
    _work_off()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2
    assert [job.pk, job.pk] == CALLS


def test_a_job_failing_every_attempt_is_failed_with_its_error(queue, organiser):
    job = services.start("broken", label="Selalu gagal", by=organiser)
    _work_off()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.attempts == job.max_attempts == 3
    assert "always fails" in job.error and job.finished_at is not None
    assert len(CALLS) == 3


def test_a_job_rolled_back_with_its_request_is_never_queued(queue, organiser):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        services.start("counting", label="Batal", by=organiser)
        raise RuntimeError("the request fails after starting the job")
    assert not Job.objects.exists() and not DBTaskResult.objects.exists()


def test_a_running_job_is_not_claimed_again(queue, organiser):
    job = services.start("counting", label="Hitung", by=organiser)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    assert services.run(job.pk) == JobStatus.RUNNING
    assert CALLS == []


def test_the_job_page_is_for_who_started_it_and_the_cycles_organisers(
    pekppp_cycle, organiser, make_user
):  # the immediate backend of the test settings: the job is done when the page opens
    cycle = pekppp_cycle[0]
    job = services.start("recompute", label="Hitung ulang", by=organiser, cycle=cycle)
    url = reverse("jobs:detail", kwargs={"job_id": job.pk})
    client = Client()
    client.force_login(make_user("stranger"))
    assert client.get(url).status_code == 404
    client.force_login(organiser)
    page = client.get(url)
    assert page.status_code == 200 and b'data-status="done"' in page.content
    partial = client.get(url, headers={"HX-Request": "true"})
    assert partial.content.decode().lstrip().startswith('<div id="job-progress"')
    home = client.get(reverse("tasks:home"))
    assert b'data-testid="tasks-jobs"' in home.content
    assert b"Hitung ulang" in client.get(reverse("jobs:list")).content


def test_the_job_page_polls_until_finished(queue, organiser):
    job = services.start("counting", label="Hitung", by=organiser)
    client = Client()
    client.force_login(organiser)
    url = reverse("jobs:detail", kwargs={"job_id": job.pk})
    assert b'hx-trigger="every 1s"' in client.get(url).content
    _work_off()
    assert b'hx-trigger="every 1s"' not in client.get(url).content


@pytest.fixture
def committed_queue(transactional_db):
    """The database backend without the test's wrapping transaction: the worker closes its
    database connection when it stops, as it does in production."""
    CALLS.clear()
    services.kinds.cache_clear()
    with override_settings(TASKS=DATABASE, KINERJA_JOBS=KINDS):
        yield
    services.kinds.cache_clear()


def test_kinerja_worker_runs_the_queue_and_stops_in_batch_mode(committed_queue, organiser):
    from django.core.management import call_command

    jobs = [services.start("counting", label=f"Hitung {n}", by=organiser) for n in range(3)]
    call_command("worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    assert set(Job.objects.values_list("status", flat=True)) == {JobStatus.DONE}
    assert sorted(CALLS) == sorted(job.pk for job in jobs)
