"""Recording the organiser's decision of who goes on after a round, and its reopen.

The proposal (who the round's pass mark and top N would take on) is computed from the results
by the caller (``results.rounds.decide_round``); here it is checked against the decision and
written down with it, so the record shows both and why they differ.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.audit.services import record_event
from kinerja.common.actors import actor
from kinerja.common.text import clean_text
from kinerja.cycles.enums import ParticipantStatus
from kinerja.cycles.services import assign_panel_to
from kinerja.rounds.gates import gate_before, round_name
from kinerja.rounds.models import RoundDecision, RoundOutcome
from kinerja.scoring.engine.ranking import gates

MAX_REASON = 5_000


@dataclass(frozen=True)
class Proposed:
    """The engine's proposal for one entrant at a gate, with the figures it rests on."""

    goes_on: bool
    score: str = ""
    upto: str = ""


def _require_gate(cycle, round_code: str) -> None:
    instrument = cycle.instrument_version.definition
    if round_code not in {gate.code for gate in gates(instrument)}:
        raise ValidationError(
            _("Only a round with a pass mark or a number of places decides who goes on."),
            code="not_a_gate",
        )


@transaction.atomic
def record_decision(
    cycle,
    round_code: str,
    *,
    proposal: Mapping[int, Proposed],
    going_on: Collection[int],
    reason: str = "",
    by,
) -> RoundDecision:
    """Decide who goes on after ``round_code``: ``going_on`` (participant ids) out of the
    entrants of the ``proposal``. Refused when the round is no gate, is decided already, when
    the gate before it is not decided, when someone outside the proposal is named, and when the
    decision differs from the proposal without a reason. Side effects: the decision and one
    outcome per entrant (two INSERTs), audit ``round.decide`` with who was added to and taken
    off the proposal."""
    _require_gate(cycle, round_code)
    instrument = cycle.instrument_version.definition
    current = RoundDecision.objects.select_for_update().filter(cycle=cycle, reopened_at=None)
    if current.filter(round=round_code).exists():
        raise ValidationError(
            _("%(round)s is decided already: reopen the decision to decide again.")
            % {"round": round_name(instrument, round_code)},
            code="decided",
        )
    gate = gate_before(instrument, round_code)
    if gate is not None and not current.filter(round=gate).exists():
        raise ValidationError(
            _("Decide who goes on after %(gate)s first.") % {"gate": round_name(instrument, gate)},
            code="gate_before_open",
        )
    going_on = set(going_on)
    if going_on - set(proposal):
        raise ValidationError(
            _("Only entrants still in the competition can go on."), code="not_an_entrant"
        )
    proposed = {pid for pid, entry in proposal.items() if entry.goes_on}
    reason = clean_text(reason or "", MAX_REASON).strip()
    if going_on != proposed and not reason:
        raise ValidationError(
            _("The decision differs from the computed proposal: give the reason."),
            code="reason_required",
        )
    decision = RoundDecision.objects.create(
        cycle=cycle, round=round_code, reason=reason, decided_by=actor(by)
    )
    RoundOutcome.objects.bulk_create(
        RoundOutcome(
            decision=decision,
            participant_id=pid,
            goes_on=pid in going_on,
            proposed=entry.goes_on,
            score=entry.score,
            upto=entry.upto,
        )
        for pid, entry in sorted(proposal.items())
    )
    record_event(
        actor=by,
        action="round.decide",
        obj=decision,
        before=None,
        after={
            "round": round_code,
            "going_on": sorted(going_on),
            "added": sorted(going_on - proposed),
            "taken_off": sorted(proposed - going_on),
            "reason": reason,
        },
    )
    return decision


@transaction.atomic
def reopen_decision(cycle, round_code: str, *, reason: str, by) -> RoundDecision:
    """Reopen the current decision of ``round_code``: it stays on the record, no longer
    current, and the round's scores can change again. Refused without a reason, without a
    current decision, and while a later round is decided (reopen that one first). Audited
    ``round.reopen``."""
    instrument = cycle.instrument_version.definition
    reason = clean_text(reason or "", MAX_REASON).strip()
    if not reason:
        raise ValidationError(_("Give the reason for reopening the decision."), code="reason")
    current = {
        d.round: d
        for d in RoundDecision.objects.select_for_update().filter(cycle=cycle, reopened_at=None)
    }
    decision = current.get(round_code)
    if decision is None:
        raise ValidationError(
            _("%(round)s has no decision to reopen.")
            % {"round": round_name(instrument, round_code)},
            code="not_decided",
        )
    codes = [r.code for r in instrument.rounds]
    later = [c for c in codes[codes.index(round_code) + 1 :] if c in current]
    if later:
        raise ValidationError(
            _("Reopen the decision of %(round)s first.")
            % {"round": round_name(instrument, later[-1])},
            code="later_decided",
        )
    decision.reopened_at = timezone.now()
    decision.reopened_by = actor(by)
    decision.reopen_reason = reason
    decision.save(update_fields=["reopened_at", "reopened_by", "reopen_reason"])
    record_event(
        actor=by,
        action="round.reopen",
        obj=decision,
        before={"round": round_code},
        after={"round": round_code, "reason": reason},
    )
    return decision


@transaction.atomic
def set_round_panel(cycle, round_code: str, panel, *, by):
    """Make ``panel`` the panel of round ``round_code`` (its members score that round only; a
    panel that had the round before is freed), or, with None, leave the round to everyone.
    Audited ``panel.round``."""
    instrument = cycle.instrument_version.definition
    if round_code not in {r.code for r in instrument.rounds}:
        raise ValidationError(_("This instrument has no such round."), code="unknown_round")
    if panel is not None and panel.cycle_id != cycle.pk:
        raise ValidationError(_("That panel belongs to another cycle."), code="other_cycle")
    before = list(cycle.panels.filter(round=round_code).values_list("name", flat=True))
    cycle.panels.filter(round=round_code).update(round="")
    if panel is not None:
        panel.round = round_code
        panel.save(update_fields=["round"])
    record_event(
        actor=by,
        action="panel.round",
        obj=cycle,
        before={"round": round_code, "panels": before},
        after={"round": round_code, "panels": [panel.name] if panel is not None else []},
    )


@transaction.atomic
def assign_round_panel(cycle, round_code: str, *, by):
    """Give the entrants of round ``round_code`` (everyone active before the first gate, else
    those who went on at the gate before it: decided first, ``round_not_open``) every member
    of the round's panel, conflict rules respected (``cycles.services.assign_panel_to``)."""
    instrument = cycle.instrument_version.definition
    panel = cycle.panels.filter(round=round_code).first()
    if panel is None:
        raise ValidationError(
            _("Choose the panel of %(round)s first.")
            % {"round": round_name(instrument, round_code)},
            code="no_panel",
        )
    entrants = cycle.participants.filter(status=ParticipantStatus.ACTIVE).select_related("unit")
    gate = gate_before(instrument, round_code)
    if gate is not None:
        decision = RoundDecision.objects.filter(cycle=cycle, round=gate, reopened_at=None).first()
        if decision is None:
            raise ValidationError(
                _("Decide who goes on after %(gate)s first.")
                % {"gate": round_name(instrument, gate)},
                code="round_not_open",
            )
        entrants = entrants.filter(
            pk__in=decision.outcomes.filter(goes_on=True).values("participant_id")
        )
    return assign_panel_to(cycle, panel, list(entrants), by=by)
