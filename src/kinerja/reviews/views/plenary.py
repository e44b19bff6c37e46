"""The plenary (rapat pleno) pages: the grid per participant, consensus forms, close/reopen.

Anyone who may not see the plenary, or a participant in it, gets 404 (DESIGN rule 6).
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from kinerja.assessments.queries import review_scope_for
from kinerja.common.feedback import error_messages, flash_errors
from kinerja.common.ids import parse_id
from kinerja.cycles.enums import ScoreVisibility
from kinerja.cycles.loaders import CycleMixin
from kinerja.cycles.models import Cycle
from kinerja.cycles.queries import evaluator_seat
from kinerja.reviews.forms import posted_value, shown_value
from kinerja.reviews.queries import plenary as pq
from kinerja.reviews.services import plenary as services


def _rounds(cycle: Cycle) -> list[tuple[str, str]]:
    return [(r.code, r.name) for r in cycle.instrument_version.definition.rounds]


def _round_of(cycle: Cycle, data) -> str:
    """The round asked for (``babak``), the first one by default; "" without rounds."""
    codes = [code for code, _name in _rounds(cycle)]
    if not codes:
        return ""
    asked = data.get("babak", "")
    return asked if asked in codes else codes[0]


VERSION_TEXT = re.compile(r"[0-9]{1,9}")


def _posted_version(data) -> int | None:
    """The consensus version the form was loaded with (0: none yet); None when the form sent
    none or something else (an out-of-date page), which is refused rather than guessed."""
    text = data.get("version", "")
    return int(text) if VERSION_TEXT.fullmatch(text) else None


def _out_of_date() -> ValidationError:
    return ValidationError(
        _("This page is out of date. Reload it and save again."), code="no_version"
    )


def _grid_url(cycle: Cycle, participant_id: int | None = None, round: str = "", anchor="") -> str:
    if participant_id is None:
        url = reverse("reviews:plenary", args=[cycle.pk])
    else:
        url = reverse("reviews:plenary_participant", args=[cycle.pk, participant_id])
    if round:
        url += f"?babak={round}"
    return f"{url}#{anchor}" if anchor else url


class PlenaryMixin(CycleMixin):
    permission_required = "reviews.view_plenary"

    def allowed_participants(self):
        cycle = self.get_cycle()
        user = self.request.user
        self.sees_all = user.has_perm("reviews.run_plenary", cycle)
        self.seat = evaluator_seat(cycle, user)
        return list(pq.plenary_participants(cycle, seat=self.seat, sees_all=self.sees_all))

    def get_participant(self, participants):
        wanted = self.kwargs.get("participant_id")
        if wanted is None:
            # The picker (a plain GET form, no script) names the participant as ``peserta``.
            picked = self.request.GET.get("peserta", "")
            wanted = parse_id(picked)
        if wanted is None:
            return participants[0] if participants else None
        found = next((p for p in participants if p.pk == wanted), None)
        if found is None:
            raise Http404
        return found


def render_plenary(view, *, status: int = 200, refused=None, saved=None, body=False):
    """The plenary page; ``refused`` = (ref, posted, error) puts a refused consensus form back
    with what the chair typed; ``saved`` = (ref, message) after a save. ``body`` renders only
    the part an htmx save swaps (the participant's summary and grid)."""
    request = view.request
    cycle = view.get_cycle()
    participants = view.allowed_participants()
    participant = view.get_participant(participants)
    round = _round_of(cycle, request.GET if refused is None else request.POST)
    plenary = pq.plenary_of(cycle, round)
    grid = None
    focus = next_focus = ""
    if participant is not None:
        participant.cycle = cycle  # the prefetched stages and instrument
        grid = pq.plenary_grid(
            participant, seat=view.seat, sees_all=view.sees_all, plenary=plenary, round=round
        )
        if refused is not None:
            ref, posted, error = refused
            row = grid.row(ref)
            if row is not None:
                row.posted, row.error, focus = posted, error, row.dom_id
        if saved is not None:
            after = grid.next_to_decide(saved[0]) or grid.row(saved[0])
            next_focus = after.dom_id if after else ""
    stage_ok = services.plenary_stage_open(cycle)
    is_open = plenary is None or plenary.is_open
    index = participants.index(participant) if participant is not None else -1
    context = {
        "cycle": cycle,
        "participants": participants,
        "participant": participant,
        "previous": participants[index - 1] if index > 0 else None,
        "next": participants[index + 1] if 0 <= index < len(participants) - 1 else None,
        "grid": grid,
        "plenary": plenary,
        "is_open": is_open,
        "round": round,
        "rounds": _rounds(cycle),
        "runs": view.sees_all,
        "can_decide": view.sees_all and is_open and stage_ok,
        "stage_closed": "" if stage_ok else _("No running stage allows the plenary."),
        "can_reopen": request.user.has_perm("reviews.reopen_plenary", cycle),
        "visibility_label": ScoreVisibility(grid.visibility).label if grid else "",
        "focus": focus,
        "next_focus": next_focus or focus,
        "saved_text": saved[1] if saved else "",
    }
    template = "reviews/_plenary_body.html" if body else "reviews/plenary.html"
    response = TemplateResponse(request, template, context, status=status)
    if body and participant is not None:
        response["HX-Push-Url"] = _grid_url(cycle, participant.pk, round)
    return response


class PlenaryView(PlenaryMixin, View):
    """The grid of one participant (the first one without ``participant_id``)."""

    def get(self, request, cycle_id: int, participant_id: int | None = None):
        return render_plenary(self)


class SetConsensusView(PlenaryMixin, View):
    """Set (or change) the consensus value of one indicator; a refused form is shown again with
    what was typed (400)."""

    permission_required = "reviews.run_plenary"

    def post(self, request, cycle_id: int, participant_id: int, ref: str):
        cycle = self.get_cycle()
        participant = self.get_participant(self.allowed_participants())
        participant.cycle = cycle
        round = _round_of(cycle, request.POST)
        indicator = review_scope_for(cycle).indicator(ref)
        if indicator is None:
            raise Http404
        raw = posted_value(indicator, request.POST)
        reason = request.POST.get("reason", "")
        version = _posted_version(request.POST)
        try:
            if version is None:
                raise _out_of_date()
            services.set_consensus(
                participant,
                ref,
                value=raw,
                reason=reason,
                by=request.user,
                round=round,
                expected_version=version,
            )
        except ValidationError as exc:
            conflict = isinstance(exc, services.ConsensusConflict)
            # On a conflict the form carries the stored version: saving again is a deliberate
            # choice made with the newer value in front of the chair (as for reviews).
            posted = {
                "value": shown_value(indicator, raw),
                "reason": reason,
                "version": None if conflict else version,
            }
            return render_plenary(
                self,
                status=409 if conflict else 400,
                refused=(ref, posted, " ".join(error_messages(exc))),
                body=bool(request.htmx),
            )
        text = _("Consensus value for %(ref)s saved.") % {"ref": indicator.ref}
        if request.htmx:
            return render_plenary(self, saved=(ref, text), body=True)
        messages.success(request, text)
        dom_id = review_scope_for(cycle).dom_ids[ref]
        return redirect(_grid_url(cycle, participant.pk, round, dom_id))


class ClearConsensusView(PlenaryMixin, View):
    """Accept the evaluators' aggregate: the consensus value of the indicator is removed."""

    permission_required = "reviews.run_plenary"

    def post(self, request, cycle_id: int, participant_id: int, ref: str):
        cycle = self.get_cycle()
        participant = self.get_participant(self.allowed_participants())
        participant.cycle = cycle
        round = _round_of(cycle, request.POST)
        scope = review_scope_for(cycle)
        if scope.indicator(ref) is None:
            raise Http404
        version = _posted_version(request.POST)
        try:
            if version is None:
                raise _out_of_date()
            removed = services.accept_aggregate(
                participant, ref, by=request.user, round=round, expected_version=version
            )
        except ValidationError as exc:
            if request.htmx:
                refused = (ref, None, " ".join(error_messages(exc)))
                return render_plenary(self, status=409, refused=refused, body=True)
            flash_errors(request, exc)
        else:
            text = _("The aggregate of %(ref)s counts again.") % {"ref": ref} if removed else ""
            if request.htmx:
                return render_plenary(self, saved=(ref, text), body=True)
            if removed:
                messages.success(request, text)
        return redirect(_grid_url(cycle, participant.pk, round, scope.dom_ids[ref]))


class ClosePlenaryView(PlenaryMixin, View):
    permission_required = "reviews.run_plenary"

    def post(self, request, cycle_id: int):
        cycle = self.get_cycle()
        round = _round_of(cycle, request.POST)
        try:
            services.close_plenary(
                cycle, by=request.user, notes=request.POST.get("notes", ""), round=round
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("The plenary is closed."))
        return redirect(_next_url(request, cycle, round))


class ReopenPlenaryView(PlenaryMixin, View):
    permission_required = "reviews.reopen_plenary"

    def post(self, request, cycle_id: int):
        cycle = self.get_cycle()
        round = _round_of(cycle, request.POST)
        try:
            services.reopen_plenary(
                cycle, by=request.user, reason=request.POST.get("reason", ""), round=round
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("The plenary is open again."))
        return redirect(_next_url(request, cycle, round))


def _next_url(request, cycle: Cycle, round: str) -> str:
    try:
        participant_id = int(request.POST.get("participant", ""))
    except ValueError:
        participant_id = None
    if participant_id is not None and not cycle.participants.filter(pk=participant_id).exists():
        participant_id = None
    return _grid_url(cycle, participant_id, round)
