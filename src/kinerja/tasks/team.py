"""What waits for evaluators and team chairs: per seat on a team, the assigned participants
still to score while scoring is open, the clarifications the units answered, and for the chair
the plenary; and for every signer the berita acara waiting for their confirmation."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kinerja.assessments.enums import ClarificationStatus
from kinerja.assessments.models import Clarification
from kinerja.cycles import gates
from kinerja.cycles.enums import StageKind, TeamRole
from kinerja.cycles.models import TeamMember
from kinerja.minutes.enums import MinutesStatus
from kinerja.minutes.models import MinutesSigner
from kinerja.results.models import Announcement
from kinerja.reviews.enums import PlenaryStatus
from kinerja.reviews.models import Plenary
from kinerja.reviews.queries.f02 import worklist
from kinerja.tasks.items import CycleTasks, Task, last_moment_text


def team_tasks(user, at: dt.datetime) -> list[CycleTasks]:
    announced = Announcement.objects.filter(withdrawn_at=None).values("cycle_id")
    seats = list(
        TeamMember.objects.filter(user=user)
        .exclude(cycle_id__in=announced)
        .select_related("cycle", "user")
        .prefetch_related("cycle__stages")
        .order_by("-cycle__year", "cycle__name", "pk")
    )
    if not seats:
        return []
    answered = Counter(
        {
            row["raised_by_id"]: row["n"]
            for row in Clarification.objects.filter(
                raised_by__in=seats, status=ClarificationStatus.ANSWERED
            )
            .values("raised_by_id")
            .annotate(n=Count("pk"))
            .order_by()
        }
    )
    closed = set(
        Plenary.objects.filter(
            cycle_id__in=[s.cycle_id for s in seats], status=PlenaryStatus.CLOSED
        ).values_list("cycle_id", flat=True)
    )
    return [
        _seat_group(seat, answered=answered[seat.pk], plenary_closed=seat.cycle_id in closed, at=at)
        for seat in seats
    ]


def _seat_group(seat: TeamMember, *, answered: int, plenary_closed: bool, at) -> CycleTasks:
    cycle = seat.cycle
    kw = {"cycle_id": cycle.pk}
    current = gates.current_stages(cycle, at)
    chair = seat.role == TeamRole.CHAIR
    group = CycleTasks(
        cycle=cycle,
        role="chair" if chair else "evaluator",
        heading=cycle.name,
        url=reverse("reviews:mine", kwargs=kw),
        stage=", ".join(s.name for s in current),
        stage_ends=min((s.ends_at for s in current), default=None),
    )
    rows = worklist(cycle, seat)
    if rows:
        done = sum(1 for row in rows if row.complete)
        scoring = gates.is_open(cycle, "can_score", at)
        left = len(rows) - done
        due = max((s.ends_at for s in current if s.can_score), default=None)
        group.tasks.append(
            Task(
                ngettext(
                    "Scored: %(done)s of %(all)s participant",
                    "Scored: %(done)s of %(all)s participants",
                    len(rows),
                )
                % {"done": done, "all": len(rows)},
                reverse("reviews:mine", kwargs=kw),
                left if scoring else 0,
                waiting=scoring and left > 0,
                due=due,
                due_text=last_moment_text(due, cycle.time_zone),
                key="scoring",
            )
        )
    if answered:
        label = ngettext(
            "%(n)s answered clarification to read",
            "%(n)s answered clarifications to read",
            answered,
        )
        group.tasks.append(
            Task(
                label % {"n": answered},
                reverse("reviews:mine", kwargs=kw),
                answered,
                True,
                key="answered",
            )
        )
    if chair and any(s.kind == StageKind.PLENO for s in current) and not plenary_closed:
        group.tasks.append(
            Task(
                _("Run the plenary"),
                reverse("reviews:plenary", kwargs=kw),
                waiting=True,
                key="plenary",
            )
        )
    return group


def signature_tasks(user) -> list[Task]:
    """The berita acara the user signs or acknowledges and has not confirmed yet."""
    signers = (
        MinutesSigner.objects.filter(user=user, confirmed_at=None)
        .exclude(minutes__status=MinutesStatus.FINAL)
        .select_related("minutes__participant__unit", "minutes__participant__cycle")
        .order_by("minutes__participant__cycle__name", "minutes__participant__unit__name")
    )
    return [
        Task(
            _("Confirm the berita acara of %(unit)s (%(cycle)s)")
            % {
                "unit": signer.minutes.participant.unit,
                "cycle": signer.minutes.participant.cycle.name,
            },
            reverse("minutes:detail", kwargs={"participant_id": signer.minutes.participant_id}),
            waiting=True,
            key="signature",
        )
        for signer in signers
    ]
