"""The cycle's stages (tahapan) and their dates."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from kinerja.cycles import services
from kinerja.cycles.forms import (
    StageFormSet,
)
from kinerja.cycles.views.base import CycleMixin


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
