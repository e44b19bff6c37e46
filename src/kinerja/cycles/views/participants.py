"""The participants, their accounts and the one-time credentials list."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from kinerja.common.ids import parse_id
from kinerja.cycles import services
from kinerja.cycles.enums import ParticipantStatus
from kinerja.cycles.forms import (
    AddInnovationEntriesForm,
    AddParticipantsByNameForm,
    AddParticipantsForm,
)
from kinerja.cycles.views.base import CREDENTIALS_KEY, CycleMixin, OptionsMixin
from kinerja.tenancy.scope import government_regions, government_units
from kinerja.units.enums import UNIT_REGION_KINDS
from kinerja.units.matching import qualified_name
from kinerja.units.models import Region


class ParticipantsView(CycleMixin, FormView):
    template_name = "cycles/participants.html"
    form_class = AddParticipantsForm

    def get_initial(self):
        return {"region": self.cycle.organiser_unit.region_id}

    # The page's other forms: a POST of one of them leaves the by-region form unbound.
    OTHER_FORMS = ("by_name", "entries", "categorise", "update")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs() | {"regions": self.regions()}
        if any(name in self.request.POST for name in self.OTHER_FORMS):
            kwargs.pop("data", None)
            kwargs.pop("files", None)
        return kwargs

    def regions(self):
        return Region.objects.filter(
            pk__in=government_regions(self.cycle.organiser_unit), kind__in=UNIT_REGION_KINDS
        )

    def units(self):
        """The units this cycle may take: those of its organising body's government."""
        return government_units(self.cycle.organiser_unit)

    def get_context_data(self, **kwargs):
        participants = self.cycle.participants.select_related(
            "unit", "panel", "innovation"
        ).prefetch_related("members__user")
        return super().get_context_data(
            participants=participants,
            panels=list(self.cycle.panels.all()),
            statuses=ParticipantStatus.choices,
            categories=sorted({p.category for p in participants if p.category}),
            by_name_form=kwargs.pop("by_name_form", AddParticipantsByNameForm(units=self.units())),
            entries_form=kwargs.pop("entries_form", AddInnovationEntriesForm(units=self.units())),
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
        if "entries" in request.POST:  # the field (its button is "enter")
            return self.add_entries(request)
        if "categorise" in request.POST:
            try:
                changed = services.categorise_by_region(self.cycle, by=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request, _("%(count)s participants put in a category.") % {"count": changed}
                )
            return self.back("cycles:participants")
        if "update" not in request.POST:
            return super().post(request, *args, **kwargs)
        participant = get_object_or_404(self.cycle.participants, pk=request.POST["update"])
        panel_id = request.POST.get("panel") or None
        panel = get_object_or_404(self.cycle.panels, pk=panel_id) if panel_id else None
        try:
            services.set_participant(
                participant,
                by=request.user,
                status=request.POST.get("status"),
                panel=panel,
                category=request.POST.get("category"),
                expected_version=parse_id(request.POST.get("version")),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(unit)s saved.") % {"unit": participant.unit})
        return self.back("cycles:participants")

    def add_entries(self, request):
        form = AddInnovationEntriesForm(request.POST, units=self.units())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(entries_form=form))
        try:
            added = services.add_innovation_entries(
                self.cycle, form.cleaned_data["entries"], by=request.user
            )
        except ValidationError as exc:
            form.add_error("entries", exc)
            return self.render_to_response(self.get_context_data(entries_form=form))
        messages.success(request, _("%(count)s innovations entered.") % {"count": len(added)})
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


class UnitOptionsView(OptionsMixin, ParticipantsView):
    """The typeahead of "Add particular units": up to ``LIMIT`` units of the cycle's government
    whose name or code holds what was typed, as ``<option>`` lines "Name — Region" that the
    name list reads back (htmx fills the input's datalist)."""

    template_name = "cycles/_unit_options.html"

    def get(self, request, *args, **kwargs):
        typed = self.typed()
        units = []
        if typed:
            units = list(
                self.units()
                .filter(Q(name__icontains=typed) | Q(code__startswith=typed))
                .select_related("region")
                .order_by("name", "region__code")[: self.LIMIT]
            )
        options = [qualified_name(u.name, u.region) for u in units]
        return TemplateResponse(request, self.template_name, {"options": options})
