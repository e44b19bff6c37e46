"""The evaluator's worklist of a cycle: their participants with progress and open
clarifications, and for the organiser and the chair the overview of every participant."""

from __future__ import annotations

from django.views.generic import TemplateView

from kinerja.cycles import gates
from kinerja.cycles.loaders import CycleMixin
from kinerja.cycles.queries import evaluator_seat
from kinerja.reviews.queries.f02 import overview, worklist


class WorklistView(CycleMixin, TemplateView):
    permission_required = "reviews.view_worklist"
    template_name = "reviews/mine.html"

    def get_context_data(self, **kwargs):
        cycle = self.get_cycle()
        user = self.request.user
        seat = evaluator_seat(cycle, user)
        sees_all = user.has_perm("reviews.see_all_scores", cycle)
        return super().get_context_data(
            cycle=cycle,
            seat=seat,
            rows=worklist(cycle, seat) if seat else [],
            overview=overview(cycle) if sees_all else None,
            score_closed=gates.closed_message(cycle, "can_score"),
            **kwargs,
        )
