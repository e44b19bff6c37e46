"""Every change to a self-assessment's answers and its state (F01): answers, submission,
reopening, and the checks the evidence changes share.

Each function validates, checks the stage gate on the server (whatever the browser sent), saves
with ``update_fields``, and writes an audit event in the same transaction. A submitted F01 is
frozen until the organiser reopens it; a reopened F01 can be changed only while the stage that
allows it is open (reopening does not move the calendar).
"""

from __future__ import annotations

from decimal import Context, Decimal
from fractions import Fraction

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from kinerja.assessments.enums import EDITABLE, AssessmentStatus
from kinerja.assessments.models import Answer, SelfAssessment
from kinerja.assessments.queries import gaps_for, scope_for
from kinerja.audit.services import record_event
from kinerja.common.actors import actor
from kinerja.cycles import gates
from kinerja.cycles.models import Participant
from kinerja.notifications.enums import NotificationKind
from kinerja.notifications.services import notify
from kinerja.scoring.model.errors import AnswerError
from kinerja.scoring.model.schema import Indicator

CONFLICT_NARRATIVE = 200
"""Characters of the stored narrative quoted in a conflict message."""


class AnswerConflict(ValidationError):
    """The answer changed since the page was loaded (another person, tab or device saved).

    ``current`` is the stored answer (value, narrative, who saved it and when, its revision);
    the message quotes it so the unit can compare. Nothing was written.
    """

    def __init__(self, current: Answer | None, time_zone: str):
        if current is not None and current.pk:
            message = _(
                "This answer was changed by %(who)s on %(when)s after you opened the page. "
                "Your input was not saved. Stored now: %(value)s; explanation: %(narrative)s. "
                "Reload the page to compare and save again."
            ) % {
                "who": str(current.updated_by) if current.updated_by else _("someone"),
                "when": gates.local_time_text(current.updated_at, time_zone),
                "value": answer_text(current.value),
                "narrative": Truncator(current.narrative).chars(CONFLICT_NARRATIVE) or "—",
            }
        else:
            message = _(
                "This answer changed after you opened the page; your input was not saved. "
                "Reload the page and try again."
            )
        super().__init__(message, code="conflict")
        self.current = current


def answer_text(value) -> str:
    """A stored answer as the unit reads it ("—" for none; a realisation as "actual / target")."""
    if value is None or value == "":
        return "—"
    if isinstance(value, dict):
        return f"{value.get('actual', '')} / {value.get('target', '')}"
    return str(value)


# --- checks shared by the changes (answers here, evidence in ``evidence``) --------------------


def f01_indicator(participant: Participant, ref: str) -> Indicator:
    """The F01 indicator ``ref`` of the participant's instrument (``unknown_indicator``)."""
    indicator = scope_for(participant.cycle).indicator(ref)
    if indicator is None:
        raise ValidationError(
            _("Indicator %(ref)s is not part of this self-assessment."),
            code="unknown_indicator",
            params={"ref": ref},
        )
    return indicator


def locked_assessment(participant: Participant) -> SelfAssessment:
    """The participant's F01 row, created when missing, locked for the transaction."""
    assessment, _created = SelfAssessment.objects.select_for_update().get_or_create(
        participant=participant
    )
    return assessment


def require_editable(assessment: SelfAssessment) -> None:
    """Refuse a submitted F01 (``submitted``) until the organiser reopens it."""
    if assessment.status not in EDITABLE:
        raise ValidationError(
            _(
                "The self-assessment has been submitted; it can be changed only after the "
                "organiser reopens it."
            ),
            code="submitted",
        )


def touch(assessment: SelfAssessment, now) -> None:
    """Record the F01's last activity (the monitoring table shows it)."""
    assessment.last_activity_at = now
    assessment.save(update_fields=["last_activity_at"])


# --- answers --------------------------------------------------------------------------------


def _number_text(value: Fraction) -> str:
    """An exact number as decimal text when it has one ("3.5"), else as a fraction ("1/3")."""
    rest = value.denominator
    for factor in (2, 5):
        while rest % factor == 0:
            rest //= factor
    if rest != 1:
        return f"{value.numerator}/{value.denominator}"
    exact = Context(prec=200).divide(Decimal(value.numerator), Decimal(value.denominator))
    text = format(exact.normalize(), "f")
    return "0" if text == "-0" else text


def _storable(canonical):
    """The canonical answer as JSON the scoring engine reads back (numbers as exact text)."""
    if isinstance(canonical, Fraction):
        return _number_text(canonical)
    if isinstance(canonical, tuple):
        target, actual = canonical
        return {"target": _number_text(target), "actual": _number_text(actual)}
    return canonical


