"""Every change to clarifications: an evaluator's question to the unit about one indicator, the
thread of messages, and its resolution.

Each function validates, checks the calendar on the server, saves (``update_fields``) and writes
an audit event in the same transaction.

Decisions written down here:

- A clarification's thread stays open to the unit (messages, evidence) until it is resolved and
  while scoring is not over (a later stage that lets evaluators score still lies ahead or is
  running). Evaluators raise and write only while scoring is open. Resolving is never gated by
  the calendar, so a loose end can always be closed (closing also shuts the unit's upload window).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.assessments.enums import UNRESOLVED, ClarificationStatus
from kinerja.assessments.models import Clarification, ClarificationMessage
from kinerja.assessments.queries import clarifiable_indicator
from kinerja.audit.services import record_event
from kinerja.common.actors import actor
from kinerja.common.text import clean_text
from kinerja.cycles import gates
from kinerja.cycles.models import Participant, TeamMember
from kinerja.cycles.queries import is_assigned
from kinerja.notifications.enums import NotificationKind
from kinerja.notifications.services import notify
from kinerja.scoring.model.schema import Indicator

MAX_MESSAGE = 20_000


def _clarifiable_indicator(participant: Participant, ref: str) -> Indicator:
    indicator = clarifiable_indicator(participant.cycle, ref)
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
    if gates.scoring_over(participant.cycle, at):
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
    ``clarification.raise``, the unit's people notified. While it is unresolved the unit may
    answer and add evidence to the indicator even if its F01 is submitted or uploads are closed.
    """
    _clarifiable_indicator(participant, indicator_ref)
    if not is_assigned(evaluator, participant):
        raise PermissionDenied
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
    notify(
        unit_people(participant),
        kind=NotificationKind.CLARIFICATION_ASKED,
        params=_notice_params(participant, indicator_ref, evaluator=str(evaluator.user)),
        url=reverse("assessments:clarification", args=[clarification.pk]),
    )
    return clarification


def unit_people(participant: Participant) -> list:
    """The people who act for the participant's unit (operator, head)."""
    return [m.user for m in participant.members.select_related("user")]


def _notice_params(participant: Participant, ref: str, **extra) -> dict:
    return {
        "unit": str(participant.unit),
        "ref": ref,
        "cycle": participant.cycle.name,
        **extra,
    }


@transaction.atomic
def add_message(clarification: Clarification, *, body: str, by) -> ClarificationMessage:
    """Add a message to a clarification's thread, from the unit or from the team side.

    Validates that ``by`` may take part (``PermissionDenied``), that the clarification is not
    resolved, the body (required), and the calendar: the unit while scoring is not over, the team
    while scoring is open (``can_score``). A unit message marks the clarification ``answered``; a
    team message on an answered one opens it again (a follow-up question). Side effects: the
    message, the clarification's status (``update_fields``), audit ``clarification.message``; a
    unit's answer notifies the evaluator who asked.
    """
    if not by.has_perm("assessments.reply_clarification", clarification):
        raise PermissionDenied
    participant = clarification.participant
    now = timezone.now()
    locked = Clarification.objects.select_for_update().get(pk=clarification.pk)
    _require_unresolved(locked)
    from_unit = by.has_perm("assessments.answer_clarification", clarification)
    if from_unit:
        _require_window(participant, now)
    else:
        gates.require_open(participant.cycle, "can_score")
    body = clean_text(body, MAX_MESSAGE)
    if not body:
        raise ValidationError(_("Write a message."), code="required", params={})
    message = ClarificationMessage.objects.create(
        clarification=locked, author=actor(by), from_unit=from_unit, body=body
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
    if from_unit:
        notify(
            [locked.raised_by.user],
            kind=NotificationKind.CLARIFICATION_ANSWERED,
            params=_notice_params(participant, locked.indicator_ref),
            url=reverse("assessments:clarification", args=[locked.pk]),
        )
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
    if not by.has_perm("assessments.answer_clarification", clarification):
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
    if not by.has_perm("assessments.resolve_clarification", clarification):
        raise PermissionDenied
    locked = Clarification.objects.select_for_update().get(pk=clarification.pk)
    _require_unresolved(locked)
    before = {"status": locked.status}
    locked.status = ClarificationStatus.RESOLVED
    locked.resolved_at = timezone.now()
    locked.resolved_by = actor(by)
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
