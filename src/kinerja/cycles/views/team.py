"""The evaluation team (tim penilai)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from kinerja.accounts.models import User
from kinerja.common.tabular import TableError, read_table
from kinerja.cycles import services
from kinerja.cycles.forms import (
    TeamImportForm,
    TeamMemberForm,
)
from kinerja.cycles.imports import apply_team_import, plan_team_import
from kinerja.cycles.models import Panel
from kinerja.cycles.queries import people_options
from kinerja.cycles.views.base import CREDENTIALS_KEY, CycleMixin, OptionsMixin
from kinerja.tenancy.scope import government_units


class TeamView(CycleMixin, TemplateView):
    permission_required = "cycles.view_team"
    template_name = "cycles/team.html"

    def member_form(self, data=None):
        form = TeamMemberForm(data, agencies=government_units(self.cycle.organiser_unit))
        # The typeahead: the datalist of people-options fills (htmx) as the username is typed.
        form.fields["username"].widget.attrs.update(
            {
                "list": "people-options",
                "autocomplete": "off",
                "hx-get": reverse("cycles:people_options", args=[self.cycle.pk]),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": "#people-options",
                "hx-swap": "innerHTML",
            }
        )
        return form

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


class PeopleOptionsView(OptionsMixin, TeamView):
    """The typeahead of "Add an existing account": up to ``LIMIT`` accounts known to the
    cycle's government whose username or name holds what was typed (``username``, as the
    form's input sends it), as ``<option>`` lines (value: the username; label: name, position
    and where they last served)."""

    permission_required = "cycles.manage"
    template_name = "cycles/_people_options.html"
    param = "username"

    def get(self, request, *args, **kwargs):
        typed = self.typed()
        people = people_options(self.cycle, typed, self.LIMIT) if typed else []
        return TemplateResponse(request, self.template_name, {"people": people})