def clean_value(indicator: Indicator, value):
    """The value to store for ``indicator``: None for "no answer", else the canonical answer.

    An empty text (or a pair with an empty realisation) means no answer. Raises
    ``ValidationError`` (code ``invalid_answer``) with the scoring engine's message.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dict):
        value = {k: v for k, v in value.items() if not (isinstance(v, str) and not v.strip())}
        if "actual" not in value:
            return None
    try:
        canonical = indicator.validate_raw(value.strip() if isinstance(value, str) else value)
    except AnswerError as exc:
        raise ValidationError(str(exc), code="invalid_answer") from None
    return _storable(canonical)


@transaction.atomic
def save_answer(
    participant: Participant,
    indicator_ref: str,
    *,
    value,
    narrative: str,
    by,
    expected_version: int | None = None,
) -> Answer:
    """Record the unit's answer to one indicator and its narrative.

    Validates the indicator (part of this F01), the F01's status (not submitted), the stage gate
    (``can_edit_self``: ``StageClosed`` with the stage's deadline) and the value (the instrument's
    answer type; ``invalid_answer``). An unchanged answer writes nothing and is never a conflict.

    Optimistic locking, as ``reviews.services.record_review``: ``expected_version`` is the
    answer's ``revision`` the page was loaded with (0 when there was no answer yet). The save is
    one conditional UPDATE (``WHERE revision = expected``, ``revision = revision + 1``) or an
    INSERT guarded by the unique constraint, so of two saves from the same loaded revision
    exactly one wins; the other raises ``AnswerConflict`` carrying the stored answer. ``None``
    skips the check: only for callers that never showed a form (the demo loader, imports).

    Side effects: the answer row (revision bumped), the F01's last activity, audit
    ``answer.save`` with the value and narrative before and after.
    """
    indicator = f01_indicator(participant, indicator_ref)
    assessment = locked_assessment(participant)
    require_editable(assessment)
    gates.require_open(participant.cycle, "can_edit_self")
    stored = clean_value(indicator, value)
    narrative = (narrative or "").strip()
    key = {"participant": participant, "indicator_ref": indicator_ref}
    answer = Answer.objects.select_related("updated_by").filter(**key).first()
    after = {"value": stored, "narrative": narrative}
    author = actor(by)
    time_zone = participant.cycle.time_zone
    if answer is None:
        if expected_version not in (None, 0):
            raise AnswerConflict(None, time_zone)
        if stored is None and not narrative:
            return Answer(**key)
        try:
            with transaction.atomic():
                answer = Answer.objects.create(
                    **key, value=stored, narrative=narrative, updated_by=author, revision=1
                )
        except IntegrityError:
            raise AnswerConflict(
                Answer.objects.select_related("updated_by").filter(**key).first(), time_zone
            ) from None
        before = None
    else:
        before = {"value": answer.value, "narrative": answer.narrative}
        if before == after:
            return answer
        expected = answer.revision if expected_version is None else expected_version
        if answer.revision != expected:
            raise AnswerConflict(answer, time_zone)
        now = timezone.now()
        won = Answer.objects.filter(pk=answer.pk, revision=expected).update(
            value=stored,
            narrative=narrative,
            updated_by=author,
            updated_at=now,
            revision=F("revision") + 1,
        )
        if not won:
            raise AnswerConflict(
                Answer.objects.select_related("updated_by").get(pk=answer.pk), time_zone
            )
        answer.value, answer.narrative = stored, narrative
        answer.updated_by, answer.updated_at = author, now
        answer.revision = expected + 1
    touch(assessment, timezone.now())
    record_event(
        actor=by,
        action="answer.save",
        obj=answer,
        before=before,
        after=after | {"revision": answer.revision},
    )
    return answer


# --- submission -----------------------------------------------------------------------------


@transaction.atomic
def submit_self_assessment(participant: Participant, *, by) -> SelfAssessment:
    """The unit head submits the F01, gaps and all (the confirmation page listed them).

    Validates that ``by`` is the unit head (``PermissionDenied`` otherwise), that the F01 is not
    already submitted, and the stage gate (``can_edit_self``). Side effects: status
    ``submitted`` with ``submitted_at``/``submitted_by``, audit ``f01.submit`` recording what was
    still missing.
    """
    if not by.has_perm("assessments.submit_f01", participant):
        raise PermissionDenied
    assessment = locked_assessment(participant)
    if assessment.status not in EDITABLE:
        raise ValidationError(
            _("The self-assessment has already been submitted."), code="already_submitted"
        )
    gates.require_open(participant.cycle, "can_edit_self")
    gaps = gaps_for(participant)
    before = {"status": assessment.status}
    now = timezone.now()
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = now
    assessment.submitted_by = actor(by)
    assessment.last_activity_at = now
    assessment.save(update_fields=["status", "submitted_at", "submitted_by", "last_activity_at"])
    record_event(
        actor=by,
        action="f01.submit",
        obj=assessment,
        before=before,
        after={"status": assessment.status, "submitted_at": now} | gaps.as_data(),
    )
    return assessment


@transaction.atomic
def reopen_self_assessment(participant: Participant, *, by, reason: str) -> SelfAssessment:
    """The organiser reopens a submitted F01 so the unit can change it again.

    Validates that ``by`` is the organiser (``PermissionDenied``), a reason
    (``reason_required``) and that the F01 is submitted (``not_submitted``). Not gated by the
    calendar, but the unit can edit only while a stage allows it. Side effects: status
    ``reopened``, audit ``f01.reopen`` with the reason, the unit's people notified.
    """
    if not by.has_perm("assessments.reopen_f01", participant):
        raise PermissionDenied
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_("Give the reason for reopening."), code="reason_required")
    assessment = locked_assessment(participant)
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise ValidationError(
            _("Only a submitted self-assessment can be reopened."), code="not_submitted"
        )
    before = {"status": assessment.status}
    assessment.status = AssessmentStatus.REOPENED
    assessment.save(update_fields=["status"])
    record_event(
        actor=by,
        action="f01.reopen",
        obj=assessment,
        before=before,
        after={"status": assessment.status, "reason": reason},
    )
    notify(
        [m.user for m in participant.members.select_related("user")],
        kind=NotificationKind.F01_REOPENED,
        params={"unit": str(participant.unit), "cycle": participant.cycle.name},
        url=reverse("assessments:f01", args=[participant.pk]),
    )
    return assessment
