from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from kinerja.cycles.loaders import CycleMixin
from kinerja.jobs import services as jobs
from kinerja.results.awards import award_labels
from kinerja.results.exports import rekap_as_job
from kinerja.results.queries import current_determination, ranking
from kinerja.scoring.engine.ranking import gates, stopped_before

PAGE_SIZE = 500


class RankingView(CycleMixin, TemplateView):
    """The cycle's ranking as computed so far (organiser and team; published results come with
    the announcement)."""

    permission_required = "results.view_ranking"
    template_name = "results/ranking.html"

    def get_context_data(self, **kwargs):
        kwargs.pop("cycle_id", None)
        instrument = self.cycle.instrument_version.definition
        page = Paginator(ranking(self.cycle), PAGE_SIZE).get_page(self.request.GET.get("halaman"))
        components = [c for c in instrument.components if c.weight > 0]
        return super().get_context_data(
            cycle=self.cycle,
            page=page,
            components=components,
            awards=award_labels(self.cycle),
            round_names={r.code: r.name for r in instrument.rounds} if gates(instrument) else {},
            # reached -> the round not gone on to (no grade shown for who stopped early)
            stopped_before={
                r.code: stopped.name
                for r in instrument.rounds
                if (stopped := stopped_before(instrument, r.code))
            },
            can_recompute=self.request.user.has_perm("results.recompute", self.cycle),
            rekap_as_job=rekap_as_job(page.paginator.count),
            determination=current_determination(self.cycle, snapshot=False),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("results.recompute", self.cycle):
            raise Http404
        job = jobs.start(
            "recompute",
            label=_("Recompute the results of %(cycle)s") % {"cycle": self.cycle.name},
            by=request.user,
            cycle=self.cycle,
        )
        return redirect("jobs:detail", job_id=job.pk)
