from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from kinerja.audit.models import AuditEvent
from kinerja.common.permissions import PermissionRequiredMixin
from kinerja.instruments.diff import diff_instruments
from kinerja.instruments.forms import CompareForm, InstrumentUploadForm
from kinerja.instruments.models import Instrument, InstrumentVersion
from kinerja.instruments.queries import instruments_for, instruments_with_versions
from kinerja.instruments.services import import_instrument, parse_instrument_file
from kinerja.scoring.formats.xlsx import instrument_to_xlsx
from kinerja.scoring.model.errors import InstrumentError
from kinerja.tenancy.scope import importing_body

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def get_version(user, code: str, version: str) -> InstrumentVersion:
    return get_object_or_404(
        instruments_for(
            user, InstrumentVersion.objects.select_related("instrument", "imported_by")
        ),
        instrument__code=code,
        version=version,
    )


class InstrumentListView(PermissionRequiredMixin, ListView):
    permission_required = "instruments.view"
    template_name = "instruments/instrument_list.html"
    context_object_name = "instruments"

    def get_queryset(self):
        return instruments_with_versions(self.request.user)


class VersionDetailView(PermissionRequiredMixin, TemplateView):
    permission_required = "instruments.view"
    template_name = "instruments/version_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        version = get_version(user, kwargs.pop("code"), kwargs.pop("version"))
        others = (
            instruments_for(user, version.instrument.versions.all())
            .exclude(pk=version.pk)
            .order_by("-imported_at")
        )
        return super().get_context_data(
            version=version,
            definition=version.definition,
            others=others,
            events=AuditEvent.objects.for_object(version).select_related("actor")[:20],
            **kwargs,
        )


class CompareView(PermissionRequiredMixin, TemplateView):
    permission_required = "instruments.view"
    template_name = "instruments/compare.html"

    def get_context_data(self, **kwargs):
        instrument = get_object_or_404(Instrument, code=kwargs.pop("code"))
        versions = list(
            instruments_for(self.request.user, instrument.versions.all()).order_by("imported_at")
        )
        if not versions:
            raise Http404
        form = CompareForm(self.request.GET or None, versions=versions)
        changes = None
        old = new = None
        if form.is_valid():
            by_version = {v.version: v for v in versions}
            old, new = by_version[form.cleaned_data["a"]], by_version[form.cleaned_data["b"]]
            changes = diff_instruments(old.definition, new.definition)
        return super().get_context_data(
            instrument=instrument, form=form, changes=changes, old=old, new=new, **kwargs
        )


class DownloadView(PermissionRequiredMixin, View):
    permission_required = "instruments.view"

    def get(self, request, code, version, fmt):
        stored = get_version(request.user, code, version)
        filename = f"{code}@{version}"
        if fmt == "yaml":
            response = HttpResponse(stored.source, content_type="application/yaml; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{filename}.yaml"'
            return response
        if fmt == "xlsx":
            response = HttpResponse(instrument_to_xlsx(stored.definition), content_type=XLSX_TYPE)
            response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
            return response
        raise Http404


class ImportView(PermissionRequiredMixin, FormView):
    permission_required = "instruments.manage"
    template_name = "instruments/import.html"
    form_class = InstrumentUploadForm

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            definition = parse_instrument_file(upload.read(), filename=upload.name)
            version, outcome = import_instrument(
                definition, by=self.request.user, owner=importing_body(self.request.user)
            )
        except InstrumentError as exc:
            return self.render_to_response(
                self.get_context_data(form=form, located_errors=exc.errors, filename=upload.name)
            )
        except ValidationError as exc:
            form.add_error("file", exc)
            return self.form_invalid(form)
        texts = {
            "created": _("Instrument %(label)s imported."),
            "unchanged": _("Instrument %(label)s was already stored with the same content."),
            "replaced": _("Instrument %(label)s replaced (no cycle uses it yet)."),
        }
        messages.success(self.request, texts[outcome] % {"label": version.label})
        return redirect(
            "instruments:version", code=version.instrument.code, version=version.version
        )
