"""What waits for an organiser: per cycle of their bodies that is not announced yet, the
decisions only they take (conflicts, nominations, appeals, determining, announcing) and how far
the cycle is. A fixed number of queries whatever the number of cycles."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kinerja.appeals.enums import AppealStatus
from kinerja.appeals.models import Appeal
from kinerja.assessments.models import SelfAssessment
from kinerja.cycles import gates
from kinerja.cycles.enums import ConflictStatus
from kinerja.cycles.models import ConflictDeclaration, Cycle, Participant
from kinerja.nominations.enums import NominationStatus
from kinerja.nominations.models import Nomination
from kinerja.results.models import Announcement, Determination
from kinerja.reviews.enums import PlenaryStatus
from kinerja.reviews.models import Plenary
from kinerja.tasks.items import CycleTasks, Task
from kinerja.tenancy.scope import scope_of


def _per_cycle(rows, key: str = "cycle_id") -> Counter:
    return Counter(
        {row[key]: row["n"] for row in rows.values(key).annotate(n=Count("pk")).order_by()}
    )


def organiser_tasks(user, at: dt.datetime) -> list[CycleTasks]:
    scope = scope_of(user)
    if scope.platform or not scope.bodies:
        return []
    announced = Announcement.objects.filter(withdrawn_at=None).values("cycle_id")
    cycles = list(
        Cycle.objects.filter(organiser_unit_id__in=scope.bodies)
        .exclude(pk__in=announced)
        .select_related("organiser_unit")
        .prefetch_related("stages")
        .order_by("-year", "name", "pk")
    )
    ids = [c.pk for c in cycles]
    if not ids:
        return []
    participants = _per_cycle(Participant.objects.filter(cycle_id__in=ids))
    submitted = _per_cycle(
        SelfAssessment.objects.filter(participant__cycle_id__in=ids, submitted_at__isnull=False),
        "participant__cycle_id",
    )
    conflicts = _per_cycle(
        ConflictDeclaration.objects.filter(cycle_id__in=ids, status=ConflictStatus.DECLARED)
    )
    nominations = _per_cycle(
        Nomination.objects.filter(invitation__cycle_id__in=ids, status=NominationStatus.PROPOSED),
        "invitation__cycle_id",
    )
    waiting_appeals = Appeal.objects.filter(
        participant__cycle_id__in=ids, status=AppealStatus.SUBMITTED
    )
    appeals = _per_cycle(waiting_appeals, "participant__cycle_id")
    # The participant whose appeal waits longest, per cycle (its page is where appeals are decided).
    first_appeal = {}
    for cycle_id, participant_id in waiting_appeals.order_by("-created_at").values_list(
        "participant__cycle_id", "participant_id"
    ):
        first_appeal[cycle_id] = participant_id
    open_plenaries = set(
        Plenary.objects.filter(cycle_id__in=ids)
        .exclude(status=PlenaryStatus.CLOSED)
        .values_list("cycle_id", flat=True)
    )
    determined = set(
        Determination.objects.filter(cycle_id__in=ids, reopened_at=None).values_list(
            "cycle_id", flat=True
        )
    )
    groups = []
    for cycle in cycles:
        counts = {
            "participants": participants[cycle.pk],
            "submitted": submitted[cycle.pk],
            "conflicts": conflicts[cycle.pk],
            "nominations": nominations[cycle.pk],
            "appeals": appeals[cycle.pk],
            "appeal_participant": first_appeal.get(cycle.pk),
            "plenary_open": cycle.pk in open_plenaries,
            "determined": cycle.pk in determined,
        }
        groups.append(_cycle_group(cycle, counts, at))
    return groups


def _cycle_group(cycle: Cycle, counts: dict, at: dt.datetime) -> CycleTasks:
    kw = {"cycle_id": cycle.pk}
    current = gates.current_stages(cycle, at)
    group = CycleTasks(
        cycle=cycle,
        role="organiser",
        heading=cycle.name,
        url=reverse("cycles:detail", kwargs=kw),
        stage=", ".join(s.name for s in current),
        stage_ends=min((s.ends_at for s in current), default=None),
    )
    tasks = group.tasks
    if counts["participants"]:
        tasks.append(
            Task(
                _("F01 submitted: %(done)s of %(all)s")
                % {"done": counts["submitted"], "all": counts["participants"]},
                reverse("assessments:monitoring", kwargs=kw),
                key="f01-submitted",
            )
        )
    else:
        tasks.append(
            Task(_("Add the participants"), reverse("cycles:participants", kwargs=kw), key="add")
        )
    if counts["nominations"]:
        n = counts["nominations"]
        label = ngettext(
            "%(n)s nomination to accept or refuse", "%(n)s nominations to accept or refuse", n
        )
        tasks.append(
            Task(
                label % {"n": n}, reverse("nominations:list", kwargs=kw), n, True, key="nominations"
            )
        )
    if counts["conflicts"]:
        n = counts["conflicts"]
        label = ngettext(
            "%(n)s conflict of interest to decide", "%(n)s conflicts of interest to decide", n
        )
        tasks.append(
            Task(label % {"n": n}, reverse("cycles:conflicts", kwargs=kw), n, True, key="conflicts")
        )
    if counts["appeals"]:
        n = counts["appeals"]
        url = reverse("appeals:list", kwargs={"participant_id": counts["appeal_participant"]})
        label = ngettext("%(n)s appeal to decide", "%(n)s appeals to decide", n)
        tasks.append(Task(label % {"n": n}, url, n, True, key="appeals"))
    scoring_over = not gates.unfinished_before_determination(cycle, at)
    if scoring_over and counts["plenary_open"]:
        tasks.append(
            Task(
                _("The plenary is not closed yet"),
                reverse("reviews:plenary", kwargs=kw),
                key="plenary",
            )
        )
    determination = reverse("results:determination", kwargs=kw)
    if counts["determined"]:
        tasks.append(
            Task(_("Announce the determined results"), determination, waiting=True, key="announce")
        )
    elif scoring_over and counts["participants"] and gates.stages_of(cycle):
        tasks.append(Task(_("Determine the results"), determination, waiting=True, key="determine"))
    return group
