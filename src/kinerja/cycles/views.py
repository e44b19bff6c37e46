from __future__ import annotations

import csv
import datetime as dt

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from kinerja.accounts.models import User
from kinerja.audit.models import AuditEvent
from kinerja.common.permissions import PermissionRequiredMixin
from kinerja.common.tabular import TableError, read_table
from kinerja.cycles import gates, loaders, services
from kinerja.cycles.enums import ParticipantStatus
from kinerja.cycles.forms import (
    AddParticipantsByNameForm,
    AddParticipantsForm,
    AutoAssignForm,
    ConflictForm,
    CycleCreateForm,
    CycleEditForm,
    InvitationForm,
    ManualAssignForm,
    ResolveConflictForm,
    StageFormSet,
    TeamImportForm,
    TeamMemberForm,
)
from kinerja.cycles.imports import apply_team_import, plan_team_import
from kinerja.cycles.models import Assignment, ConflictDeclaration, Cycle, Panel, TeamMember
from kinerja.cycles.queries import cycles_for, invitable_bodies, invitations, with_counts
from kinerja.tenancy.scope import government_regions, government_units
from kinerja.units.enums import UNIT_REGION_KINDS
from kinerja.units.models import Region

CREDENTIALS_KEY = "cycle_credentials"


class CycleMixin(loaders.CycleMixin):
    """The cycle's own pages: the cycle loaded with its tabs' counts; managing it by default."""

    permission_required = "cycles.manage"

    def cycle_queryset(self):
        return with_counts(super().cycle_queryset())

    def get_context_data(self, **kwargs):
        kwargs.pop("cycle_id", None)
        return super().get_context_data(cycle=self.cycle, **kwargs)

    def back(self, name="cycles:detail"):
        return redirect(name, cycle_id=self.cycle.pk)


class CycleListView(LoginRequiredMixin, TemplateView):
    """Everyone logged in sees the cycles they take part in; organisers see all."""

    template_name = "cycles/cycle_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(cycles=cycles_for(self.request.user), **kwargs)


