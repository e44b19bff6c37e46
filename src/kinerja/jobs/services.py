"""Starting and running jobs on Django's tasks framework (``django-tasks``, database backend).

``start`` records a job and enqueues its task in the same transaction (the database backend's
queue is a table of the same database), so a worker never sees a job whose request was rolled
back, and the test suite's immediate backend runs it right there.

``run`` is what the worker executes. It claims the job with a conditional UPDATE (queued →
running), so the same job never runs twice at once even when two workers hold its task; it
calls the kind's function (named in ``settings.KINERJA_JOBS``) with a ``Progress``; a failure
is retried up to ``max_attempts`` and then the job is failed with the error kept; a refusal
(``ValidationError``: the work cannot be done as asked) fails it at once with its message.
A function does its own writes atomically, so a failed attempt leaves nothing half done.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from kinerja.audit.services import record_event
from kinerja.common.actors import actor
from kinerja.jobs.enums import JobStatus
from kinerja.jobs.models import Job


class Progress:
    """What a job's function reports as it goes: ``step(done, total, message)`` (written at once,
    in its own statement, so the job's page reads it while the work goes on), and ``result``
    (the link to what it made)."""

    def __init__(self, job: Job):
        self.job = job

    def step(self, done: int, total: int | None = None, message: str = "") -> None:
        fields = {"done": done}
        if total is not None:
            fields["total"] = total
        if message:
            fields["message"] = message[:300]
        Job.objects.filter(pk=self.job.pk).update(**fields)

    def result(self, url: str) -> None:
        self.job.result_url = url


@cache
def kinds() -> dict[str, Callable]:
    return {kind: import_string(path) for kind, path in settings.KINERJA_JOBS.items()}


def start(kind: str, *, label: str, by, cycle=None, params: dict | None = None) -> Job:
    """Record a job of ``kind`` and queue it. Audited ``job.start``."""
    if kind not in settings.KINERJA_JOBS:
        raise ValueError(kind)
    job = Job.objects.create(
        kind=kind, label=label, params=params or {}, cycle=cycle, started_by=actor(by)
    )
    record_event(actor=by, action="job.start", obj=job, after={"kind": kind, "label": label})
    run_job.enqueue(job.pk)
    job.refresh_from_db()
    return job


def _claim(job_id: int) -> Job | None:
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), error=""
    )
    return Job.objects.select_related("cycle", "started_by").get(pk=job_id) if claimed else None


def run(job_id: int) -> str:
    """Run job ``job_id`` once if it is waiting; returns its status afterwards."""
    job = _claim(job_id)
    if job is None:
        return Job.objects.filter(pk=job_id).values_list("status", flat=True).first() or ""
    progress = Progress(job)
    try:
        kinds()[job.kind](job, progress)
    except ValidationError as refusal:  # the work refused (already determined, …): no retry
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            attempts=job.attempts + 1,
            message=" ".join(refusal.messages)[:300],
            finished_at=timezone.now(),
        )
        return JobStatus.FAILED
    except Exception:  # any other failure of the work is kept on the job, and retried
        attempts = job.attempts + 1
        again = attempts < job.max_attempts
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.QUEUED if again else JobStatus.FAILED,
            attempts=attempts,
            error=traceback.format_exc()[-4000:],
            finished_at=None if again else timezone.now(),
        )
        if again:
            run_job.enqueue(job.pk)
        return JobStatus.QUEUED if again else JobStatus.FAILED
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE,
        attempts=job.attempts + 1,
        result_url=progress.job.result_url,
        finished_at=timezone.now(),
    )
    return JobStatus.DONE


@task()
def run_job(job_id: int) -> str:
    return run(job_id)
