"""The landing page: the cycles whose results are announced (withdrawn ones disappear)."""

from __future__ import annotations

from django.urls import reverse
from django.views.generic import TemplateView

from kinerja.results.queries import published_cycles


class HomeView(TemplateView):
    template_name = "results/home.html"

    def get_context_data(self, **kwargs):
        published = [
            {
                "url": reverse("results:announcement", kwargs={"cycle_id": a.cycle_id}),
                "name": a.cycle.name,
            }
            for a in published_cycles()
        ]
        return super().get_context_data(published_results=published, **kwargs)
