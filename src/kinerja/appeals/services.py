"""The appeal (sanggah): the unit appeals the score of one indicator; the team decides.

Decisions written down here:

- Filing: the unit's own people only, while a running stage of kind ``sanggah`` (the calendar
  on the server, ``gates.current_stages``); one open appeal per indicator; evidence must be the
  participant's own revisions of that indicator's evidence (or none).
- Deciding: the team chair, an evaluator assigned to the participant, or the organiser; not
  gated by the calendar (a lodged appeal can always be answered). Accepting with a new value
  writes the indicator's ``Consensus`` row through the reviews' one writer,
  ``reviews.services.plenary.write_consensus`` (reason "Sanggah diterima: <note>"), which
  recomputes the result: this is the only path that may change a consensus outside an open
  plenary (``set_consensus`` keeps its plenary and calendar checks for every other caller).
- ``score_before``/``score_after`` keep the stored result's total and the indicator (its
  consensus value and its component's display) around the decision; rejecting keeps scores.
- The evaluators' ``Review`` rows are never touched.
- A new value is refused while the cycle's results are determined (``results.freeze``): the
  organiser reopens the determination first. Rejecting, or accepting without a value, changes
  no score and is allowed. The consensus version grows, so a plenary form loaded before the
  decision is refused (``plenary.ConsensusConflict``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.appeals.enums import AppealStatus
from kinerja.appeals.models import Appeal
from kinerja.assessments.models import EvidenceRevision
from kinerja.assessments.queries import review_scope_for
from kinerja.assessments.services.f01 import clean_value
from kinerja.audit.services import record_event
from kinerja.common.actors import actor
from kinerja.common.text import clean_text
from kinerja.cycles import gates
from kinerja.cycles.enums import StageKind
from kinerja.cycles.gates import StageClosed
from kinerja.cycles.models import Participant
from kinerja.results.freeze import require_not_determined
from kinerja.results.models import Result
from kinerja.reviews.models import Consensus
from kinerja.reviews.services.f02 import review_round, reviewed_indicator
from kinerja.reviews.services.plenary import write_consensus
from kinerja.rounds.gates import require_scorable

MAX_REASON = 5_000


def appeal_stage_open(cycle) -> bool:
    """A running stage of kind ``sanggah``."""
    return any(s.kind == StageKind.SANGGAH for s in gates.current_stages(cycle))


def require_appeal_stage(cycle) -> None:
    if not appeal_stage_open(cycle):
        raise StageClosed(
            _("Appeals can be filed only while the appeal (sanggah) stage is running."),
            code="stage_closed",
        )


def score_snapshot(participant: Participant, indicator_ref: str, round: str = "") -> dict:
    """The stored result's total and the indicator's standing (consensus value, component)."""
    result = Result.objects.filter(participant=participant).first()
    component = review_scope_for(participant.cycle).component_of(indicator_ref)
    consensus = Consensus.objects.filter(
        participant=participant, indicator_ref=indicator_ref, round=round
    ).first()
    components = result.components if result is not None else {}
    return {
        "total": result.display if result is not None else "",
        "grade": result.grade_label if result is not None else "",
        "indicator": {
            "ref": indicator_ref,
            "consensus": consensus.value if consensus is not None else None,
            "component": component,
            "component_display": (components.get(component) or {}).get("display", ""),
        },
    }


def _appeal_state(appeal: Appeal) -> dict[str, Any]:
    return {
        "participant": appeal.participant_id,
        "indicator": appeal.indicator_ref,
        "status": appeal.status,
        "reason": appeal.reason,
        "evidence": sorted(r.pk for r in appeal.evidence.all()) if appeal.pk else [],
    }


def _own_revisions(participant: Participant, indicator_ref: str, revisions) -> list:
    revisions = list(revisions or [])
    ids = {r.pk if hasattr(r, "pk") else int(r) for r in revisions}
    if not ids:
        return []
    found = list(
        EvidenceRevision.objects.filter(
            pk__in=ids,
            evidence__participant=participant,
            evidence__withdrawn_at__isnull=True,
        )
    )
    if len(found) != len(ids):
        raise ValidationError(
            _("Only the unit's own evidence can be attached to an appeal."), code="evidence"
        )
    return found


@transaction.atomic
def file_appeal(
    participant: Participant, indicator_ref: str, *, reason: str, evidence_revisions=(), by
) -> Appeal:
    """File an appeal against one indicator's score.

    Refuses anyone but the unit's people (``PermissionDenied``), an indicator evaluators do not
    score (``unknown_indicator``), an empty reason (``required``), evidence not the unit's own
    (``evidence``), a time outside a running ``sanggah`` stage (``StageClosed``) and a second
    open appeal on the indicator (``already_open``). Side effects: the appeal and its evidence,
    audit ``appeal.file``.
    """
    if by is None or not by.has_perm("appeals.file_appeal", participant):
        raise PermissionDenied
    reviewed_indicator(participant, indicator_ref)
    reason = clean_text(reason, MAX_REASON)
    if not reason:
        raise ValidationError(_("Write the reason for the appeal."), code="required")
    revisions = _own_revisions(participant, indicator_ref, evidence_revisions)
    require_appeal_stage(participant.cycle)
    # Lock the participant so that two simultaneous filings cannot both pass the check.
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    if Appeal.objects.filter(
        participant=participant, indicator_ref=indicator_ref, status=AppealStatus.SUBMITTED
    ).exists():
        raise ValidationError(
            _("There is already an open appeal on indicator %(ref)s."),
            code="already_open",
            params={"ref": indicator_ref},
        )
    appeal = Appeal.objects.create(
        participant=participant,
        indicator_ref=indicator_ref,
        reason=reason,
        created_by=actor(by),
    )
    appeal.evidence.set(revisions)
    record_event(
        actor=by,
        action="appeal.file",
        obj=appeal,
        after=_appeal_state(appeal) | {"score": score_snapshot(participant, indicator_ref)},
    )
    return appeal


@transaction.atomic
def decide_appeal(appeal: Appeal, *, accept: bool, note: str, new_value=None, by) -> Appeal:
    """Decide an open appeal: accept (optionally with the indicator's new value) or reject.

    Refuses anyone but the chair, an evaluator assigned to the participant or the organiser
    (``PermissionDenied``), an appeal decided already (``decided``), an empty note
    (``required``), an invalid value (``invalid_answer``), a new value while the results are
    determined (``determined``, ``results.freeze``) and one in a decided (locked) round or for a
    participant who did not go on to it (``rounds.gates.require_scorable``). Accepting with a
    new value writes the indicator's ``Consensus`` through ``write_consensus`` (reason "Sanggah
    diterima: <note>"; a consensus changed meanwhile is ``ConsensusConflict``), which recomputes
    the result; rejecting, or accepting without a value, changes no score. Side effects: the
    appeal's status, decision and ``score_before``/``score_after``; audit ``appeal.decide`` with
    both; audit ``consensus.set`` when the consensus changed.
    """
    participant = appeal.participant
    if by is None or not by.has_perm("appeals.decide_appeal", participant):
        raise PermissionDenied
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    appeal.participant = participant
    if not appeal.is_open:
        raise ValidationError(_("This appeal has been decided already."), code="decided")
    note = clean_text(note, MAX_REASON)
    if not note:
        raise ValidationError(_("Write the note for the decision."), code="required")
    ref = appeal.indicator_ref
    indicator = reviewed_indicator(participant, ref)
    round = review_round(participant, ref, "")
    stored = None
    if accept and new_value not in (None, ""):
        stored = clean_value(indicator, new_value)
        require_not_determined(participant.cycle_id)
        require_scorable(participant, round)  # a decided round is locked for appeals too
    before = score_snapshot(participant, ref, round)
    if stored is not None:
        write_consensus(
            participant,
            ref,
            round=round,
            value=stored,
            reason=f"Sanggah diterima: {note}",
            by=by,
            appeal=True,
        )
    after = score_snapshot(participant, ref, round)
    state_before = _appeal_state(appeal)
    appeal.status = AppealStatus.ACCEPTED if accept else AppealStatus.REJECTED
    appeal.decided_by = actor(by)
    appeal.decided_at = timezone.now()
    appeal.decision_note = note
    appeal.score_before, appeal.score_after = before, after
    appeal.save(
        update_fields=[
            "status",
            "decided_by",
            "decided_at",
            "decision_note",
            "score_before",
            "score_after",
        ]
    )
    record_event(
        actor=by,
        action="appeal.decide",
        obj=appeal,
        before=state_before | {"score": before},
        after=_appeal_state(appeal) | {"note": note, "new_value": stored, "score": after},
    )
    return appeal
