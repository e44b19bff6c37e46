"""Rounds enforced on the server: which round takes whose scores.

- A decided round, and every round before it, is locked: its scores no longer change
  (``round_locked``); the organiser's audited reopen unlocks it.
- A round after a gate (a round with a pass mark or a top N) takes scores only once the
  organiser decided who goes on at that gate (``round_not_open``), and then only for those who
  went on (``not_finalist``).

Every service that writes what a round's score is made of (an evaluator's review, also on a
field visit; a plenary consensus) calls ``require_scorable`` first.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kinerja.rounds.models import RoundDecision, RoundOutcome
from kinerja.scoring.engine.ranking import gates
from kinerja.scoring.model.schema import Instrument


def round_name(instrument: Instrument, code: str) -> str:
    return next((str(r.name) for r in instrument.rounds if r.code == code), code)


def gate_before(instrument: Instrument, code: str) -> str | None:
    """The code of the last gate round before round ``code`` (None: everyone takes part)."""
    gate_codes = {gate.code for gate in gates(instrument)}
    before = None
    for round_ in instrument.rounds:
        if round_.code == code:
            return before
        if round_.code in gate_codes:
            before = round_.code
    return None


def _this_and_later(instrument: Instrument, code: str) -> list[str]:
    codes = [r.code for r in instrument.rounds]
    return codes[codes.index(code) :] if code in codes else [code]


def finalists(cycle) -> set[int] | None:
    """Who takes part in the last round (the field round of SKK): those who went on at the
    last gate. None when the instrument has no gates (everyone); refused (``round_not_open``)
    while the last gate is not decided. One query."""
    instrument = cycle.instrument_version.definition
    passed = gates(instrument)
    if not passed:
        return None
    last = passed[-1].code
    decision = RoundDecision.objects.filter(cycle=cycle, round=last, reopened_at=None).first()
    if decision is None:
        raise ValidationError(
            _("Decide who goes on after %(gate)s first: only they take part in what follows.")
            % {"gate": round_name(instrument, last)},
            code="round_not_open",
        )
    return set(decision.outcomes.filter(goes_on=True).values_list("participant_id", flat=True))


def require_panel_round(evaluator, round_code: str) -> None:
    """Refuse (``other_round``) a score by a member of a round's panel in another round (the
    field jury scores the field round only). No query when the member's panel is loaded."""
    panel = evaluator.panel if evaluator.panel_id else None
    if panel is None or not panel.round or not round_code or panel.round == round_code:
        return
    instrument = evaluator.cycle.instrument_version.definition
    raise ValidationError(
        _("Your panel “%(panel)s” scores %(round)s only.")
        % {"panel": panel.name, "round": round_name(instrument, panel.round)},
        code="other_round",
    )


def require_scorable(participant, round_code: str) -> None:
    """Refuse (ValidationError) a score of ``participant`` in ``round_code`` that the rounds do
    not allow; instruments without rounds (``""``) are never refused. At most two queries."""
    if not round_code:
        return
    cycle = participant.cycle
    instrument = cycle.instrument_version.definition
    current = RoundDecision.objects.filter(cycle=cycle, reopened_at=None)
    if current.filter(round__in=_this_and_later(instrument, round_code)).exists():
        raise ValidationError(
            _(
                "%(round)s is decided: its scores are locked. The organiser can reopen the "
                "decision (with a reason) to change them."
            )
            % {"round": round_name(instrument, round_code)},
            code="round_locked",
        )
    gate = gate_before(instrument, round_code)
    if gate is None:
        return
    outcome = (
        RoundOutcome.objects.filter(
            decision__cycle=cycle, decision__round=gate, decision__reopened_at=None
        )
        .filter(participant=participant)
        .values_list("goes_on", flat=True)
        .first()
    )
    names = {"round": round_name(instrument, round_code), "gate": round_name(instrument, gate)}
    if outcome is None and not current.filter(round=gate).exists():
        raise ValidationError(
            _("%(round)s takes scores once the organiser has decided who goes on after %(gate)s.")
            % names,
            code="round_not_open",
        )
    if not outcome:
        raise ValidationError(
            _("%(participant)s did not go on to %(round)s: it takes no scores there.")
            % (names | {"participant": participant}),
            code="not_finalist",
        )
