from __future__ import annotations

from django.views.generic import TemplateView

from kinerja.cycles.loaders import CycleMixin
from kinerja.results.fairness import fairness_for_cycle
from kinerja.scoring.engine.agreement import MIN_EVALUATORS_FOR_OUTLIERS


class FairnessView(CycleMixin, TemplateView):
    """The organiser's fairness page: inter-rater agreement (Krippendorff's alpha) of the
    cycle and each evaluator's leniency against the others, with outlier evaluators."""

    permission_required = "results.view_fairness"
    template_name = "results/fairness.html"

    def get_context_data(self, **kwargs):
        kwargs.pop("cycle_id", None)
        return super().get_context_data(
            cycle=self.cycle,
            fairness=fairness_for_cycle(self.cycle),
            min_evaluators=MIN_EVALUATORS_FOR_OUTLIERS,
            **kwargs,
        )
