"""Hand edits of one participant's presentation and field visit."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from kinerja.cycles.loaders import ParticipantMixin
from kinerja.visits import services
from kinerja.visits.forms import (
    PresentationForm,
    VisitForm,
)
from kinerja.visits.models import FieldVisit, Presentation
from kinerja.visits.views.schedule import schedule_url


class PresentationEditView(ParticipantMixin, View):
    permission_required = "visits.manage"

    def get_permission_object(self):
        return self.get_participant().cycle

    def render(self, form, status=200):
        participant = self.get_participant()
        return TemplateResponse(
            self.request,
            "visits/presentation_form.html",
            {"participant": participant, "cycle": participant.cycle, "form": form},
            status=status,
        )

    def get(self, request, participant_id: int):
        participant = self.get_participant()
        tz = ZoneInfo(participant.cycle.time_zone)
        initial = {"presenter_position": ""}
        current = Presentation.objects.filter(participant=participant).first()
        if current is not None:
            local = timezone.localtime(current.starts_at, tz)
            initial = {
                "day": local.date(),
                "time": local.time(),
                "place": current.place,
                "online_link": current.online_link,
                "presenter_name": current.presenter_name,
                "presenter_position": current.presenter_position,
                "notes": current.notes,
            }
        return self.render(PresentationForm(initial=initial))

    def post(self, request, participant_id: int):
        participant = self.get_participant()
        form = PresentationForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        data = form.cleaned_data
        starts_at = dt.datetime.combine(
            data["day"], data["time"], ZoneInfo(participant.cycle.time_zone)
        )
        try:
            services.schedule_presentation(
                participant,
                starts_at=starts_at,
                place=data["place"],
                online_link=data["online_link"],
                presenter_name=data["presenter_name"],
                presenter_position=data["presenter_position"],
                notes=data["notes"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.render(form, status=400)
        messages.success(request, _("Presentation of %(unit)s saved.") % {"unit": participant})
        return redirect(schedule_url(participant.cycle))


class VisitEditView(PresentationEditView):
    """A hand edit of one participant's field visit (refused when it would double-book)."""

    def render(self, form, status=200):
        participant = self.get_participant()
        return TemplateResponse(
            self.request,
            "visits/visit_form.html",
            {
                "participant": participant,
                "cycle": participant.cycle,
                "form": form,
                "visit": FieldVisit.objects.filter(participant=participant).first(),
            },
            status=status,
        )

    def get(self, request, participant_id: int):
        visit = FieldVisit.objects.filter(participant=self.get_participant()).first()
        initial = (
            {"day": visit.day, "session": visit.session, "place": visit.place} if visit else {}
        )
        return self.render(VisitForm(initial=initial))

    def post(self, request, participant_id: int):
        participant = self.get_participant()
        form = VisitForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            services.plan_field_visit(participant, **form.cleaned_data, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.render(form, status=400)
        messages.success(request, _("Field visit of %(unit)s saved.") % {"unit": participant})
        return redirect(schedule_url(participant.cycle))


# --- itineraries ----------------------------------------------------------------------------
