"""Itineraries per evaluator and per participant (HTML, and PDF with the kop surat)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify
from django.views import View

from kinerja.common.moments import zone_name
from kinerja.common.permissions import PermissionRequiredMixin
from kinerja.cycles.loaders import CycleMixin, ParticipantMixin
from kinerja.cycles.models import Cycle, TeamMember
from kinerja.cycles.queries import evaluator_seat
from kinerja.reports.letterhead import letterhead_for
from kinerja.reports.pdf import PDF_CONTENT_TYPE, render_pdf
from kinerja.visits import queries
from kinerja.visits.views.schedule import schedule_url


def _itinerary_response(request, *, template, context, cycle: Cycle, pdf: bool, filename: str):
    context = {
        **context,
        "cycle": cycle,
        "tz": ZoneInfo(cycle.time_zone),
        "zone": zone_name(cycle.time_zone),
    }
    if not pdf:
        return TemplateResponse(request, f"visits/{template}.html", context)
    context.update(letterhead=letterhead_for(cycle.organiser_unit), generated_at=timezone.now())
    data = render_pdf(f"visits/{template}_pdf.html", context, request=request)
    response = HttpResponse(data, content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    return response


class MyItineraryView(CycleMixin, View):
    permission_required = "visits.view_schedule"

    def get(self, request, cycle_id: int):
        seat = evaluator_seat(self.get_cycle(), request.user)
        if seat is None:
            return redirect(schedule_url(self.get_cycle()))
        return redirect("visits:evaluator", seat.pk)


class EvaluatorItineraryView(PermissionRequiredMixin, View):
    permission_required = "visits.view_evaluator_itinerary"
    pdf = False

    def get_permission_object(self):
        if not hasattr(self, "_member"):
            self._member = get_object_or_404(
                TeamMember.objects.select_related(
                    "user", "agency", "cycle__organiser_unit__region"
                ),
                pk=self.kwargs["member_id"],
            )
        return self._member

    def get(self, request, member_id: int):
        member = self.get_permission_object()
        return _itinerary_response(
            request,
            template="itinerary_evaluator",
            context={"member": member, "stops": queries.evaluator_itinerary(member)},
            cycle=member.cycle,
            pdf=self.pdf,
            filename=f"rencana-perjalanan-{slugify(member.user.display_name)}",
        )


class ParticipantItineraryView(ParticipantMixin, View):
    permission_required = "visits.view_participant_schedule"
    pdf = False

    def get(self, request, participant_id: int):
        participant = self.get_participant()
        return _itinerary_response(
            request,
            template="itinerary_participant",
            context={
                "participant": participant,
                "stops": queries.participant_itinerary(participant),
                "can_manage": request.user.has_perm("visits.manage", participant.cycle),
                "can_visit": request.user.has_perm("visits.view_visit", participant),
            },
            cycle=participant.cycle,
            pdf=self.pdf,
            filename=f"jadwal-{slugify(participant.unit.name)}",
        )


# --- on site --------------------------------------------------------------------------------
