"""Reads of reviews (F02) shared by pages and services: who sees the other evaluators' scores,
the evaluator's worklist, the overview and the review page.

Query counts do not grow with the number of participants or indicators: reviews, answers,
evidence and clarifications are read set-wise and matched against the instrument's scope in
Python or grouped in the database.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q
from django.utils import timezone

from kinerja.assessments.enums import UNRESOLVED
from kinerja.assessments.models import Clarification
from kinerja.assessments.queries import (
    IndicatorView,
    f01_items,
    open_clarification_counts,
    review_scope_for,
)
from kinerja.cycles import gates
from kinerja.cycles.enums import ScoreVisibility
from kinerja.cycles.models import Assignment, Cycle, Participant, TeamMember
from kinerja.reviews.models import Review
from kinerja.scoring.model.schema import Aspect, Component, Indicator

_VISIBILITY_ORDER = [ScoreVisibility.NEVER, ScoreVisibility.AFTER_OWN, ScoreVisibility.ALWAYS]


def score_visibility(cycle: Cycle, at: dt.datetime | None = None) -> str:
    """The ``see_other_scores`` rule now: the most open one among the running stages; between
    stages, that of the stage that ended last; before the first stage, ``never``."""
    at = at or timezone.now()
    stages = gates.current_stages(cycle, at)
    if not stages:
        ended = [s for s in gates.stages_of(cycle) if s.ends_at <= at]
        stages = [max(ended, key=lambda s: s.ends_at)] if ended else []
    if not stages:
        return ScoreVisibility.NEVER
    return max((s.see_other_scores for s in stages), key=_VISIBILITY_ORDER.index)


# --- worklist -------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkRow:
    participant: Participant
    reviewed: int
    total: int
    open_clarifications: int
    submitted_at: dt.datetime | None

    @property
    def percent(self) -> int:
        return (100 * self.reviewed) // self.total if self.total else 0

    @property
    def complete(self) -> bool:
        return self.reviewed == self.total


def worklist(cycle: Cycle, seat: TeamMember) -> list[WorkRow]:
    """The participants assigned to ``seat`` with its review progress (reviewed scored
    indicators / all of them) and open clarifications. Three queries."""
    scope = review_scope_for(cycle)
    refs = scope.counted_refs
    participants = [
        a.participant
        for a in Assignment.objects.filter(evaluator=seat)
        .select_related("participant__unit")
        .order_by("participant__unit__name", "participant_id")
    ]
    ids = [p.pk for p in participants]
    progress = {
        row["participant_id"]: row
        for row in Review.objects.filter(evaluator=seat, participant_id__in=ids)
        .values("participant_id")
        .annotate(
            reviewed=Count(
                "indicator_ref",
                filter=Q(value__isnull=False, indicator_ref__in=refs),
                distinct=True,
            ),
            submitted=Min("submitted_at"),
        )
        .order_by()
    }
    clarifications = open_clarification_counts(cycle, ids)
    return [
        WorkRow(
            participant=p,
            reviewed=progress.get(p.pk, {}).get("reviewed", 0),
            total=len(refs),
            open_clarifications=clarifications.get(p.pk, 0),
            submitted_at=progress.get(p.pk, {}).get("submitted"),
        )
        for p in participants
    ]


@dataclass(frozen=True)
class OverviewRow:
    participant: Participant
    evaluators: int
    submitted: int
    open_clarifications: int


def overview(cycle: Cycle) -> list[OverviewRow]:
    """Every participant with its number of assigned evaluators, how many of them submitted,
    and open clarifications (for the organiser and the chair). Three queries."""
    participants = list(cycle.participants.select_related("unit").order_by("unit__name", "pk"))
    assigned = {
        row["participant_id"]: row["n"]
        for row in Assignment.objects.filter(cycle=cycle)
        .values("participant_id")
        .annotate(n=Count("evaluator_id", distinct=True))
        .order_by()
    }
    submitted = {
        row["participant_id"]: row["n"]
        for row in Review.objects.filter(participant__cycle=cycle, submitted_at__isnull=False)
        .values("participant_id")
        .annotate(n=Count("evaluator_id", distinct=True))
        .order_by()
    }
    clarifications = open_clarification_counts(cycle)
    return [
        OverviewRow(
            participant=p,
            evaluators=assigned.get(p.pk, 0),
            submitted=submitted.get(p.pk, 0),
            open_clarifications=clarifications.get(p.pk, 0),
        )
        for p in participants
    ]


# --- the review page ------------------------------------------------------------------------


@dataclass
class ReviewItem:
    indicator: Indicator
    component: Component
    dom_id: str
    round: str
    f01: IndicatorView | None
    own: Review | None
    others: list[Review]
    threads: list[Clarification]
    next_dom_id: str = ""
    # Set by the view when a save of this indicator was refused: what the evaluator typed (kept,
    # so nothing is lost), the message, and on a conflict the stored review it collided with.
    posted: dict | None = None
    error: str = ""
    conflict: Review | None = None

    @property
    def open_clarifications(self) -> int:
        return sum(1 for c in self.threads if c.status in UNRESOLVED)

    @property
    def version(self) -> int:
        if self.conflict is not None:
            return self.conflict.version
        if self.posted is not None:
            return self.posted["version"]
        return self.own.version if self.own else 0

    @property
    def shown_value(self):
        return self.posted["value"] if self.posted is not None else self.value

    @property
    def shown_verdict(self) -> str:
        if self.posted is not None:
            return self.posted["verdict"]
        return self.own.verdict if self.own else ""

    @property
    def shown_note(self) -> str:
        if self.posted is not None:
            return self.posted["note"]
        return self.own.note if self.own else ""

    @property
    def shown_value_text(self) -> str:
        value = self.shown_value
        return "" if value is None or isinstance(value, dict) else str(value)

    @property
    def reviewed(self) -> bool:
        return self.own is not None and self.own.value is not None

    @property
    def value(self):
        return self.own.value if self.own else None

    @property
    def value_text(self) -> str:
        value = self.value
        return "" if value is None or isinstance(value, dict) else str(value)


@dataclass
class ReviewAspectView:
    aspect: Aspect
    component: Component
    dom_id: str
    items: list[ReviewItem]

    @property
    def reviewed(self) -> int:
        return sum(1 for i in self.items if i.reviewed and i.indicator.scored)

    @property
    def total(self) -> int:
        return sum(1 for i in self.items if i.indicator.scored)


@dataclass
class ReviewPage:
    participant: Participant
    seat: TeamMember | None
    aspects: list[ReviewAspectView]
    visibility: str
    others_visible: bool
    submitted_at: dt.datetime | None
    f01_visible: bool
    evaluators: list[TeamMember] = field(default_factory=list)

    @property
    def items(self) -> list[ReviewItem]:
        return [item for aspect in self.aspects for item in aspect.items]

    @property
    def reviewed(self) -> int:
        return sum(1 for i in self.items if i.reviewed and i.indicator.scored)

    @property
    def total(self) -> int:
        return sum(1 for i in self.items if i.indicator.scored)

    def item(self, ref: str) -> ReviewItem | None:
        return next((i for i in self.items if i.indicator.ref == ref), None)

    def aspect_of(self, ref: str) -> ReviewAspectView | None:
        return next((a for a in self.aspects if any(i.indicator.ref == ref for i in a.items)), None)

    def next_unscored(self, ref: str) -> ReviewItem | None:
        """The next indicator after ``ref`` the evaluator still has to score (wrapping round to
        the first ones), or None when every scored indicator has a score. Indicators scored
        from claims are scored elsewhere and skipped."""
        items = [i for i in self.items if i.indicator.scored and not i.indicator.claims]
        position = next((n for n, i in enumerate(items) if i.indicator.ref == ref), -1)
        ordered = items[position + 1 :] + items[: position + 1]
        return next((i for i in ordered if not i.reviewed and i.indicator.ref != ref), None)

    def first_unscored_aspect(self) -> ReviewAspectView | None:
        return next(
            (
                a
                for a in self.aspects
                if any(i.indicator.scored and not i.reviewed for i in a.items)
            ),
            None,
        )


def others_visible(visibility: str, *, sees_all: bool, submitted_at: dt.datetime | None) -> bool:
    if sees_all or visibility == ScoreVisibility.ALWAYS:
        return True
    return visibility == ScoreVisibility.AFTER_OWN and submitted_at is not None


def review_page(
    participant: Participant, *, seat: TeamMember | None, sees_all: bool, f01_visible: bool
) -> ReviewPage:
    """Everything the review page shows, in a fixed number of queries.

    ``seat`` is the viewer's own team seat when they score this participant (None for the
    organiser or a chair who only reads). Other evaluators' reviews are loaded only when the
    rule allows the viewer to see them: ``sees_all`` (organiser, chair), else the stage's
    ``see_other_scores`` (``after_own``: once the viewer has submitted for this participant).
    """
    cycle = participant.cycle
    scope = review_scope_for(cycle)
    reviews = list(
        Review.objects.filter(participant=participant).select_related(
            "evaluator__user", "updated_by"
        )
    )
    own = {
        (r.indicator_ref, r.round): r
        for r in reviews
        if seat is not None and r.evaluator_id == seat.pk
    }
    submitted = [r.submitted_at for r in own.values() if r.submitted_at]
    submitted_at = min(submitted) if submitted else None
    visibility = score_visibility(cycle)
    visible = others_visible(visibility, sees_all=sees_all, submitted_at=submitted_at)
    others: dict[tuple[str, str], list[Review]] = defaultdict(list)
    if visible:
        for r in reviews:
            if seat is None or r.evaluator_id != seat.pk:
                others[(r.indicator_ref, r.round)].append(r)
    threads: dict[str, list[Clarification]] = defaultdict(list)
    for clarification in Clarification.objects.filter(participant=participant).order_by(
        "created_at", "pk"
    ):
        threads[clarification.indicator_ref].append(clarification)
    f01 = f01_items(participant) if f01_visible else {}
    aspects = []
    for aspect in scope.aspects:
        items = []
        for indicator in aspect.indicators:
            round = scope.default_round(indicator.ref)
            items.append(
                ReviewItem(
                    indicator=indicator,
                    component=aspect.component,
                    dom_id=scope.dom_ids[indicator.ref],
                    round=round,
                    f01=f01.get(indicator.ref),
                    own=own.get((indicator.ref, round)),
                    others=sorted(
                        others.get((indicator.ref, round), []),
                        key=lambda r: str(r.evaluator.user),
                    ),
                    threads=threads.get(indicator.ref, []),
                )
            )
        aspects.append(
            ReviewAspectView(
                aspect=aspect.aspect, component=aspect.component, dom_id=aspect.dom_id, items=items
            )
        )
    flat = [i for a in aspects for i in a.items]
    for item, following in itertools.pairwise(flat):
        item.next_dom_id = following.dom_id
    return ReviewPage(
        participant=participant,
        seat=seat,
        aspects=aspects,
        visibility=visibility,
        others_visible=visible,
        submitted_at=submitted_at,
        f01_visible=f01_visible,
    )
