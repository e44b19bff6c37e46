from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from kinerja.jobs.enums import FINISHED
from kinerja.jobs.models import Job

RECENT = dt.timedelta(days=2)


def recent_jobs(user, limit: int = 5) -> list[Job]:
    """The jobs ``user`` started that are not finished or finished in the last two days."""
    if not user.is_authenticated:
        return []
    since = timezone.now() - RECENT
    return list(
        Job.objects.filter(started_by=user)
        .filter(~Q(status__in=FINISHED) | Q(finished_at__gte=since))
        .select_related("cycle")[:limit]
    )
