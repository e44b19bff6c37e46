"""The public innovation catalogue (no login): search and filter, and one page per innovation
with the competitions where it was verified and its awards."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from kinerja.catalogue import queries
from kinerja.catalogue.forms import CatalogueFilterForm

PAGE_SIZE = 30


class CatalogueView(TemplateView):
    template_name = "catalogue/list.html"

    def get_context_data(self, **kwargs):
        form = CatalogueFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        found = queries.search(
            q=filters.get("q") or "",
            region=filters.get("region") or "",
            kind=filters.get("kind") or "",
            year=filters.get("year"),
        )
        outcomes = None
        if filters.get("awarded"):
            outcomes = queries.outcomes(found.values_list("pk", flat=True))
            found = found.filter(
                pk__in=[pk for pk, rows in outcomes.items() if any(o.award_names for o in rows)]
            )
        page = Paginator(found, PAGE_SIZE).get_page(self.request.GET.get("halaman"))
        if outcomes is None:
            outcomes = queries.outcomes([i.pk for i in page])
        for innovation in page:
            innovation.outcomes = outcomes.get(innovation.pk, [])
        return super().get_context_data(form=form, page=page, **kwargs)


class InnovationPageView(TemplateView):
    template_name = "catalogue/detail.html"

    def get_context_data(self, **kwargs):
        innovation = get_object_or_404(queries.published(), pk=kwargs.pop("innovation_id"))
        files = list(innovation.files.all())
        return super().get_context_data(
            innovation=innovation,
            photos=[row for row in files if row.is_photo],
            documents=[row for row in files if not row.is_photo],
            outcomes=queries.outcomes([innovation.pk]).get(innovation.pk, []),
            verifications=queries.verifications(innovation.pk),
            **kwargs,
        )
