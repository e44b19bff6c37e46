"""The rounds of a competition: for each round that decides who goes on, the computed proposal,
the organiser's decision (an override with its reason) and its audited reopen."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from kinerja.common.feedback import flash_errors
from kinerja.common.ids import parse_id
from kinerja.cycles.loaders import CycleMixin
from kinerja.results.forms import ReopenForm, RoundDecisionForm
from kinerja.results.rounds import Entrant, decide_round, proposal, reopen_round
from kinerja.rounds.models import RoundDecision, RoundOutcome
from kinerja.rounds.queries import history
from kinerja.rounds.services import assign_round_panel, set_round_panel
from kinerja.scoring.engine.ranking import gates


@dataclass
class GateState:
    code: str
    name: str
    rule: object  # the instrument's Round (pass mark, places)
    decision: RoundDecision | None = None
    outcomes: list[RoundOutcome] = field(default_factory=list)
    entrants: list[Entrant] = field(default_factory=list)
    open: bool = False  # the next one to decide
    form: RoundDecisionForm | None = None
    checked: set[int] = field(default_factory=set)  # the ticks shown (proposal or as posted)


def _best_outcome_first(outcome: RoundOutcome):
    """Who went on first, then the best total so far (the round's score when it has none)."""
    value = outcome.upto or outcome.score
    return (not outcome.goes_on, -(Fraction(value) if value else Fraction(-1)))


def _ticks(form: RoundDecisionForm) -> set[int]:
    values = form["going_on"].value() or ()
    return {pk for v in values if (pk := v if isinstance(v, int) else parse_id(v)) is not None}


class RoundsView(CycleMixin, TemplateView):
    """Organiser and team see every gate; only the organiser decides and reopens."""

    permission_required = "results.view_ranking"
    template_name = "results/rounds.html"

    def gate_states(
        self, decisions: list[RoundDecision], form: RoundDecisionForm | None = None
    ) -> list[GateState]:
        instrument = self.cycle.instrument_version.definition
        current = {d.round: d for d in decisions if d.is_current}
        outcomes: dict[int, list[RoundOutcome]] = {}
        for outcome in (
            RoundOutcome.objects.filter(decision__in=list(current.values()))
            .select_related("participant__unit", "participant__innovation")
            .order_by("participant__unit__name")
        ):
            outcomes.setdefault(outcome.decision_id, []).append(outcome)
        for rows in outcomes.values():
            rows.sort(key=_best_outcome_first)
        states, waiting = [], False
        for gate in gates(instrument):
            state = GateState(code=gate.code, name=str(gate.name), rule=gate)
            state.decision = current.get(gate.code)
            if state.decision is not None:
                state.outcomes = outcomes.get(state.decision.pk, [])
            elif not waiting:
                state.open, waiting = True, True
                state.entrants = proposal(self.cycle, gate.code)
                proposed = [e.participant_id for e in state.entrants if e.proposed.goes_on]
                state.form = form or RoundDecisionForm(
                    entrants=state.entrants, initial={"going_on": proposed}
                )
                state.checked = _ticks(state.form) if form is not None else set(proposed)
            states.append(state)
        return states

    def get_context_data(self, **kwargs):
        kwargs.pop("cycle_id", None)
        form = kwargs.pop("decision_form", None)
        kwargs.setdefault("reopen_form", ReopenForm())
        decisions = history(self.cycle)
        states = self.gate_states(decisions, form)
        names = {state.code: state.name for state in states}
        for decision in decisions:
            decision.round_name = names.get(decision.round, decision.round)
        return super().get_context_data(
            cycle=self.cycle,
            gates=states,
            decisions=decisions,
            **self.panel_context(),
            can_decide=self.request.user.has_perm("results.decide_rounds", self.cycle),
            **kwargs,
        )

    def panel_context(self) -> dict:
        """Each round with its panel (members counted), and the cycle's panels to choose from."""
        instrument = self.cycle.instrument_version.definition
        panels = list(self.cycle.panels.annotate(member_count=Count("members")).order_by("name"))
        by_round = {p.round: p for p in panels if p.round}
        rounds = [
            {"code": r.code, "name": str(r.name), "panel": by_round.get(r.code)}
            for r in instrument.rounds
        ]
        return {"round_panels": rounds if len(rounds) > 1 else [], "panels": panels}

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("results.decide_rounds", self.cycle):
            raise Http404
        if "round_panel" in request.POST or "assign_round" in request.POST:
            return self.panels_post(request)
        codes = {gate.code for gate in gates(self.cycle.instrument_version.definition)}
        if request.POST.get("reopen") in codes:
            return self.reopen(request, request.POST["reopen"])
        code = request.POST.get("decide")
        if code not in codes:
            return redirect("results:rounds", cycle_id=self.cycle.pk)
        form = RoundDecisionForm(request.POST, entrants=proposal(self.cycle, code))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(decision_form=form), status=400)
        try:
            decision = decide_round(
                self.cycle,
                code,
                going_on=form.cleaned_data["going_on"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
            return self.render_to_response(self.get_context_data(decision_form=form), status=400)
        messages.success(
            request,
            _("Decided: %(count)s go on after %(round)s.")
            % {"count": decision.outcomes.filter(goes_on=True).count(), "round": decision.round},
        )
        return redirect("results:rounds", cycle_id=self.cycle.pk)

    def reopen(self, request, code: str):
        form = ReopenForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(reopen_form=form), status=400)
        try:
            reopen_round(self.cycle, code, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("The decision is reopened; the round can change again."))
        return redirect("results:rounds", cycle_id=self.cycle.pk)

    def panels_post(self, request):
        instrument = self.cycle.instrument_version.definition
        codes = {r.code for r in instrument.rounds}
        try:
            if request.POST.get("round_panel") in codes:
                pk = parse_id(request.POST.get("panel"))
                panel = self.cycle.panels.filter(pk=pk).first() if pk else None
                set_round_panel(self.cycle, request.POST["round_panel"], panel, by=request.user)
                messages.success(request, _("The round's panel is saved."))
            elif request.POST.get("assign_round") in codes:
                count, refused = assign_round_panel(
                    self.cycle, request.POST["assign_round"], by=request.user
                )
                messages.success(
                    request,
                    _("%(count)s assignments made; %(refused)s refused for a conflict of interest.")
                    % {"count": count, "refused": len(refused)},
                )
        except ValidationError as error:
            flash_errors(request, error)
        return redirect("results:rounds", cycle_id=self.cycle.pk)
