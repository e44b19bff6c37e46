"""Reads of self-assessments (F01) and clarifications: progress per participant and aspect,
gaps, the F01 page, the unit's answers and evidence as evaluators read them, and open
clarifications.

Query counts do not grow with the number of participants or indicators: answers, evidence and
clarifications are read set-wise (one query each) and counted against the instrument's scope in
Python or grouped in the database.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, Prefetch, Value, When
from django.utils import timezone

from kinerja.assessments.enums import UNRESOLVED, AssessmentStatus, ClarificationStatus
from kinerja.assessments.models import (
    Answer,
    Clarification,
    Evidence,
    EvidenceRevision,
    SelfAssessment,
)
from kinerja.cycles import gates
from kinerja.cycles.models import Cycle, Participant
from kinerja.scoring.model.schema import EvidenceSlot, Indicator
from kinerja.scoring.model.scope import F01Scope, ReviewScope, f01_scope, review_scope


def scope_for(cycle: Cycle) -> F01Scope:
    return f01_scope(cycle.instrument_version.definition)


def review_scope_for(cycle: Cycle) -> ReviewScope:
    return review_scope(cycle.instrument_version.definition)


def filling_deadline(cycle: Cycle) -> dt.datetime | None:
    """When the last stage that lets units edit their F01 ends (None: no such stage)."""
    ends = [s.ends_at for s in gates.stages_of(cycle) if s.can_edit_self]
    return max(ends) if ends else None


@dataclass(frozen=True)
class AspectProgress:
    ref: str
    name: str
    dom_id: str
    answered: int
    total: int
    missing_documents: int

    @property
    def percent(self) -> int:
        return percent(self.answered, self.total)

    @property
    def complete(self) -> bool:
        return self.answered == self.total and not self.missing_documents


@dataclass(frozen=True)
class Progress:
    """How far a participant's F01 is: answered scored indicators and required documents."""

    participant_id: int
    aspects: tuple[AspectProgress, ...]
    status: str
    submitted_at: dt.datetime | None
    last_activity_at: dt.datetime | None
    started: bool
    deadline_passed: bool

    @property
    def answered(self) -> int:
        return sum(a.answered for a in self.aspects)

    @property
    def total(self) -> int:
        return sum(a.total for a in self.aspects)

    @property
    def missing_documents(self) -> int:
        return sum(a.missing_documents for a in self.aspects)

    @property
    def percent(self) -> int:
        return percent(self.answered, self.total)

    @property
    def submitted(self) -> bool:
        return self.status == AssessmentStatus.SUBMITTED

    @property
    def late(self) -> bool:
        """The filling period is over and the F01 was never (or not again) submitted."""
        return self.deadline_passed and not self.submitted

    @property
    def not_started(self) -> bool:
        return not self.started

    def aspect(self, ref: str) -> AspectProgress:
        return next(a for a in self.aspects if a.ref == ref)


def percent(part: int, whole: int) -> int:
    """Whole percent, rounded down, so 100 % means everything is there."""
    return (100 * part) // whole if whole else 0


def progress_from(
    scope: F01Scope,
    *,
    participant_id: int,
    answered_refs: Iterable[str],
    evidence_pairs: Iterable[tuple[str, str]],
    assessment: SelfAssessment | None,
    deadline: dt.datetime | None,
    now: dt.datetime,
) -> Progress:
    """Progress computed from already-loaded answers and evidence (no query)."""
    answered = set(answered_refs)
    present = set(evidence_pairs)
    aspects = tuple(
        AspectProgress(
            ref=a.ref,
            name=a.aspect.name,
            dom_id=a.dom_id,
            answered=sum(1 for ref in a.counted_refs if ref in answered),
            total=len(a.counted_refs),
            missing_documents=sum(1 for pair in a.required_slots if pair not in present),
        )
        for a in scope.aspects
    )
    return Progress(
        participant_id=participant_id,
        aspects=aspects,
        status=assessment.status if assessment else AssessmentStatus.DRAFT,
        submitted_at=assessment.submitted_at if assessment else None,
        last_activity_at=assessment.last_activity_at if assessment else None,
        started=bool(answered or present),
        deadline_passed=deadline is not None and deadline <= now,
    )


