"""The counter poster: an A4 PDF with the unit's kop surat, the survey's QR code and its link."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.views import View

from kinerja.reports.letterhead import letterhead_for
from kinerja.reports.pdf import PDF_CONTENT_TYPE, render_pdf
from kinerja.reports.qr import qr_svg
from kinerja.surveys.views.manage import SurveyMixin, survey_public_path


class PosterView(SurveyMixin, View):
    def get(self, request, survey_id: int):
        survey = self.survey
        url = request.build_absolute_uri(survey_public_path(survey))
        data = render_pdf(
            "surveys/poster_pdf.html",
            {
                "survey": survey,
                "url": url,
                "qr": qr_svg(url),
                "letterhead": letterhead_for(survey.unit),
                "generated_at": timezone.now(),
            },
            request=request,
        )
        response = HttpResponse(data, content_type=PDF_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="poster-skm-{survey.pk}.pdf"'
        return response
