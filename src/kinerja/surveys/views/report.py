"""The IKM report of a survey as a PDF (kop surat, chart) or an XLSX (native chart): for the
unit's keepers at any time, for everyone once the IKM is published."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views import View

from kinerja.reports.pdf import PDF_CONTENT_TYPE
from kinerja.surveys.models import Survey
from kinerja.surveys.report import FORMATS, XLSX_TYPE, ikm_report, report_pdf, report_xlsx
from kinerja.surveys.views.manage import SurveyMixin


def report_response(request, survey: Survey, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    report = ikm_report(survey)
    if fmt == "pdf":
        response = HttpResponse(report_pdf(report, request=request), content_type=PDF_CONTENT_TYPE)
    else:
        response = HttpResponse(report_xlsx(report), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{report.filename}.{fmt}"'
    return response


class KeeperReportView(SurveyMixin, View):
    def get(self, request, survey_id: int, report_format: str):
        return report_response(request, self.survey, report_format)


class PublicReportView(View):
    def get(self, request, survey_id: int, report_format: str):
        survey = get_object_or_404(
            Survey.objects.select_related("unit__region", "instrument_version__instrument"),
            pk=survey_id,
            published_at__isnull=False,
        )
        return report_response(request, survey, report_format)
