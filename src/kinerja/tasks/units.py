"""What waits for a unit's operator and head: per participation, the F01's progress and
deadline, the clarifications the evaluators asked, and the result once it is announced. The
queries grow with the number of cycles the person takes part in (a handful), never with the
number of indicators or clarifications."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kinerja.assessments.enums import ClarificationStatus
from kinerja.assessments.models import Clarification
from kinerja.assessments.queries import filling_deadline, progress_for
from kinerja.cycles import gates
from kinerja.cycles.models import Participant
from kinerja.results.models import Announcement
from kinerja.tasks.items import CycleTasks, Task, last_moment_text
from kinerja.units.enums import MemberRole


def unit_tasks(user, at: dt.datetime) -> list[CycleTasks]:
    roles: dict[int, set[str]] = defaultdict(set)
    for participant_id, role in user.unit_roles.values_list("participant_id", "role"):
        roles[participant_id].add(role)
    if not roles:
        return []
    participants = list(
        Participant.objects.filter(pk__in=roles)
        .select_related("cycle", "unit", "innovation")
        .prefetch_related("cycle__stages")
        .order_by("-cycle__year", "cycle__name", "unit__name", "pk")
    )
    by_cycle: dict[int, list[Participant]] = defaultdict(list)
    for participant in participants:
        by_cycle[participant.cycle_id].append(participant)
    progress = {}
    for members in by_cycle.values():
        progress |= progress_for(members[0].cycle, [p.pk for p in members])
    questions = Counter(
        {
            row["participant_id"]: row["n"]
            for row in Clarification.objects.filter(
                participant_id__in=roles, status=ClarificationStatus.OPEN
            )
            .values("participant_id")
            .annotate(n=Count("pk"))
            .order_by()
        }
    )
    announced = set(
        Announcement.objects.filter(cycle_id__in=by_cycle, withdrawn_at=None).values_list(
            "cycle_id", flat=True
        )
    )
    return [
        _participant_group(
            p,
            progress=progress.get(p.pk),
            questions=questions[p.pk],
            announced=p.cycle_id in announced,
            head=MemberRole.HEAD in roles[p.pk],
            at=at,
        )
        for p in participants
    ]


def _participant_group(participant, *, progress, questions, announced, head, at) -> CycleTasks:
    cycle = participant.cycle
    kw = {"participant_id": participant.pk}
    current = gates.current_stages(cycle, at)
    group = CycleTasks(
        cycle=cycle,
        role="unit",
        heading=str(participant),
        url=reverse("assessments:f01", kwargs=kw),
        stage=", ".join(s.name for s in current),
        stage_ends=min((s.ends_at for s in current), default=None),
    )
    if announced:
        group.tasks.append(
            Task(
                _("The results are announced: your report card"),
                reverse(
                    "results:report_card",
                    kwargs={"cycle_id": cycle.pk, "participant_id": participant.pk},
                ),
                key="report-card",
            )
        )
        return group
    if questions:
        label = ngettext(
            "%(n)s clarification to answer", "%(n)s clarifications to answer", questions
        )
        group.tasks.append(
            Task(
                label % {"n": questions},
                reverse("assessments:unit_clarifications", kwargs=kw),
                questions,
                True,
                key="clarifications",
            )
        )
    if progress is not None and progress.total:
        group.tasks.append(_f01_task(participant, progress, head=head, at=at))
    return group


def _f01_task(participant, progress, *, head: bool, at: dt.datetime) -> Task:
    url = reverse("assessments:f01", kwargs={"participant_id": participant.pk})
    deadline = filling_deadline(participant.cycle)
    if progress.submitted:
        return Task(_("Self-assessment (F01) submitted"), url, key="f01")
    filling = gates.is_open(participant.cycle, "can_edit_self", at)
    complete = progress.answered == progress.total and not progress.missing_documents
    if complete and head:
        label = _("The F01 is complete: check it and submit it")
    elif complete:
        label = _("The F01 is complete: the unit head submits it")
    else:
        label = _("Self-assessment (F01): %(percent)s%% filled in") % {"percent": progress.percent}
    # Waiting while it can still be done: filling in, or (the head) submitting.
    waiting = filling and (head or not complete)
    due = deadline if filling else None
    return Task(
        label,
        url,
        waiting=waiting,
        due=due,
        due_text=last_moment_text(due, participant.cycle.time_zone),
        key="f01",
    )