class CycleCreateView(PermissionRequiredMixin, FormView):
    permission_required = "cycles.create"
    template_name = "cycles/cycle_form.html"
    form_class = CycleCreateForm

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_initial(self):
        return {"year": timezone.localdate().year, "starts_on": timezone.localdate()}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            cycle = services.create_cycle(by=self.request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Cycle %(name)s created.") % {"name": cycle.name})
        return redirect("cycles:detail", cycle_id=cycle.pk)


class CycleDetailView(CycleMixin, TemplateView):
    permission_required = "cycles.view_cycle"
    template_name = "cycles/cycle_detail.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        stages = gates.stages_of(self.cycle)
        timeline = [
            {
                "stage": stage,
                # Stages end at a local midnight: the last day people can work is the day before.
                "last_day": stage.ends_at - dt.timedelta(seconds=1),
                "state": "past"
                if stage.ends_at <= now
                else ("current" if stage.starts_at <= now else "future"),
            }
            for stage in stages
        ]
        user = self.request.user
        membership = self.cycle.team.filter(user=user).first()
        return super().get_context_data(
            timeline=timeline,
            now=now,
            membership=membership,
            my_participants=self.cycle.participants.filter(members__user=user)
            .select_related("unit")
            .distinct(),
            can_manage=user.has_perm("cycles.manage", self.cycle),
            events=AuditEvent.objects.for_object(self.cycle).select_related("actor")[:10],
            **kwargs,
        )


class CycleEditView(CycleMixin, FormView):
    template_name = "cycles/cycle_form.html"
    form_class = CycleEditForm

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {
            "instance": Cycle.objects.get(pk=self.cycle.pk),
            "user": self.request.user,
        }

    def form_valid(self, form):
        try:
            services.update_cycle(self.cycle, by=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Cycle saved."))
        return self.back()


class StagesView(CycleMixin, TemplateView):
    template_name = "cycles/stages.html"

    def formset(self, data=None):
        return StageFormSet(
            data,
            queryset=self.cycle.stages.order_by("order"),
            form_kwargs={"time_zone": self.cycle.time_zone},
        )

    def get_context_data(self, **kwargs):
        kwargs.setdefault("formset", self.formset())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        formset = self.formset(request.POST)
        if not formset.is_valid():
            return self.render_to_response(self.get_context_data(formset=formset))
        rows = [
            {k: v for k, v in form.cleaned_data.items() if k not in {"id", "DELETE"}}
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        rows.sort(key=lambda row: row["starts_at"])
        try:
            services.save_stages(self.cycle, rows, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return self.render_to_response(self.get_context_data(formset=formset))
        messages.success(request, _("Stages saved."))
        return self.back()


class CopyView(CycleMixin, View):
    def post(self, request, *args, **kwargs):
        copy = services.copy_cycle(self.cycle, by=request.user)
        messages.success(request, _("Copied to %(name)s.") % {"name": copy.name})
        return redirect("cycles:detail", cycle_id=copy.pk)


class ParticipantsView(CycleMixin, FormView):
    template_name = "cycles/participants.html"
    form_class = AddParticipantsForm

    def get_initial(self):
        return {"region": self.cycle.organiser_unit.region_id}

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"regions": self.regions()}

    def regions(self):
        return Region.objects.filter(
            pk__in=government_regions(self.cycle.organiser_unit), kind__in=UNIT_REGION_KINDS
        )

    def units(self):
        """The units this cycle may take: those of its organising body's government."""
        return government_units(self.cycle.organiser_unit)

    def get_context_data(self, **kwargs):
        participants = self.cycle.participants.select_related("unit", "panel").prefetch_related(
            "members__user"
        )
        return super().get_context_data(
            participants=participants,
            panels=list(self.cycle.panels.all()),
            statuses=ParticipantStatus.choices,
            by_name_form=kwargs.pop("by_name_form", AddParticipantsByNameForm(units=self.units())),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if "by_name" in request.POST:
            form = AddParticipantsByNameForm(request.POST, units=self.units())
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(by_name_form=form))
            added = services.add_participants(
                self.cycle, form.cleaned_data["units"], by=request.user
            )
            messages.success(request, _("%(count)s participants added.") % {"count": len(added)})
            return self.back("cycles:participants")
        if "update" not in request.POST:
            return super().post(request, *args, **kwargs)
        participant = get_object_or_404(self.cycle.participants, pk=request.POST["update"])
        panel_id = request.POST.get("panel") or None
        panel = get_object_or_404(self.cycle.panels, pk=panel_id) if panel_id else None
        try:
            services.set_participant(
                participant, by=request.user, status=request.POST.get("status"), panel=panel
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(unit)s saved.") % {"unit": participant.unit})
        return self.back("cycles:participants")

    def form_valid(self, form):
        units = self.units().filter(
            region=form.cleaned_data["region"], kind=form.cleaned_data["kind"]
        )
        if not form.cleaned_data["include_inactive"]:
            units = units.filter(active=True)
        added = services.add_participants(self.cycle, units, by=self.request.user)
        messages.success(self.request, _("%(count)s participants added.") % {"count": len(added)})
        return self.back("cycles:participants")


class AccountsView(CycleMixin, View):
    """Create missing operator/head accounts and show their first-login credentials once."""

    def post(self, request, *args, **kwargs):
        credentials = services.create_participant_accounts(self.cycle, by=request.user)
        request.session[CREDENTIALS_KEY] = {
            "cycle": self.cycle.pk,
            "rows": [c.__dict__ for c in credentials],
        }
        return redirect("cycles:credentials", cycle_id=self.cycle.pk)


class CredentialsView(CycleMixin, TemplateView):
    template_name = "cycles/credentials.html"

    def rows(self):
        stored = self.request.session.get(CREDENTIALS_KEY) or {}
        return stored.get("rows", []) if stored.get("cycle") == self.cycle.pk else []

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="akun-{self.cycle.pk}.csv"'
            writer = csv.writer(response)
            writer.writerow(["username", "kata sandi", "nama", "peran", "unit"])
            for row in self.rows():
                writer.writerow(
                    [row["username"], row["password"], row["full_name"], row["role"], row["unit"]]
                )
            return response
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        request.session.pop(CREDENTIALS_KEY, None)
        messages.info(request, _("The credentials list has been cleared from this session."))
        return self.back()

    def get_context_data(self, **kwargs):
        return super().get_context_data(rows=self.rows(), **kwargs)


class TeamView(CycleMixin, TemplateView):
    permission_required = "cycles.view_team"
    template_name = "cycles/team.html"

    def member_form(self, data=None):
        return TeamMemberForm(data, agencies=government_units(self.cycle.organiser_unit))

    def get_context_data(self, **kwargs):
        team = self.cycle.team.select_related("user", "agency", "panel").order_by(
            "-role", "user__full_name"
        )
        return super().get_context_data(
            team=team,
            member_form=kwargs.pop("member_form", self.member_form()),
            import_form=kwargs.pop("import_form", TeamImportForm()),
            can_manage=self.request.user.has_perm("cycles.manage", self.cycle),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("cycles.manage", self.cycle):
            raise Http404
        if "import" in request.POST:
            return self.import_file(request)
        form = self.member_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(member_form=form))
        data = form.cleaned_data
        with transaction.atomic():
            user = User.objects.filter(username=data["username"]).first()
            if user is None:
                messages.error(
                    request,
                    _("No account %(username)s: import the team from a file to create accounts.")
                    % {"username": data["username"]},
                )
                return self.render_to_response(self.get_context_data(member_form=form))
            panel = (
                Panel.objects.get_or_create(cycle=self.cycle, name=data["panel"])[0]
                if data["panel"]
                else None
            )
            try:
                services.add_team_member(
                    self.cycle,
                    user=user,
                    by=request.user,
                    agency=data["agency"],
                    institution=data["institution"],
                    position=data["position"],
                    role=data["role"],
                    panel=panel,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
                return self.render_to_response(self.get_context_data(member_form=form))
        messages.success(request, _("%(name)s added to the team.") % {"name": user})
        return self.back("cycles:team")

    def import_file(self, request):
        form = TeamImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(import_form=form))
        upload = form.cleaned_data["file"]
        try:
            table = read_table(upload.read(), filename=upload.name)
        except TableError as exc:
            form.add_error("file", str(exc))
            return self.render_to_response(self.get_context_data(import_form=form))
        plan = plan_team_import(self.cycle, table)
        if not plan.ok:
            return self.render_to_response(self.get_context_data(import_form=form, plan=plan))
        credentials = apply_team_import(self.cycle, plan, by=request.user)
        request.session[CREDENTIALS_KEY] = {
            "cycle": self.cycle.pk,
            "rows": [c.__dict__ for c in credentials],
        }
        messages.success(request, _("%(count)s team members imported.") % {"count": len(plan.rows)})
        if credentials:
            return redirect("cycles:credentials", cycle_id=self.cycle.pk)
        return self.back("cycles:team")


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


class InvitationMixin(loaders.CycleMixin):
    """Loads ``self.cycle``; only its organisers (and the platform administrator) get in."""

    permission_required = "cycles.invite"


class InvitationListView(InvitationMixin, TemplateView):
    """The governments below invited to a cycle, and inviting one more."""

    template_name = "cycles/invitations.html"

    def form(self, data=None) -> InvitationForm:
        return InvitationForm(data, bodies=invitable_bodies(self.cycle))

    def get_context_data(self, **kwargs):
        form = kwargs.pop("form", None) or self.form()
        kwargs.pop("cycle_id", None)
        return super().get_context_data(
            cycle=self.cycle,
            form=form,
            invitations=invitations(self.cycle),
            can_invite=form.fields["body"].queryset.exists(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if form.is_valid():
            try:
                invitation = services.invite_government(
                    self.cycle,
                    form.cleaned_data["body"],
                    quota=form.cleaned_data["quota"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("%(body)s is invited.") % {"body": invitation.body})
                return redirect("cycles:invitations", cycle_id=self.cycle.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class InvitationWithdrawView(InvitationMixin, View):
    http_method_names = ["post"]

    def post(self, request, cycle_id: int, invitation_id: int):
        invitation = self.cycle.invitations.select_related("body").filter(pk=invitation_id).first()
        if invitation is None:
            raise Http404
        if invitation.active:
            services.withdraw_invitation(invitation, by=request.user)
            messages.success(
                request, _("The invitation of %(body)s is withdrawn.") % {"body": invitation.body}
            )
        return redirect("cycles:invitations", cycle_id=self.cycle.pk)
