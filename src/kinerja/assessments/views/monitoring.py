"""The organiser's F01 monitoring table of a cycle and its XLSX export."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils import formats, timezone
from django.views import View
from django.views.generic import TemplateView

from kinerja.assessments.exports import monitoring_xlsx_response
from kinerja.assessments.queries import (
    cycle_participants,
    filling_deadline,
    monitoring_rows,
    scope_for,
)
from kinerja.cycles.gates import deadline_text
from kinerja.cycles.loaders import CycleMixin

MONITORING_PAGE_SIZE = 100


class MonitoringView(CycleMixin, TemplateView):
    permission_required = "assessments.monitor"
    template_name = "assessments/monitoring.html"

    def get_context_data(self, **kwargs):
        cycle = self.get_cycle()
        scope = scope_for(cycle)
        paginator = Paginator(cycle_participants(cycle), MONITORING_PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("halaman"))
        deadline = filling_deadline(cycle)
        return super().get_context_data(
            cycle=cycle,
            aspects=scope.aspects,
            rows=monitoring_rows(cycle, list(page.object_list)),
            page_obj=page,
            deadline_text=deadline_text(deadline, cycle.time_zone) if deadline else "",
            generated=formats.date_format(timezone.localtime(), "DATETIME_FORMAT"),
            **kwargs,
        )


class MonitoringXlsxView(CycleMixin, View):
    permission_required = "assessments.monitor"

    def get(self, request, cycle_id: int):
        return monitoring_xlsx_response(self.get_cycle())
