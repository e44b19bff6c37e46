from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from kinerja.cycles.loaders import CycleMixin
from kinerja.results import services
from kinerja.results.awards import awards_of
from kinerja.results.forms import AwardSchemeForm
from kinerja.results.queries import current_determination


class AwardSchemeView(CycleMixin, TemplateView):
    """The organiser chooses the cycle's award categories (until the results are determined)."""

    permission_required = "results.determine"
    template_name = "results/award_scheme.html"

    def get_context_data(self, **kwargs):
        kwargs.pop("cycle_id", None)
        kwargs.setdefault("form", AwardSchemeForm(initial=AwardSchemeForm.initial_for(self.cycle)))
        return super().get_context_data(
            cycle=self.cycle,
            awards=awards_of(self.cycle),
            instrument_awards=self.cycle.instrument_version.definition.awards,
            determined=current_determination(self.cycle) is not None,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = AwardSchemeForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            services.set_award_scheme(
                self.cycle,
                scheme=form.cleaned_data["scheme"],
                awards=form.cleaned_data["awards"],
                by=request.user,
            )
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("Award categories saved; the ranking carries them now."))
        return redirect("results:award_scheme", cycle_id=self.cycle.pk)
