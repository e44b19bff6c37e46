"""The unit directory: the regions and the unit tree of the organiser's government, and keeping
it (a unit, a region, an import). Every list and object is read through the tenant scope."""

from __future__ import annotations

import csv
import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView, UpdateView

from kinerja.audit.models import AuditEvent
from kinerja.common.permissions import PermissionRequiredMixin
from kinerja.common.tabular import TableError, read_table
from kinerja.directory.forms import RegionForm, UnitForm, UnitImportForm
from kinerja.tenancy.scope import regions_in_scope, units_in_scope
from kinerja.units import services
from kinerja.units.enums import RegionKind
from kinerja.units.imports import apply_unit_import, plan_unit_import
from kinerja.units.models import Region, Unit
from kinerja.units.queries import regions_with_counts, unit_ancestors, unit_tree

IMPORT_SESSION_KEY = "units_import"


class RegionListView(PermissionRequiredMixin, ListView):
    permission_required = "units.view_tree"
    template_name = "directory/region_list.html"
    context_object_name = "regions"

    def get_queryset(self):
        # Kecamatan (some 7,280 of them) are listed on their regency's or city's page.
        regions = regions_with_counts().exclude(kind=RegionKind.KECAMATAN)
        # By code, explicitly: a model's ordering is not applied to a query with GROUP BY.
        return regions_in_scope(self.request.user, regions).order_by("code")


class RegionTreeView(PermissionRequiredMixin, TemplateView):
    permission_required = "units.view_tree"
    template_name = "directory/region_tree.html"

    def get_context_data(self, **kwargs):
        region = get_object_or_404(
            regions_in_scope(self.request.user, Region.objects.select_related("parent")),
            code=self.kwargs["code"],
        )
        return super().get_context_data(
            region=region,
            nodes=unit_tree(region),
            subregions=region.children.annotate(unit_count=Count("units")).order_by("code"),
            **kwargs,
        )


class RegionCreateView(PermissionRequiredMixin, FormView):
    """The platform administrator adds a region the Kemendagri list does not have yet."""

    permission_required = "units.manage_regions"
    form_class = RegionForm
    template_name = "directory/region_form.html"

    def form_valid(self, form):
        try:
            region = services.create_region(by=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Region %(name)s created.") % {"name": region.name})
        return redirect("units:region", region.code)


class UnitDetailView(PermissionRequiredMixin, TemplateView):
    permission_required = "units.view_tree"
    template_name = "directory/unit_detail.html"

    def get_context_data(self, **kwargs):
        unit = get_object_or_404(
            units_in_scope(self.request.user, Unit.objects.select_related("region", "parent")),
            pk=self.kwargs["pk"],
        )
        return super().get_context_data(
            unit=unit,
            ancestors=unit_ancestors(unit),
            children=unit.children.order_by("name"),
            events=AuditEvent.objects.for_object(unit).select_related("actor")[:50],
            **kwargs,
        )


class UnitFormMixin(PermissionRequiredMixin):
    permission_required = "units.manage"
    form_class = UnitForm
    template_name = "directory/unit_form.html"

    def get_success_url(self):
        return reverse("units:detail", args=[self.object.pk])

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}


class UnitCreateView(UnitFormMixin, FormView):
    def get_initial(self):
        initial = super().get_initial()
        user = self.request.user
        region = regions_in_scope(user).filter(code=self.request.GET.get("wilayah", "")).first()
        parent = units_in_scope(user).filter(pk=self.request.GET.get("induk") or 0).first()
        if parent is not None:
            region = parent.region
            initial["parent"] = parent.pk
        if region is not None:
            initial["region"] = region.pk
        return initial

    def form_valid(self, form):
        try:
            self.object = services.create_unit(by=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Unit %(name)s created.") % {"name": self.object.name})
        return redirect(self.get_success_url())


class UnitUpdateView(UnitFormMixin, UpdateView):
    model = Unit

    def get_queryset(self):
        return units_in_scope(self.request.user)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        # The form must not mutate the instance: the service compares before and after.
        kwargs["instance"] = Unit.objects.get(pk=self.object.pk)
        return kwargs

    def form_valid(self, form):
        try:
            services.update_unit(self.object, by=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Unit %(name)s saved.") % {"name": self.object.name})
        return redirect(self.get_success_url())


class UnitImportTemplateView(PermissionRequiredMixin, View):
    """A ready-to-fill CSV with the import columns and two example rows."""

    permission_required = "units.manage"

    def get(self, request):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="contoh-impor-unit.csv"'
        writer = csv.writer(response)
        writer.writerow(["kode", "nama", "singkatan", "jenis", "wilayah", "induk", "aktif"])
        writer.writerow(["", "Pemerintah Kota Yogyakarta", "Pemkot", "pemda", "34.71", "", "ya"])
        writer.writerow(
            [
                "34.71.01",
                "Kemantren Mantrijeron",
                "Mantrijeron",
                "kemantren",
                "34.71",
                "Pemerintah Kota Yogyakarta",
                "ya",
            ]
        )
        return response


class UnitImportView(PermissionRequiredMixin, FormView):
    """Upload → dry run (plan shown, nothing written) → confirm (all-or-nothing)."""

    permission_required = "units.manage"
    form_class = UnitImportForm
    template_name = "directory/unit_import.html"

    def _stored(self):
        pending = self.request.session.get(IMPORT_SESSION_KEY)
        if not pending or not default_storage.exists(pending["path"]):
            return None
        return pending

    def _forget(self):
        pending = self.request.session.pop(IMPORT_SESSION_KEY, None)
        if pending and default_storage.exists(pending["path"]):
            default_storage.delete(pending["path"])

    def post(self, request, *args, **kwargs):
        if "confirm" in request.POST:
            return self.confirm()
        if "cancel" in request.POST:
            self._forget()
            return redirect("units:import")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            table = read_table(data, filename=upload.name)
        except TableError as exc:
            form.add_error("file", str(exc))
            return self.form_invalid(form)
        plan = plan_unit_import(table, regions=regions_in_scope(self.request.user))
        self._forget()
        if plan.ok:
            path = default_storage.save(f"imports/units/{secrets.token_hex(16)}", ContentFile(data))
            self.request.session[IMPORT_SESSION_KEY] = {"path": path, "filename": upload.name}
        return self.render_to_response(
            self.get_context_data(form=form, plan=plan, filename=upload.name)
        )

    def confirm(self):
        pending = self._stored()
        if pending is None:
            messages.error(self.request, _("Nothing to import: upload the file again."))
            return redirect("units:import")
        with default_storage.open(pending["path"], "rb") as handle:
            data = handle.read()
        plan = plan_unit_import(
            read_table(data, filename=pending["filename"]),
            regions=regions_in_scope(self.request.user),
        )
        if not plan.ok:
            # The database changed since the dry run: show the new plan instead of importing.
            self._forget()
            return self.render_to_response(
                self.get_context_data(plan=plan, filename=pending["filename"])
            )
        counts = apply_unit_import(plan, by=self.request.user, source=pending["filename"])
        self._forget()
        messages.success(
            self.request,
            _("Import finished: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
            % counts,
        )
        return redirect("units:regions")
