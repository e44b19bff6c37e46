"""Every change to reviews (F02): an evaluator's score of an indicator, and the submission.

Each function validates, checks the stage gate on the server (whatever the browser sent), saves
(``update_fields``, or one conditional UPDATE for the optimistic lock) and writes an audit event
in the same transaction.

Decisions written down here:

- A review may be changed after its evaluator submitted, while scoring is open; every change is
  audited, and ``submitted_at`` keeps the first submission time.
- A submission needs every scored indicator of the scope (or of the round) to have a value:
  "see the others after your own" would mean nothing if an empty form could be submitted.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.assessments.queries import review_scope_for
from kinerja.assessments.services.f01 import clean_value
from kinerja.audit.services import record_event
from kinerja.common.actors import actor
from kinerja.common.text import clean_text
from kinerja.cycles import gates
from kinerja.cycles.models import Participant, TeamMember
from kinerja.cycles.queries import is_assigned
from kinerja.results.compute import recompute_participant
from kinerja.results.freeze import require_not_determined
from kinerja.reviews.enums import PlenaryStatus, Verdict
from kinerja.reviews.models import Plenary, Review
from kinerja.rounds.gates import require_panel_round, require_scorable
from kinerja.scoring.model.schema import Indicator

MAX_NOTE = 20_000


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


def reviewed_indicator(participant: Participant, ref: str) -> Indicator:
    """The indicator ``ref`` when evaluators score it (``unknown_indicator`` otherwise)."""
    indicator = review_scope_for(participant.cycle).indicator(ref)
    if indicator is None:
        raise ValidationError(
            _("Indicator %(ref)s is not scored by evaluators."),
            code="unknown_indicator",
            params={"ref": ref},
        )
    return indicator


def _require_assigned(participant: Participant, evaluator: TeamMember) -> None:
    if not is_assigned(evaluator, participant):
        raise PermissionDenied


def review_round(participant: Participant, ref: str, round: str) -> str:
    """The round a score of ``ref`` belongs to: "" without rounds, the first one when not given
    (``unknown_round`` for a round the indicator is not scored in)."""
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
    from_claims: bool = False,
) -> Review:
    """Record an evaluator's score, verdict and note for one indicator of a participant.

    Validates that ``evaluator`` is assigned to the participant (``PermissionDenied``), that the
    indicator is one evaluators score (``unknown_indicator``) and the round is one it is scored in
    (``unknown_round``; "" for instruments without rounds, the first round when not given), the
    stage gate (``can_score``: ``StageClosed``), a closed plenary (``plenary_closed``), a current
    determination (``determined``: ``results.freeze``; reopen it first), the rounds
    (``round_locked``, ``round_not_open``, ``not_finalist``: ``rounds.gates``), the value
    (the answer type; ``invalid_answer``) and the verdict. An indicator scored from claims
    checked on site takes its value only from ``claims.services`` (``from_claims``;
    ``claims_indicator`` otherwise).

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
    if indicator.claims is not None and not from_claims:
        raise ValidationError(
            _("Indicator %(ref)s is scored from the claims checked on site."),
            code="claims_indicator",
            params={"ref": indicator_ref},
        )
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
    require_panel_round(evaluator, round)
    require_scorable(participant, round)
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
    author = actor(by)
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
                    updated_by=author,
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
        updated_by=author,
        updated_at=now,
        version=F("version") + 1,
    )
    if not won:
        raise ReviewConflict(Review.objects.select_related("updated_by").get(pk=current.pk))
    current.value, current.verdict, current.note = stored, verdict, note
    current.updated_by, current.updated_at = author, now
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
