"""The organisers' pages for their units' innovations: the list with a new one, and the edit
page with publishing to the public catalogue."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from kinerja.common.feedback import flash_errors
from kinerja.common.ids import parse_id
from kinerja.common.permissions import PermissionRequiredMixin
from kinerja.innovations import services
from kinerja.innovations.forms import InnovationForm
from kinerja.innovations.models import Innovation
from kinerja.tenancy.scope import units_in_scope
from kinerja.units.models import Unit


def owners_for(user):
    return units_in_scope(user, Unit.objects.select_related("region")).order_by("name")


class InnovationListView(PermissionRequiredMixin, TemplateView):
    permission_required = "innovations.manage"
    template_name = "innovations/manage.html"

    def get_context_data(self, **kwargs):
        form = kwargs.pop("form", None) or InnovationForm(owners=owners_for(self.request.user))
        innovations = Innovation.objects.filter(
            owner__in=units_in_scope(self.request.user)
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


class InnovationEditView(PermissionRequiredMixin, TemplateView):
    permission_required = "innovations.change_innovation"
    template_name = "innovations/edit.html"

    def get_permission_object(self):
        if not hasattr(self, "innovation"):
            self.innovation = get_object_or_404(
                Innovation.objects.select_related("owner__region"),
                pk=self.kwargs["innovation_id"],
            )
        return self.innovation

    def get_context_data(self, **kwargs):
        kwargs.pop("innovation_id", None)
        form = kwargs.pop("form", None) or InnovationForm(
            owners=owners_for(self.request.user),
            initial=InnovationForm.initial_for(self.innovation),
        )
        entries = self.innovation.entries.select_related("cycle").order_by("-cycle__year")
        return super().get_context_data(
            innovation=self.innovation, form=form, entries=entries, **kwargs
        )

    def post(self, request, *args, **kwargs):
        if "publish" in request.POST or "unpublish" in request.POST:
            services.set_published(
                self.innovation, published="publish" in request.POST, by=request.user
            )
            messages.success(
                request,
                _("Published in the catalogue.")
                if "publish" in request.POST
                else _("Taken off the catalogue."),
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
        return self.render_to_response(self.get_context_data(form=form), status=400)
