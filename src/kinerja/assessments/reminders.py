"""Deadline reminders: three days and one day before a unit's F01 closes, its people are told
(once each: the notification's key names the participant, the deadline and the day count).
``kinerja remind`` runs it; run it daily (cron, or the job worker once there is one)."""

from __future__ import annotations

import datetime as dt
import math

from django.urls import reverse
from django.utils import timezone

from kinerja.assessments.enums import AssessmentStatus
from kinerja.cycles import gates
from kinerja.cycles.models import Cycle, Participant
from kinerja.notifications.enums import NotificationKind
from kinerja.notifications.services import notify

REMIND_AT = (3, 1)
"""Days before the F01 closes when its people are reminded."""


def remind_deadlines(at: dt.datetime | None = None) -> int:
    """Remind the people of every unit whose F01 is not submitted and closes within three days
    (again within one day). Returns how many notifications were written."""
    at = at or timezone.now()
    written = 0
    cycles = Cycle.objects.filter(
        stages__can_edit_self=True, stages__starts_at__lte=at, stages__ends_at__gt=at
    ).distinct()
    for cycle in cycles.prefetch_related("stages"):
        closing = [s for s in gates.current_stages(cycle, at) if s.can_edit_self]
        if not closing:
            continue
        ends = max(s.ends_at for s in closing)
        days = math.ceil((ends - at) / dt.timedelta(days=1))
        step = next((d for d in sorted(REMIND_AT) if days <= d), None)
        if step is None:
            continue
        participants = (
            Participant.objects.filter(cycle=cycle)
            .exclude(self_assessment__status=AssessmentStatus.SUBMITTED)
            .select_related("unit")
            .prefetch_related("members__user")
        )
        for participant in participants:
            written += notify(
                [m.user for m in participant.members.all()],
                kind=NotificationKind.DEADLINE,
                params={
                    "unit": str(participant.unit),
                    "days": days,
                    # The moment and its zone: the text is made in each reader's language.
                    "ends_at": ends.isoformat(),
                    "time_zone": cycle.time_zone,
                    "cycle": cycle.name,
                },
                url=reverse("assessments:f01", args=[participant.pk]),
                key=f"deadline-{participant.pk}-{ends:%Y%m%d}-{step}",
            )
    return written
