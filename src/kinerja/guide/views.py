"""The user guide: an index, a page per role, and the whole guide as one printable PDF."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.views import View
from django.views.generic import TemplateView

from kinerja.guide.pages import BY_SLUG, PAGES
from kinerja.reports.pdf import PDF_CONTENT_TYPE, render_pdf


class GuideIndexView(TemplateView):
    template_name = "guide/index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(pages=PAGES, **kwargs)


class GuidePageView(TemplateView):
    template_name = "guide/page.html"

    def get_context_data(self, **kwargs):
        page = BY_SLUG.get(kwargs["slug"])
        if page is None:
            raise Http404
        index = PAGES.index(page)
        return super().get_context_data(
            page=page,
            pages=PAGES,
            previous=PAGES[index - 1] if index else None,
            following=PAGES[index + 1] if index + 1 < len(PAGES) else None,
            **kwargs,
        )


class GuidePdfView(View):
    def get(self, request):
        data = render_pdf("guide/pdf.html", {"pages": PAGES}, request=request)
        response = HttpResponse(data, content_type=PDF_CONTENT_TYPE)
        response["Content-Disposition"] = 'inline; filename="panduan-kinerja.pdf"'
        return response