def progress_for(cycle: Cycle, participant_ids: Sequence[int]) -> dict[int, Progress]:
    """Progress of many participants of ``cycle`` in three queries, whatever their number.

    Answers are counted per (participant, top-level aspect) in the database; evidence comes back
    as distinct (participant, indicator, slot) triples of documents that are not withdrawn.
    """
    scope = scope_for(cycle)
    ids = list(participant_ids)
    if not ids:
        return {}
    deadline = filling_deadline(cycle)
    now = timezone.now()
    aspect_of = Case(
        *(
            When(indicator_ref__in=a.counted_refs, then=Value(a.ref))
            for a in scope.aspects
            if a.counted_refs
        ),
        default=Value(""),
        output_field=CharField(),
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        Answer.objects.filter(
            participant_id__in=ids,
            indicator_ref__in=scope.counted_refs,
            value__isnull=False,
        )
        .annotate(aspect=aspect_of)
        .values("participant_id", "aspect")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        counts[row["participant_id"]][row["aspect"]] = row["n"]
    evidence: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for pid, ref, slot in (
        Evidence.objects.filter(participant_id__in=ids, withdrawn_at__isnull=True)
        .values_list("participant_id", "indicator_ref", "slot_code")
        .distinct()
        .order_by()
    ):
        evidence[pid].add((ref, slot))
    assessments = {
        a.participant_id: a for a in SelfAssessment.objects.filter(participant_id__in=ids)
    }
    result = {}
    for pid in ids:
        present = evidence.get(pid, set())
        aspects = tuple(
            AspectProgress(
                ref=a.ref,
                name=a.aspect.name,
                dom_id=a.dom_id,
                answered=counts[pid].get(a.ref, 0) if pid in counts else 0,
                total=len(a.counted_refs),
                missing_documents=sum(1 for pair in a.required_slots if pair not in present),
            )
            for a in scope.aspects
        )
        assessment = assessments.get(pid)
        result[pid] = Progress(
            participant_id=pid,
            aspects=aspects,
            status=assessment.status if assessment else AssessmentStatus.DRAFT,
            submitted_at=assessment.submitted_at if assessment else None,
            last_activity_at=assessment.last_activity_at if assessment else None,
            started=bool(counts.get(pid)) or bool(present),
            deadline_passed=deadline is not None and deadline <= now,
        )
    return result


def participant_progress(participant: Participant) -> Progress:
    return progress_for(participant.cycle, [participant.pk])[participant.pk]


@dataclass(frozen=True)
class Gaps:
    """What is still missing from an F01: unanswered scored indicators and required documents."""

    unanswered: tuple[Indicator, ...]
    missing_documents: tuple[tuple[Indicator, EvidenceSlot], ...]

    def __bool__(self) -> bool:
        return bool(self.unanswered or self.missing_documents)

    def as_data(self) -> dict[str, list[str]]:
        """For the audit record: refs and ``ref/slot`` codes."""
        return {
            "unanswered": [i.ref for i in self.unanswered],
            "missing_documents": [f"{i.ref}/{s.code}" for i, s in self.missing_documents],
        }


def gaps_for(participant: Participant) -> Gaps:
    """The F01's gaps in two queries."""
    scope = scope_for(participant.cycle)
    answered = set(
        Answer.objects.filter(participant=participant, value__isnull=False).values_list(
            "indicator_ref", flat=True
        )
    )
    present = set(
        Evidence.objects.filter(participant=participant, withdrawn_at__isnull=True).values_list(
            "indicator_ref", "slot_code"
        )
    )
    unanswered = []
    missing = []
    for aspect in scope.aspects:
        for indicator in aspect.indicators:
            if indicator.scored and indicator.ref not in answered:
                unanswered.append(indicator)
            for slot in indicator.evidence:
                if slot.required and (indicator.ref, slot.code) not in present:
                    missing.append((indicator, slot))
    return Gaps(unanswered=tuple(unanswered), missing_documents=tuple(missing))


@dataclass
class SlotView:
    slot: EvidenceSlot
    documents: list[Evidence] = field(default_factory=list)

    @property
    def missing(self) -> bool:
        return self.slot.required and not self.documents


@dataclass
class IndicatorView:
    indicator: Indicator
    dom_id: str
    answer: Answer | None
    slots: list[SlotView]

    @property
    def answered(self) -> bool:
        return self.answer is not None and self.answer.value is not None

    @property
    def value(self):
        return self.answer.value if self.answer else None

    @property
    def value_text(self) -> str:
        value = self.value
        if value is None or isinstance(value, dict):
            return ""
        return str(value)

    @property
    def gap(self) -> bool:
        return (self.indicator.scored and not self.answered) or any(s.missing for s in self.slots)


@dataclass
class AspectView:
    scope_ref: str
    name: str
    dom_id: str
    progress: AspectProgress
    indicators: list[IndicatorView]


@dataclass
class F01Page:
    participant: Participant
    assessment: SelfAssessment | None
    aspects: list[AspectView]
    progress: Progress
    reusable: list[EvidenceRevision]


def _documents(participant: Participant) -> dict[tuple[str, str], list[Evidence]]:
    """The participant's documents per (indicator, slot) with their revisions (newest first)
    and files, in two queries. Withdrawn documents are left out (and kept in the database)."""
    documents: dict[tuple[str, str], list[Evidence]] = defaultdict(list)
    revisions = EvidenceRevision.objects.select_related("file", "created_by").order_by("-number")
    for evidence in (
        Evidence.objects.filter(participant=participant, withdrawn_at__isnull=True)
        .prefetch_related(Prefetch("revisions", queryset=revisions))
        .order_by("created_at", "pk")
    ):
        documents[(evidence.indicator_ref, evidence.slot_code)].append(evidence)
    return documents


def _indicator_view(
    scope: F01Scope,
    indicator: Indicator,
    answers: dict[str, Answer],
    documents: dict[tuple[str, str], list[Evidence]],
) -> IndicatorView:
    return IndicatorView(
        indicator=indicator,
        dom_id=scope.dom_ids[indicator.ref],
        answer=answers.get(indicator.ref),
        slots=[
            SlotView(slot=slot, documents=documents.get((indicator.ref, slot.code), []))
            for slot in indicator.evidence
        ],
    )


def f01_page(participant: Participant) -> F01Page:
    """Everything the F01 page shows, in a fixed number of queries (not per indicator).

    Documents come with their revisions (newest first) and files; withdrawn documents are left
    out of the page but kept in the database. ``reusable`` lists the newest revision of every
    file the unit has uploaded in any cycle, to put into another slot without uploading again.
    """
    cycle = participant.cycle
    scope = scope_for(cycle)
    assessment = SelfAssessment.objects.filter(participant=participant).first()
    answers = {a.indicator_ref: a for a in Answer.objects.filter(participant=participant)}
    documents = _documents(participant)
    progress = progress_from(
        scope,
        participant_id=participant.pk,
        answered_refs=[ref for ref, a in answers.items() if a.value is not None],
        evidence_pairs=documents.keys(),
        assessment=assessment,
        deadline=filling_deadline(cycle),
        now=timezone.now(),
    )
    aspects = []
    for aspect in scope.aspects:
        indicators = [
            _indicator_view(scope, indicator, answers, documents) for indicator in aspect.indicators
        ]
        aspects.append(
            AspectView(
                scope_ref=aspect.ref,
                name=aspect.aspect.name,
                dom_id=aspect.dom_id,
                progress=progress.aspect(aspect.ref),
                indicators=indicators,
            )
        )
    return F01Page(
        participant=participant,
        assessment=assessment,
        aspects=aspects,
        progress=progress,
        reusable=reusable_revisions(participant),
    )


def reusable_revisions(participant: Participant, limit: int = 100) -> list[EvidenceRevision]:
    """The newest revision of each file of the participant's unit (every cycle), newest first."""
    seen: set[int] = set()
    result = []
    for revision in (
        EvidenceRevision.objects.filter(evidence__participant__unit_id=participant.unit_id)
        .select_related("file", "evidence__participant__cycle")
        .order_by("-created_at", "-pk")[: limit * 3]
    ):
        if revision.file_id in seen:
            continue
        seen.add(revision.file_id)
        result.append(revision)
        if len(result) == limit:
            break
    return result


def monitoring_rows(cycle: Cycle, participants: Sequence[Participant]) -> list[tuple]:
    """(participant, progress) pairs for the monitoring table and its export."""
    progress = progress_for(cycle, [p.pk for p in participants])
    return [(p, progress[p.pk]) for p in participants]


def cycle_participants(cycle: Cycle):
    return cycle.participants.select_related("unit").order_by("unit__name", "pk")


def f01_items(participant: Participant) -> dict[str, IndicatorView]:
    """The unit's F01 answers and current evidence per indicator, as the evaluators and the
    clarification thread read them, in three queries (answers, documents, their revisions with
    files). Withdrawn documents are left out."""
    scope = scope_for(participant.cycle)
    answers = {a.indicator_ref: a for a in Answer.objects.filter(participant=participant)}
    documents = _documents(participant)
    return {
        indicator.ref: _indicator_view(scope, indicator, answers, documents)
        for aspect in scope.aspects
        for indicator in aspect.indicators
    }


# --- clarifications ---------------------------------------------------------------------------


def clarifiable_indicator(cycle: Cycle, ref: str) -> Indicator | None:
    """The indicator a clarification may be about: one the evaluators score or the unit fills
    in (None for any other ref)."""
    return review_scope_for(cycle).indicator(ref) or scope_for(cycle).indicator(ref)


def clarification_allows_upload(
    participant: Participant, indicator_ref: str, at: dt.datetime | None = None
) -> bool:
    """An unresolved clarification on the indicator, while scoring is not over, lets the unit add
    evidence to it even when its F01 is submitted or uploads are closed (two queries at most)."""
    if gates.scoring_over(participant.cycle, at):
        return False
    return Clarification.objects.filter(
        participant=participant, indicator_ref=indicator_ref, status__in=UNRESOLVED
    ).exists()


def open_clarification_counts(
    cycle: Cycle, participant_ids: Sequence[int] | None = None
) -> dict[int, int]:
    """Participant id → number of unresolved clarifications in ``cycle`` (of ``participant_ids``
    only, when given); participants with none are left out. One query."""
    rows = Clarification.objects.filter(participant__cycle=cycle, status__in=UNRESOLVED)
    if participant_ids is not None:
        rows = rows.filter(participant_id__in=participant_ids)
    counts = rows.values("participant_id").annotate(n=Count("id")).order_by()
    return {row["participant_id"]: row["n"] for row in counts}


def unanswered_clarifications(participant: Participant) -> int:
    """How many of the participant's clarifications wait for the unit's answer. One query."""
    return Clarification.objects.filter(
        participant=participant, status=ClarificationStatus.OPEN
    ).count()


def clarifications_of(participant: Participant):
    """A participant's clarifications with who raised them and their message counts."""
    return (
        Clarification.objects.filter(participant=participant)
        .select_related("raised_by__user", "resolved_by")
        .annotate(message_count=Count("messages"))
        .order_by("-created_at", "-pk")
    )
