"""Assigning evaluators to participants, and declared conflicts of interest."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from kinerja.cycles import services
from kinerja.cycles.forms import (
    AutoAssignForm,
    ConflictForm,
    ManualAssignForm,
    ResolveConflictForm,
)
from kinerja.cycles.models import Assignment, ConflictDeclaration, TeamMember
from kinerja.cycles.views.base import CycleMixin


class AssignmentsView(CycleMixin, TemplateView):
    template_name = "cycles/assignments.html"

    def get_context_data(self, **kwargs):
        participants = list(self.cycle.participants.select_related("unit").order_by("unit__name"))
        assignments = list(
            Assignment.objects.filter(cycle=self.cycle).select_related(
                "evaluator__user", "evaluator__agency"
            )
        )
        by_participant: dict[int, list[Assignment]] = {}
        loads: dict[int, int] = {}
        for a in assignments:
            by_participant.setdefault(a.participant_id, []).append(a)
            loads[a.evaluator_id] = loads.get(a.evaluator_id, 0) + 1
        rows = [(p, by_participant.get(p.pk, [])) for p in participants]
        team = list(self.cycle.team.select_related("user", "agency"))
        for member in team:
            member.load = loads.get(member.pk, 0)
        return super().get_context_data(
            rows=rows,
            team=team,
            auto_form=kwargs.pop("auto_form", AutoAssignForm()),
            manual_form=kwargs.pop("manual_form", ManualAssignForm(cycle=self.cycle)),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if "remove" in request.POST:
            assignment = get_object_or_404(Assignment, pk=request.POST["remove"], cycle=self.cycle)
            services.unassign(assignment, by=request.user)
            messages.success(request, _("Assignment removed."))
            return self.back("cycles:assignments")
        if "panel" in request.POST:
            created, refused = services.assign_by_panel(self.cycle, by=request.user)
            messages.success(request, _("%(count)s assignments made.") % {"count": created})
            for member, participant, reason in refused:
                messages.warning(
                    request,
                    services.CONFLICT_MESSAGES[reason]
                    % {"evaluator": member, "unit": participant.unit},
                )
            return self.back("cycles:assignments")
        if "auto" in request.POST:
            form = AutoAssignForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(auto_form=form))
            plan = services.assign_automatically(
                self.cycle,
                k=form.cleaned_data["k"],
                min_agencies=form.cleaned_data["min_agencies"] or 0,
                by_panel=form.cleaned_data["by_panel"],
                by=request.user,
            )
            messages.success(request, _("%(count)s assignments made.") % {"count": len(plan.pairs)})
            if plan.unfilled:
                messages.warning(
                    request,
                    _("%(count)s participants could not get enough evaluators without a conflict.")
                    % {"count": len(plan.unfilled)},
                )
            return self.back("cycles:assignments")
        form = ManualAssignForm(request.POST, cycle=self.cycle)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(manual_form=form))
        try:
            services.assign(self.cycle, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.render_to_response(self.get_context_data(manual_form=form))
        messages.success(request, _("Assignment added."))
        return self.back("cycles:assignments")


class ConflictsView(CycleMixin, TemplateView):
    """Evaluators declare conflicts; the organiser sees them all and resolves them."""

    permission_required = "cycles.view_team"
    template_name = "cycles/conflicts.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        conflicts = ConflictDeclaration.objects.filter(cycle=self.cycle).select_related(
            "evaluator__user", "participant__unit", "resolved_by"
        )
        can_manage = user.has_perm("cycles.manage", self.cycle)
        if not can_manage:
            conflicts = conflicts.filter(evaluator__user=user)
        return super().get_context_data(
            conflicts=conflicts.order_by("status", "-declared_at"),
            can_manage=can_manage,
            is_evaluator=self.cycle.team.filter(user=user).exists(),
            declare_form=kwargs.pop("declare_form", ConflictForm(cycle=self.cycle)),
            resolve_form=ResolveConflictForm(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if "resolve" in request.POST:
            if not request.user.has_perm("cycles.manage", self.cycle):
                raise Http404
            conflict = get_object_or_404(
                ConflictDeclaration, pk=request.POST["resolve"], cycle=self.cycle
            )
            form = ResolveConflictForm(request.POST)
            if form.is_valid():
                services.resolve_conflict(conflict, by=request.user, **form.cleaned_data)
                messages.success(request, _("Conflict resolved."))
            return self.back("cycles:conflicts")
        member = TeamMember.objects.filter(cycle=self.cycle, user=request.user).first()
        if member is None:
            raise Http404
        form = ConflictForm(request.POST, cycle=self.cycle)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(declare_form=form))
        try:
            services.declare_conflict(
                member,
                form.cleaned_data["participant"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.render_to_response(self.get_context_data(declare_form=form))
        messages.success(request, _("Conflict of interest declared; the organiser will decide."))
        return self.back("cycles:conflicts")
