"""Every change made in the plenary (rapat pleno): consensus values, closing and reopening.

Each function checks the permission, validates, checks the calendar, saves and writes an audit
event in the same transaction; consensus changes then recompute the participant's result.

Decisions written down here:

- The plenary of a cycle (per round; "" without rounds) opens by itself with the first
  consensus value, or explicitly with ``open_plenary``; there is one row per cycle and round.
- Consensus values may be set or removed only while the plenary is open **and** a running stage
  allows it: a stage of kind ``pleno``, or a stage in which evaluators may score (``can_score``;
  instruments such as EKK have no separate plenary stage, the team meets within scoring).
- Closing is not gated by the calendar (a plenary can always be concluded); it freezes the
  consensus values until the organiser reopens it, with a reason.
- The evaluators' ``Review`` rows are never touched here: a consensus replaces the aggregate in
  the result only, and every individual score stays in the record and on the plenary page.
- Consensus values are locked optimistically like reviews: the form sends the version it was
  loaded with (0 for none), a stale set or clear is refused with ``ConsensusConflict`` and
  nothing is overwritten. A determined cycle refuses every change (``results.freeze``).
- A consensus row is written by one function, ``write_consensus``: the plenary's
  ``set_consensus`` calls it after its checks, and so does an accepted appeal (``appeals``),
  which is the only path that may change a consensus outside an open plenary.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.assessments.queries import review_scope_for
from kinerja.assessments.services.f01 import answer_text, clean_value
from kinerja.audit.services import record_event
from kinerja.common.actors import actor
from kinerja.common.text import clean_text
from kinerja.cycles import gates
from kinerja.cycles.enums import StageKind
from kinerja.cycles.gates import StageClosed
from kinerja.cycles.models import Cycle, Participant
from kinerja.results.compute import recompute_participant
from kinerja.results.freeze import require_not_determined
from kinerja.reviews.enums import PlenaryStatus
from kinerja.reviews.models import Consensus, Plenary
from kinerja.reviews.services.f02 import review_round, reviewed_indicator
from kinerja.rounds.gates import require_scorable

MAX_REASON = 5_000
MAX_NOTES = 20_000


class ConsensusConflict(ValidationError):
    """The consensus value changed (or was removed) since the form was loaded: someone else
    saved first. ``current`` is the stored consensus (None when there is none now); the message
    shows it, and nothing was written."""

    def __init__(self, current: Consensus | None, time_zone: str):
        if current is not None:
            message = _(
                "This consensus value was changed by %(who)s on %(when)s after you opened the "
                "form: it is now %(value)s (reason: %(reason)s). Your input was not saved; "
                "compare and save again."
            ) % {
                "who": str(current.decided_by) if current.decided_by else _("someone"),
                "when": gates.local_time_text(current.decided_at, time_zone),
                "value": answer_text(current.value),
                "reason": current.reason,
            }
        else:
            message = _(
                "This consensus value was removed after you opened the form. Your input was "
                "not saved; compare and save again."
            )
        super().__init__(message, code="conflict")
        self.current = current


def plenary_stage_open(cycle: Cycle) -> bool:
    """A running stage lets the chair decide consensus values (kind ``pleno`` or ``can_score``)."""
    return any(s.kind == StageKind.PLENO or s.can_score for s in gates.current_stages(cycle))


def require_plenary_stage(cycle: Cycle) -> None:
    if not plenary_stage_open(cycle):
        raise StageClosed(
            _("No running stage allows the plenary (a plenary stage or a scoring stage)."),
            code="stage_closed",
        )


def _require_chair(cycle: Cycle, by) -> None:
    if by is None or not by.has_perm("reviews.run_plenary", cycle):
        raise PermissionDenied


def _plenary_state(plenary: Plenary | None) -> dict[str, Any] | None:
    if plenary is None:
        return None
    return {
        "status": plenary.status,
        "closed_at": plenary.closed_at,
        "closed_by": plenary.closed_by_id,
        "notes": plenary.notes,
    }


def _locked_plenary(cycle: Cycle, round: str) -> Plenary | None:
    return Plenary.objects.select_for_update().filter(cycle=cycle, round=round).first()


def _create_plenary(cycle: Cycle, round: str, by) -> Plenary:
    plenary = Plenary.objects.create(
        cycle=cycle, round=round, opened_at=timezone.now(), opened_by=actor(by)
    )
    record_event(
        actor=by,
        action="plenary.open",
        obj=plenary,
        after={"cycle": cycle.pk, "round": round, "status": plenary.status},
    )
    return plenary


def _require_open_plenary(cycle: Cycle, round: str, by) -> Plenary:
    plenary = _locked_plenary(cycle, round)
    if plenary is None:
        return _create_plenary(cycle, round, by)
    if not plenary.is_open:
        raise ValidationError(
            _("The plenary is closed; consensus values can no longer be changed."),
            code="plenary_closed",
        )
    return plenary


def _consensus_state(consensus: Consensus) -> dict[str, Any]:
    return {"value": consensus.value, "reason": consensus.reason}


def _stored_consensus(key: dict[str, Any]) -> Consensus | None:
    return Consensus.objects.select_related("decided_by").filter(**key).first()


def _refresh_result(participant: Participant) -> None:
    recompute_participant(participant)


@transaction.atomic
def open_plenary(cycle: Cycle, *, by, round: str = "") -> Plenary:
    """Open the plenary of ``cycle`` (and round) if it has none yet; the chair or organiser
    (``PermissionDenied``). Side effects: the plenary row, audit ``plenary.open``. Returns the
    existing plenary unchanged when there is one (open or closed)."""
    _require_chair(cycle, by)
    return _locked_plenary(cycle, round) or _create_plenary(cycle, round, by)


@transaction.atomic
def set_consensus(
    participant: Participant,
    indicator_ref: str,
    *,
    value,
    reason: str,
    by,
    round: str = "",
    expected_version: int | None = None,
) -> Consensus:
    """The plenary's consensus value for one indicator of a participant, with its reason.

    Validates the permission (team chair or organiser: ``PermissionDenied``), the indicator
    (one evaluators score: ``unknown_indicator``) and round, the plenary (``plenary_closed``;
    opened when there is none yet), the calendar (``StageClosed``, see the module notes), a
    current determination (``determined``), the value (the answer type; ``invalid_answer``;
    empty is ``required`` — use ``accept_aggregate`` to drop a consensus) and the reason
    (``required``). Setting exactly what is stored writes nothing and is never a conflict.

    Optimistic locking: ``expected_version`` is the consensus version the form was loaded with
    (0 when there was none). The change is one conditional UPDATE (``WHERE version =
    expected``, ``version = version + 1``) or an INSERT guarded by the unique constraint; a
    stale form raises ``ConsensusConflict`` with the stored value. ``None`` skips the check
    (callers that showed no form). Side effects, through ``write_consensus``: the consensus row,
    audit ``consensus.set`` with value, reason and version before and after, and the
    participant's result recomputed. The evaluators' reviews are never changed.
    """
    cycle = participant.cycle
    _require_chair(cycle, by)
    indicator = reviewed_indicator(participant, indicator_ref)
    round = review_round(participant, indicator_ref, round)
    stored = clean_value(indicator, value)
    if stored is None:
        raise ValidationError(_("Enter the consensus value."), code="required")
    reason = clean_text(reason, MAX_REASON)
    if not reason:
        raise ValidationError(_("Write the reason for the consensus value."), code="required")
    _require_open_plenary(cycle, round, by)
    require_plenary_stage(cycle)
    require_not_determined(cycle.pk)
    require_scorable(participant, round)
    return write_consensus(
        participant,
        indicator_ref,
        round=round,
        value=stored,
        reason=reason,
        by=by,
        expected_version=expected_version,
    )


@transaction.atomic
def write_consensus(
    participant: Participant,
    indicator_ref: str,
    *,
    round: str,
    value,
    reason: str,
    by,
    expected_version: int | None = None,
    appeal: bool = False,
) -> Consensus:
    """Write one indicator's consensus row: the one function that does (``set_consensus`` and an
    accepted appeal call it once their own checks passed; it checks no permission, plenary or
    calendar).

    ``value`` is the canonical answer (``clean_value``) and ``reason`` cleaned, not empty.
    Optimistic locking: ``expected_version`` is the version the caller's form was loaded with
    (0 for none); ``None`` checks against the stored version read here. The change is one
    conditional UPDATE (``WHERE version = expected``, ``version = version + 1``) or an INSERT
    guarded by the unique constraint, so a stale or concurrent write raises ``ConsensusConflict``
    with the stored value and writes nothing. Writing exactly what is stored writes nothing.
    Side effects: the row, audit ``consensus.set`` (value, reason and version before and after;
    ``appeal: true`` for an appeal's value), the participant's result recomputed. The
    evaluators' reviews are never changed.
    """
    cycle = participant.cycle
    key = {"participant": participant, "indicator_ref": indicator_ref, "round": round}
    current = _stored_consensus(key)
    after = {"value": value, "reason": reason}
    now = timezone.now()
    author = actor(by)
    if current is None:
        if expected_version not in (None, 0):
            raise ConsensusConflict(None, cycle.time_zone)
        try:
            with transaction.atomic():
                consensus = Consensus.objects.create(
                    **key,
                    component=review_scope_for(cycle).component_of(indicator_ref),
                    value=value,
                    reason=reason,
                    decided_by=author,
                    decided_at=now,
                    version=1,
                )
        except IntegrityError:
            raise ConsensusConflict(_stored_consensus(key), cycle.time_zone) from None
        before = None
    else:
        before = _consensus_state(current)
        if before == after:
            return current
        expected = current.version if expected_version is None else expected_version
        if current.version != expected:
            raise ConsensusConflict(current, cycle.time_zone)
        won = Consensus.objects.filter(pk=current.pk, version=expected).update(
            value=value, reason=reason, decided_by=author, decided_at=now, version=F("version") + 1
        )
        if not won:
            raise ConsensusConflict(_stored_consensus(key), cycle.time_zone)
        current.value, current.reason = value, reason
        current.decided_by, current.decided_at = author, now
        current.version = expected + 1
        before = before | {"version": expected}
        consensus = current
    record_event(
        actor=by,
        action="consensus.set",
        obj=consensus,
        before=before,
        after=after
        | {
            "participant": participant.pk,
            "indicator": indicator_ref,
            "round": round,
            "version": consensus.version,
        }
        | ({"appeal": True} if appeal else {}),
    )
    _refresh_result(participant)
    return consensus


@transaction.atomic
def accept_aggregate(
    participant: Participant,
    indicator_ref: str,
    *,
    by,
    round: str = "",
    expected_version: int | None = None,
) -> bool:
    """Drop the consensus value of one indicator: the evaluators' aggregate counts again.

    Same permission, plenary, calendar and determination checks as ``set_consensus``, and the
    same optimistic lock: a consensus changed since the form was loaded (its version is not
    ``expected_version``) is not removed (``ConsensusConflict``); ``None`` skips the check.
    Side effects when there was a consensus: the row deleted (one conditional DELETE), audit
    ``consensus.clear`` (the value, reason and version before), the participant's result
    recomputed. Returns whether there was one.
    """
    cycle = participant.cycle
    _require_chair(cycle, by)
    reviewed_indicator(participant, indicator_ref)
    round = review_round(participant, indicator_ref, round)
    plenary = _locked_plenary(cycle, round)
    if plenary is not None and not plenary.is_open:
        raise ValidationError(
            _("The plenary is closed; consensus values can no longer be changed."),
            code="plenary_closed",
        )
    require_plenary_stage(cycle)
    require_not_determined(cycle.pk)
    require_scorable(participant, round)
    key = {"participant": participant, "indicator_ref": indicator_ref, "round": round}
    current = _stored_consensus(key)
    if current is None:
        return False
    expected = current.version if expected_version is None else expected_version
    if current.version != expected:
        raise ConsensusConflict(current, cycle.time_zone)
    before = _consensus_state(current) | {
        "participant": participant.pk,
        "indicator": indicator_ref,
        "round": round,
        "version": current.version,
    }
    record_event(actor=by, action="consensus.clear", obj=current, before=before, after=None)
    deleted, _rows = Consensus.objects.filter(pk=current.pk, version=expected).delete()
    if not deleted:
        raise ConsensusConflict(_stored_consensus(key), cycle.time_zone)
    _refresh_result(participant)
    return True


@transaction.atomic
def close_plenary(cycle: Cycle, *, by, notes: str = "", round: str = "") -> Plenary:
    """Close the plenary: the chair or the organiser (``PermissionDenied``); not gated by the
    calendar. Refuses a plenary that is closed already (``plenary_closed``); a cycle without a
    plenary row gets one, closed at once. Side effects: status ``closed`` with time and person
    and the notes (``update_fields``), audit ``plenary.close`` (with the number of consensus
    values). Consensus values are frozen until ``reopen_plenary``."""
    _require_chair(cycle, by)
    notes = clean_text(notes, MAX_NOTES)
    plenary = _locked_plenary(cycle, round) or _create_plenary(cycle, round, by)
    if not plenary.is_open:
        raise ValidationError(_("The plenary is closed already."), code="plenary_closed")
    before = _plenary_state(plenary)
    plenary.status = PlenaryStatus.CLOSED
    plenary.closed_at = timezone.now()
    plenary.closed_by = actor(by)
    fields = ["status", "closed_at", "closed_by"]
    if notes:
        plenary.notes = notes
        fields.append("notes")
    plenary.save(update_fields=fields)
    decided = Consensus.objects.filter(participant__cycle=cycle, round=round).count()
    record_event(
        actor=by,
        action="plenary.close",
        obj=plenary,
        before=before,
        after=_plenary_state(plenary) | {"consensus_values": decided},
    )
    return plenary


@transaction.atomic
def reopen_plenary(cycle: Cycle, *, by, reason: str, round: str = "") -> Plenary:
    """Reopen a closed plenary: the organiser only (``PermissionDenied``), with a reason
    (``required``). Refuses a plenary that is not closed (``not_closed``). Side effects: status
    ``open``, closing time and person cleared (``update_fields``; the audit keeps them), audit
    ``plenary.reopen`` with the reason."""
    if by is None or not by.has_perm("reviews.reopen_plenary", cycle):
        raise PermissionDenied
    reason = clean_text(reason, MAX_REASON)
    if not reason:
        raise ValidationError(_("Write the reason for reopening the plenary."), code="required")
    plenary = _locked_plenary(cycle, round)
    if plenary is None or plenary.is_open:
        raise ValidationError(_("The plenary is not closed."), code="not_closed")
    before = _plenary_state(plenary)
    plenary.status = PlenaryStatus.OPEN
    plenary.closed_at = None
    plenary.closed_by = None
    plenary.save(update_fields=["status", "closed_at", "closed_by"])
    record_event(
        actor=by,
        action="plenary.reopen",
        obj=plenary,
        before=before,
        after=_plenary_state(plenary) | {"reason": reason},
    )
    return plenary
