"""Every change to reviews (F02) and clarifications.

Each function validates, checks the stage gate on the server (whatever the browser sent), saves
(``update_fields``, or one conditional UPDATE for the optimistic lock) and writes an audit event
in the same transaction.

Decisions written down here:

- A review may be changed after its evaluator submitted, while scoring is open; every change is
  audited, and ``submitted_at`` keeps the first submission time.
- A submission needs every scored indicator of the scope (or of the round) to have a value:
  "see the others after your own" would mean nothing if an empty form could be submitted.
- A clarification's thread stays open to the unit (messages, evidence) until it is resolved and
  while scoring is not over (a later stage that lets evaluators score still lies ahead or is
  running). Evaluators raise and write only while scoring is open. Resolving is never gated by
  the calendar, so a loose end can always be closed (closing also shuts the unit's upload window).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.assessments.queries import scope_for
from kinerja.assessments.services import clean_value
from kinerja.audit.services import record_event
from kinerja.cycles import gates
from kinerja.cycles.models import Assignment, Participant, TeamMember
from kinerja.results.freeze import require_not_determined
from kinerja.reviews.enums import UNRESOLVED, ClarificationStatus, PlenaryStatus, Verdict
from kinerja.reviews.models import Clarification, ClarificationMessage, Plenary, Review
from kinerja.reviews.queries import review_scope_for, scoring_over
from kinerja.scoring.schema import Indicator

MAX_NOTE = 20_000
MAX_MESSAGE = 20_000


class ReviewConflict(ValidationError):
    """The review changed since the evaluator's form was loaded (another tab or device saved).

    ``current`` is the stored review (its value, verdict, note, who saved it and when), so the
    page can show what changed; nothing was written.
    """

    def __init__(self, current: Review | None):
        if current is not None and current.pk:
            who = str(current.updated_by) if current.updated_by else _("someone")
            message = _(
                "This score was changed by %(who)s on %(when)s after you opened the form. "
                "Your input was not saved; compare and save again."
            ) % {
                "who": who,
                "when": gates.local_time_text(
                    current.updated_at, current.participant.cycle.time_zone
                ),
            }
        else:
            message = _("This score changed after you opened the form; reload and try again.")
        super().__init__(message, code="conflict")
        self.current = current


# --- shared checks --------------------------------------------------------------------------


def actor_or_none(by):
    """The user to record as the actor, or None for commands and anonymous callers."""
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def reviewed_indicator(participant: Participant, ref: str) -> Indicator:
    indicator = review_scope_for(participant.cycle).indicator(ref)
    if indicator is None:
        raise ValidationError(
            _("Indicator %(ref)s is not scored by evaluators."),
            code="unknown_indicator",
            params={"ref": ref},
        )
    return indicator


def _require_assigned(participant: Participant, evaluator: TeamMember) -> None:
    if (
        evaluator.cycle_id != participant.cycle_id
        or not Assignment.objects.filter(evaluator=evaluator, participant=participant).exists()
    ):
        raise PermissionDenied


def review_round(participant: Participant, ref: str, round: str) -> str:
    scope = review_scope_for(participant.cycle)
    rounds = scope.rounds_of(ref)
    if not rounds:
        if round:
            raise ValidationError(
                _("This instrument has no rounds."), code="unknown_round", params={}
            )
        return ""
    round = round or rounds[0]
    if round not in rounds:
        raise ValidationError(
            _("Indicator %(ref)s is not scored in round %(round)s."),
            code="unknown_round",
            params={"ref": ref, "round": round},
        )
    return round


def clean_text(text: str, limit: int) -> str:
    """Stripped text, refused (``too_long``) past ``limit`` characters."""
    text = (text or "").strip()
    if len(text) > limit:
        raise ValidationError(
            _("The text is too long (at most %(limit)s characters)."),
            code="too_long",
            params={"limit": limit},
        )
    return text


def _review_state(review: Review) -> dict[str, Any]:
    return {"value": review.value, "verdict": review.verdict, "note": review.note}


# --- reviews --------------------------------------------------------------------------------


@transaction.atomic
def record_review(
    participant: Participant,
    indicator_ref: str,
    *,
    evaluator: TeamMember,
    value,
    verdict: str = "",
    note: str = "",
    expected_version: int,
    by,
    round: str = "",
) -> Review:
    """Record an evaluator's score, verdict and note for one indicator of a participant.

    Validates that ``evaluator`` is assigned to the participant (``PermissionDenied``), that the
    indicator is one evaluators score (``unknown_indicator``) and the round is one it is scored in
    (``unknown_round``; "" for instruments without rounds, the first round when not given), the
    stage gate (``can_score``: ``StageClosed``), a closed plenary (``plenary_closed``), a current
    determination (``determined``: ``results.freeze``; reopen it first), the value (the answer
    type; ``invalid_answer``) and the verdict.

    Optimistic locking: ``expected_version`` is the version the form was loaded with (0 when
    there was no review yet). The save is one conditional UPDATE (``WHERE version = expected``,
    ``version = version + 1``), so of two concurrent saves with the same expected version exactly
    one wins; the other raises ``ReviewConflict`` carrying the stored review. A new review is an
    INSERT guarded by the unique constraint, with the same outcome. Saving exactly what is stored
    writes nothing and is never a conflict. Side effects: the review row, audit ``review.save``
    with the value, verdict and note before and after, and the participant's result recomputed
    (incremental) in the same transaction.
    """
    indicator = reviewed_indicator(participant, indicator_ref)
    round = review_round(participant, indicator_ref, round)
    _require_assigned(participant, evaluator)
    gates.require_open(participant.cycle, "can_score")
    if Plenary.objects.filter(
        cycle_id=participant.cycle_id, round=round, status=PlenaryStatus.CLOSED
    ).exists():
        # The plenary's decisions rest on the scores as they were: a closed plenary freezes them.
        raise ValidationError(
            _("The plenary is closed: scores can no longer change."), code="plenary_closed"
        )
    require_not_determined(participant.cycle_id)
    stored = clean_value(indicator, value)
    verdict = verdict or ""
    if verdict and verdict not in Verdict.values:
        raise ValidationError(_("Choose a verdict from the list."), code="invalid_verdict")
    note = clean_text(note, MAX_NOTE)
    after = {"value": stored, "verdict": verdict, "note": note}
    key = {
        "evaluator": evaluator,
        "participant": participant,
        "indicator_ref": indicator_ref,
        "round": round,
    }
    scope = review_scope_for(participant.cycle)
    current = Review.objects.select_related("updated_by").filter(**key).first()
    actor = actor_or_none(by)
    if current is None:
        if expected_version != 0:
            raise ReviewConflict(None)
        if stored is None and not verdict and not note:
            return Review(**key, component=scope.component_of(indicator_ref), version=0)
        try:
            with transaction.atomic():
                review = Review.objects.create(
                    **key,
                    component=scope.component_of(indicator_ref),
                    value=stored,
                    verdict=verdict,
                    note=note,
                    version=1,
                    updated_by=actor,
                )
        except IntegrityError:
            raise ReviewConflict(
                Review.objects.select_related("updated_by").filter(**key).first()
            ) from None
        record_event(
            actor=by, action="review.save", obj=review, before=None, after=after | {"version": 1}
        )
        _refresh_result(participant)
        return review
    before = _review_state(current)
    if before == after:
        return current
    if current.version != expected_version:
        raise ReviewConflict(current)
    now = timezone.now()
    won = Review.objects.filter(pk=current.pk, version=expected_version).update(
        value=stored,
        verdict=verdict,
        note=note,
        updated_by=actor,
        updated_at=now,
        version=F("version") + 1,
    )
    if not won:
        raise ReviewConflict(Review.objects.select_related("updated_by").get(pk=current.pk))
    current.value, current.verdict, current.note = stored, verdict, note
    current.updated_by, current.updated_at = actor, now
    current.version = expected_version + 1
    record_event(
        actor=by,
        action="review.save",
        obj=current,
        before=before | {"version": expected_version},
        after=after | {"version": current.version},
    )
    _refresh_result(participant)
    return current


def _refresh_result(participant: Participant) -> None:
    # Results are derived, never typed: a changed score changes the stored result and the ranks.
    from kinerja.results.compute import recompute_participant

    recompute_participant(participant)


@transaction.atomic
def submit_reviews(
    participant: Participant, *, evaluator: TeamMember, by, round: str | None = None
) -> int:
    """The evaluator declares their scores for a participant done (for one round, or all).

    Validates the assignment (``PermissionDenied``), the stage gate (``can_score``) and that
    every scored indicator has a value (``incomplete``, naming the missing refs). Side effects:
    stamps ``submitted_at`` on the evaluator's reviews of the participant that have none (the
    first submission time is kept), audit ``review.submit``. Returns how many were stamped.
    """
    _require_assigned(participant, evaluator)
    gates.require_open(participant.cycle, "can_score")
    scope = review_scope_for(participant.cycle)
    refs = [ref for ref in scope.counted_refs if round is None or round in scope.rounds_of(ref)]
    reviews = Review.objects.filter(evaluator=evaluator, participant=participant)
    if round is not None:
        reviews = reviews.filter(round=round)
    scored = set(reviews.filter(value__isnull=False).values_list("indicator_ref", flat=True))
    missing = [ref for ref in refs if ref not in scored]
    if missing:
        raise ValidationError(
            _("Score every indicator before submitting; still missing: %(refs)s."),
            code="incomplete",
            params={"refs": ", ".join(missing)},
        )
    now = timezone.now()
    stamped = reviews.filter(submitted_at__isnull=True).update(submitted_at=now)
    if stamped:
        record_event(
            actor=by,
            action="review.submit",
            obj=participant,
            after={
                "evaluator": evaluator.pk,
                "round": round,
                "reviews": stamped,
                "submitted_at": now,
            },
        )
    return stamped


# --- clarifications -------------------------------------------------------------------------


def _clarifiable_indicator(participant: Participant, ref: str) -> Indicator:
    indicator = review_scope_for(participant.cycle).indicator(ref) or scope_for(
        participant.cycle
    ).indicator(ref)
    if indicator is None:
        raise ValidationError(
            _("Indicator %(ref)s is not part of this evaluation."),
            code="unknown_indicator",
            params={"ref": ref},
        )
    return indicator


def _require_unresolved(clarification: Clarification) -> None:
    if clarification.status not in UNRESOLVED:
        raise ValidationError(
            _("This clarification has been resolved."), code="resolved", params={}
        )


def _require_window(participant: Participant, at: dt.datetime) -> None:
    if scoring_over(participant.cycle, at):
        raise ValidationError(
            _("Scoring is over; this clarification can no longer be answered."),
            code="scoring_over",
            params={},
        )


@transaction.atomic
def raise_clarification(
    participant: Participant, indicator_ref: str, *, evaluator: TeamMember, question: str, by
) -> Clarification:
    """An assigned evaluator asks the unit about one indicator.

    Validates the assignment (``PermissionDenied``), the indicator, the question (required) and
    the stage gate (``can_score``). Side effects: the clarification (status ``open``), audit
    ``clarification.raise``. While it is unresolved the unit may answer and add evidence to the
    indicator even if its F01 is submitted or uploads are closed.
    """
    _clarifiable_indicator(participant, indicator_ref)
    _require_assigned(participant, evaluator)
    gates.require_open(participant.cycle, "can_score")
    question = clean_text(question, MAX_MESSAGE)
    if not question:
        raise ValidationError(_("Write the question."), code="required", params={})
    clarification = Clarification.objects.create(
        participant=participant,
        indicator_ref=indicator_ref,
        raised_by=evaluator,
        question=question,
    )
    record_event(
        actor=by,
        action="clarification.raise",
        obj=clarification,
        after={
            "participant": participant.pk,
            "indicator": indicator_ref,
            "question": question,
            "status": clarification.status,
        },
    )
    return clarification


@transaction.atomic
def add_message(clarification: Clarification, *, body: str, by) -> ClarificationMessage:
    """Add a message to a clarification's thread, from the unit or from the team side.

    Validates that ``by`` may take part (``PermissionDenied``), that the clarification is not
    resolved, the body (required), and the calendar: the unit while scoring is not over, the team
    while scoring is open (``can_score``). A unit message marks the clarification ``answered``; a
    team message on an answered one opens it again (a follow-up question). Side effects: the
    message, the clarification's status (``update_fields``), audit ``clarification.message``.
    """
    if not by.has_perm("reviews.reply_clarification", clarification):
        raise PermissionDenied
    participant = clarification.participant
    now = timezone.now()
    locked = Clarification.objects.select_for_update().get(pk=clarification.pk)
    _require_unresolved(locked)
    from_unit = by.has_perm("reviews.answer_clarification", clarification)
    if from_unit:
        _require_window(participant, now)
    else:
        gates.require_open(participant.cycle, "can_score")
    body = clean_text(body, MAX_MESSAGE)
    if not body:
        raise ValidationError(_("Write a message."), code="required", params={})
    message = ClarificationMessage.objects.create(
        clarification=locked, author=actor_or_none(by), from_unit=from_unit, body=body
    )
    before = {"status": locked.status}
    fields = []
    if from_unit:
        locked.status = ClarificationStatus.ANSWERED
        locked.answered_at = now
        fields = ["status", "answered_at"]
    elif locked.status == ClarificationStatus.ANSWERED:
        locked.status = ClarificationStatus.OPEN
        fields = ["status"]
    if fields:
        locked.save(update_fields=fields)
    clarification.status, clarification.answered_at = locked.status, locked.answered_at
    record_event(
        actor=by,
        action="clarification.message",
        obj=locked,
        before=before,
        after={
            "status": locked.status,
            "message": message.pk,
            "from_unit": from_unit,
            "body": body,
        },
    )
    return message


def answer_clarification(clarification: Clarification, *, body: str, by) -> ClarificationMessage:
    """The unit answers a clarification: ``add_message`` by one of the unit's own people
    (``PermissionDenied`` for anyone else). The clarification becomes ``answered``."""
    if not by.has_perm("reviews.answer_clarification", clarification):
        raise PermissionDenied
    return add_message(clarification, body=body, by=by)


@transaction.atomic
def resolve_clarification(clarification: Clarification, *, by) -> Clarification:
    """Close a clarification: by the evaluator who raised it, the team chair or the organiser.

    Validates the permission (``PermissionDenied``) and that it is not resolved yet. Not gated by
    the calendar (see the module notes). Side effects: status ``resolved`` with time and person
    (``update_fields``), audit ``clarification.resolve``. From then on the normal F01 rules apply
    to the indicator's evidence again.
    """
    if not by.has_perm("reviews.resolve_clarification", clarification):
        raise PermissionDenied
    locked = Clarification.objects.select_for_update().get(pk=clarification.pk)
    _require_unresolved(locked)
    before = {"status": locked.status}
    locked.status = ClarificationStatus.RESOLVED
    locked.resolved_at = timezone.now()
    locked.resolved_by = actor_or_none(by)
    locked.save(update_fields=["status", "resolved_at", "resolved_by"])
    clarification.status = locked.status
    clarification.resolved_at, clarification.resolved_by = locked.resolved_at, locked.resolved_by
    record_event(
        actor=by,
        action="clarification.resolve",
        obj=locked,
        before=before,
        after={"status": locked.status, "resolved_at": locked.resolved_at},
    )
    return clarification
