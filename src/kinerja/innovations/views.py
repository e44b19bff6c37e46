"""The pages where a unit's innovations are kept: the list with a new one, the edit page with
its evidence files and publishing to the public catalogue, and a file's download (public once
the innovation is published). Organisers see their government's units; a unit's people see
their own units (``tenancy.keepers``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from django.views.generic.base import TemplateResponseMixin

from kinerja.common.feedback import flash_errors
from kinerja.common.ids import parse_id
from kinerja.common.permissions import PermissionRequiredMixin
from kinerja.common.uploads.downloads import download_response
from kinerja.innovations import services
from kinerja.innovations.enums import MAX_FILES
from kinerja.innovations.forms import InnovationFileForm, InnovationForm
from kinerja.innovations.models import Innovation, InnovationFile
from kinerja.tenancy.keepers import kept_units
from kinerja.units.models import Unit


def owners_for(user):
    return kept_units(user, Unit.objects.select_related("region")).order_by("name")


class InnovationListView(PermissionRequiredMixin, TemplateView):
    permission_required = "innovations.manage"
    template_name = "innovations/manage.html"

    def get_context_data(self, **kwargs):
        form = kwargs.pop("form", None) or InnovationForm(owners=owners_for(self.request.user))
        innovations = Innovation.objects.filter(
            owner__in=kept_units(self.request.user)
        ).select_related("owner__region")
        return super().get_context_data(form=form, innovations=innovations, **kwargs)

    def post(self, request, *args, **kwargs):
        form = InnovationForm(request.POST, owners=owners_for(request.user))
        if form.is_valid():
            try:
                innovation = services.create_innovation(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("%(title)s is saved.") % {"title": innovation})
                return redirect("innovations:edit", innovation_id=innovation.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class InnovationMixin(PermissionRequiredMixin, TemplateResponseMixin):
    """The innovation of the URL, checked with ``innovations.change_innovation``, and its edit
    page (rendered by the upload view too, with the refused file form)."""

    permission_required = "innovations.change_innovation"
    template_name = "innovations/edit.html"

    def get_permission_object(self):
        if not hasattr(self, "innovation"):
            self.innovation = get_object_or_404(
                Innovation.objects.select_related("owner__region"),
                pk=self.kwargs["innovation_id"],
            )
        return self.innovation

    def render_edit(self, *, status: int = 200, form=None, file_form=None):
        user = self.request.user
        innovation = self.innovation
        context = {
            "innovation": innovation,
            "form": form
            or InnovationForm(
                owners=owners_for(user), initial=InnovationForm.initial_for(innovation)
            ),
            "file_form": file_form or InnovationFileForm(),
            "files": innovation.files.all(),
            "max_files": MAX_FILES,
            "may_publish": user.has_perm("innovations.publish_innovation", innovation),
            "entries": innovation.entries.select_related("cycle").order_by("-cycle__year"),
        }
        return self.render_to_response(context, status=status)


class InnovationEditView(InnovationMixin, View):
    def get(self, request, innovation_id: int):
        return self.render_edit()

    def post(self, request, innovation_id: int):
        if "publish" in request.POST or "unpublish" in request.POST:
            publish = "publish" in request.POST
            services.set_published(self.innovation, published=publish, by=request.user)
            messages.success(
                request,
                _("Published in the catalogue.") if publish else _("Taken off the catalogue."),
            )
            return redirect("innovations:edit", innovation_id=self.innovation.pk)
        form = InnovationForm(request.POST, owners=owners_for(request.user))
        version = parse_id(request.POST.get("version"))
        if form.is_valid():
            data = dict(form.cleaned_data)
            if data.pop("owner") != self.innovation.owner:
                form.add_error("owner", _("An innovation stays with its owner unit."))
            else:
                try:
                    services.update_innovation(
                        self.innovation,
                        expected_version=version if version is not None else -1,
                        by=request.user,
                        **data,
                    )
                except ValidationError as error:
                    flash_errors(request, error)
                    return redirect("innovations:edit", innovation_id=self.innovation.pk)
                messages.success(request, _("%(title)s is saved.") % {"title": self.innovation})
                return redirect("innovations:edit", innovation_id=self.innovation.pk)
        return self.render_edit(status=400, form=form)


class FileUploadView(InnovationMixin, View):
    def post(self, request, innovation_id: int):
        form = InnovationFileForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                row = services.add_file(
                    self.innovation,
                    upload=form.cleaned_data["file"],
                    caption=form.cleaned_data["caption"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                messages.success(request, _("%(name)s is saved.") % {"name": row.original_name})
                return redirect("innovations:edit", innovation_id=self.innovation.pk)
        return self.render_edit(status=400, file_form=form)


class FileRemoveView(InnovationMixin, View):
    def post(self, request, innovation_id: int, file_id: int):
        row = get_object_or_404(InnovationFile, pk=file_id, innovation=self.get_permission_object())
        services.remove_file(row, by=request.user)
        messages.success(request, _("%(name)s is removed.") % {"name": row.original_name})
        return redirect("innovations:edit", innovation_id=self.innovation.pk)


class FileView(View):
    """A file of an innovation: public once the innovation is published, otherwise for those
    who keep it (404 for everyone else, signed in or not)."""

    def get(self, request, innovation_id: int, file_id: int):
        row = get_object_or_404(
            InnovationFile.objects.select_related("innovation__owner"),
            pk=file_id,
            innovation_id=innovation_id,
        )
        if not request.user.has_perm("innovations.view_files", row.innovation):
            raise Http404
        return download_response(
            row.file_name,
            content_type=row.content_type,
            original_name=row.original_name,
            inline="download" not in request.GET,
        )
