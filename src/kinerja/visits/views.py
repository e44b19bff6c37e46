"""Presentation and field-visit pages: the organiser's schedule (presentations, the generated
timetable grid, hand edits), itineraries per evaluator and per participant (HTML and PDF with
the kop surat), and the phone-first on-site page (checklist, photos, attendance, done)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View

from kinerja.common.dates import is_plausible
from kinerja.common.feedback import flash_errors
from kinerja.common.permissions import PermissionRequiredMixin
from kinerja.common.uploads.downloads import download_response
from kinerja.cycles import gates
from kinerja.cycles.gates import StageClosed
from kinerja.cycles.loaders import CycleMixin, ParticipantMixin
from kinerja.cycles.models import Cycle, TeamMember
from kinerja.cycles.queries import evaluator_seat
from kinerja.reports.letterhead import letterhead_for
from kinerja.reports.pdf import PDF_CONTENT_TYPE, render_pdf
from kinerja.reviews.services import ReviewConflict
from kinerja.visits import queries, services, timetable
from kinerja.visits.enums import ATTENDEE_SUGGESTIONS, AttendeeCategory, VisitStatus
from kinerja.visits.forms import (
    AttendeeForm,
    ChecklistForm,
    GenerateForm,
    PhotoForm,
    PresentationForm,
    SettingsForm,
    VisitForm,
)
from kinerja.visits.models import Attendance, FieldVisit, Presentation, VisitPhoto


def reason_text(code: str) -> str:
    return {
        services.NO_EVALUATORS: _("No evaluator is assigned."),
        timetable.NO_FREE_SLOT: _("Every session its evaluators are free in is taken."),
        timetable.UNAVAILABLE: _("Its evaluators are never all available in these days."),
        timetable.FIXED_CLASH: _("Its agreed session clashes with another agreed visit."),
        timetable.FIXED_FULL: _("Its agreed session is already full."),
        timetable.FIXED_UNAVAILABLE: _("An evaluator is not available in its agreed session."),
    }.get(code, code)


def _schedule_url(cycle: Cycle) -> str:
    return reverse("visits:schedule", args=[cycle.pk])


# --- the organiser's schedule ---------------------------------------------------------------


def render_schedule(request, cycle: Cycle, *, generate_form=None, unplaced=None, status=200):
    visits = list(queries.visits_of(cycle))
    teams = queries.teams_of(cycle)
    for visit in visits:
        visit.team = teams.get(visit.participant_id, [])
    presentations = {p.participant_id: p for p in queries.presentations_of(cycle)}
    participants = list(cycle.participants.select_related("unit").order_by("unit__name"))
    for participant in participants:
        participant.scheduled_presentation = presentations.get(participant.pk)
    settings = queries.settings_for(cycle)
    if unplaced is None:
        unplaced = [
            (p, services.NO_EVALUATORS if not p.evaluator_count else "")
            for p in queries.unscheduled(cycle)
        ]
    days = [v.day for v in visits]
    context = {
        "cycle": cycle,
        "participants": participants,
        "grid": queries.schedule_grid(cycle, visits),
        "visits": visits,
        "unplaced": [(p, reason_text(code) if code else "") for p, code in unplaced],
        "generate_form": generate_form
        or GenerateForm(
            initial={
                "first_day": min(days) if days else None,
                "last_day": max(days) if days else None,
            }
        ),
        "settings_form": SettingsForm(
            components=cycle.instrument_version.definition.components,
            initial={
                "field_component": settings.field_component,
                "pagi_starts": settings.pagi_starts,
                "siang_starts": settings.siang_starts,
            },
        ),
        "tz": ZoneInfo(cycle.time_zone),
        "zone": gates.ZONE_ABBREVIATIONS.get(cycle.time_zone, cycle.time_zone),
        "team": cycle.team.select_related("user").order_by("user__full_name"),
    }
    return TemplateResponse(request, "visits/schedule.html", context, status=status)


class ScheduleView(CycleMixin, View):
    permission_required = "visits.manage"

    def get(self, request, cycle_id: int):
        return render_schedule(request, self.get_cycle())


class GenerateView(CycleMixin, View):
    permission_required = "visits.manage"

    def post(self, request, cycle_id: int):
        cycle = self.get_cycle()
        form = GenerateForm(request.POST)
        if not form.is_valid():
            return render_schedule(request, cycle, generate_form=form, status=400)
        data = form.cleaned_data
        try:
            result = services.generate_field_schedule(
                cycle,
                days=data["days"],
                sessions=data["sessions"],
                max_visits_per_slot=data["max_visits_per_slot"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return render_schedule(request, cycle, generate_form=form, status=400)
        messages.success(
            request,
            _("Timetable generated: %(placed)s visits placed, %(left)s not placed.")
            % {"placed": len(result.timetable.placements), "left": len(result.unplaced)},
        )
        return render_schedule(request, cycle, generate_form=form, unplaced=result.unplaced)


class SettingsView(CycleMixin, View):
    permission_required = "visits.manage"

    def post(self, request, cycle_id: int):
        cycle = self.get_cycle()
        form = SettingsForm(request.POST, components=cycle.instrument_version.definition.components)
        if form.is_valid():
            try:
                services.save_visit_settings(cycle, **form.cleaned_data, by=request.user)
                messages.success(request, _("Settings saved."))
            except ValidationError as exc:
                flash_errors(request, exc)
        else:
            messages.error(request, _("Check the settings."))
        return redirect(_schedule_url(cycle))


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
        return redirect(_schedule_url(participant.cycle))


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
        return redirect(_schedule_url(participant.cycle))


# --- itineraries ----------------------------------------------------------------------------


def _itinerary_response(request, *, template, context, cycle: Cycle, pdf: bool, filename: str):
    context = {
        **context,
        "cycle": cycle,
        "tz": ZoneInfo(cycle.time_zone),
        "zone": gates.ZONE_ABBREVIATIONS.get(cycle.time_zone, cycle.time_zone),
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
            return redirect(_schedule_url(self.get_cycle()))
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


class VisitMixin(ParticipantMixin):
    def get_visit(self) -> FieldVisit:
        if not hasattr(self, "_visit"):
            participant = self.get_participant()
            self._visit = get_object_or_404(FieldVisit, participant=participant)
            self._visit.participant = participant
        return self._visit

    def get_permission_object(self):
        self.get_visit()  # a participant without a visit has no on-site page
        return self.get_participant()

    def onsite_url(self, anchor: str = "") -> str:
        url = reverse("visits:onsite", args=[self.get_participant().pk])
        return f"{url}#{anchor}" if anchor else url


def render_onsite(view, *, status=200, refused=None, photo_form=None, attendee_form=None):
    request = view.request
    visit = view.get_visit()
    participant = visit.participant
    cycle = participant.cycle
    works = request.user.has_perm("visits.work_visit", participant)
    seat = evaluator_seat(cycle, request.user) if works else None
    items = queries.checklist(visit, seat)
    if refused is not None:
        ref, posted, error = refused
        for item in items:
            if item.indicator.ref == ref:
                item.posted, item.error = posted, error
    try:
        gates.require_open(cycle, "can_score")
        score_closed = ""
    except StageClosed as exc:
        score_closed = exc.messages[0]
    context = {
        "visit": visit,
        "participant": participant,
        "cycle": cycle,
        "items": items,
        "seat": seat,
        "works": works,
        "can_score": seat is not None and not score_closed,
        "score_closed": score_closed if seat is not None else "",
        "photos": list(visit.photos.select_related("uploaded_by")),
        "attendees": list(visit.attendees.all()),
        "photo_form": photo_form or PhotoForm(),
        "attendee_form": attendee_form or AttendeeForm(),
        "categories": AttendeeCategory.choices,
        "suggestions": ATTENDEE_SUGGESTIONS,
        "team": queries.teams_of(cycle).get(participant.pk, []),
        "done": visit.status == VisitStatus.DONE,
        "tz": ZoneInfo(cycle.time_zone),
        "zone": gates.ZONE_ABBREVIATIONS.get(cycle.time_zone, cycle.time_zone),
    }
    return TemplateResponse(request, "visits/onsite.html", context, status=status)


class OnSiteView(VisitMixin, View):
    permission_required = "visits.view_visit"

    def get(self, request, participant_id: int):
        return render_onsite(self)


class ChecklistSaveView(VisitMixin, View):
    permission_required = "visits.work_visit"

    def post(self, request, participant_id: int, ref: str):
        visit = self.get_visit()
        seat = evaluator_seat(visit.participant.cycle, request.user)
        if seat is None or ref not in queries.field_indicator_refs(visit.participant.cycle):
            raise Http404
        form = ChecklistForm(request.POST)
        posted = {"value": request.POST.get("value", ""), "note": request.POST.get("note", "")}
        if not form.is_valid():
            error = " ".join(m for errors in form.errors.values() for m in errors)
            return render_onsite(self, status=400, refused=(ref, posted, error))
        data = form.cleaned_data
        try:
            services.record_checklist_item(
                visit,
                ref,
                evaluator=seat,
                value=data["value"],
                note=data["note"],
                expected_version=data["version"],
                by=request.user,
            )
        except ReviewConflict as exc:
            return render_onsite(self, status=409, refused=(ref, posted, exc.messages[0]))
        except ValidationError as exc:
            return render_onsite(self, status=400, refused=(ref, posted, " ".join(exc.messages)))
        messages.success(request, _("Checklist item %(ref)s saved.") % {"ref": ref})
        scope_ids = {i.indicator.ref: i.dom_id for i in queries.checklist(visit, None)}
        return redirect(self.onsite_url(scope_ids.get(ref, "")))


def _client_time(text: str):
    try:
        moment = parse_datetime(text or "") if text else None
    except ValueError:  # well formed but no such moment ("2024-02-30T10:00")
        return None
    if moment is None or not is_plausible(moment):
        return None
    if timezone.is_naive(moment):
        return None
    return moment


class PhotoUploadView(VisitMixin, View):
    permission_required = "visits.work_visit"

    def post(self, request, participant_id: int):
        visit = self.get_visit()
        form = PhotoForm(request.POST, request.FILES)
        if not form.is_valid():
            return render_onsite(self, status=400, photo_form=form)
        data = form.cleaned_data
        try:
            services.add_photo(
                visit,
                upload=data["photo"],
                caption=data["caption"],
                taken_at=_client_time(data["taken_at"]),
                latitude=data["latitude"],
                longitude=data["longitude"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error("photo", exc)
            return render_onsite(self, status=400, photo_form=form)
        messages.success(request, _("Photo saved."))
        return redirect(self.onsite_url("photos"))


class PhotoView(VisitMixin, View):
    permission_required = "visits.view_visit"

    def get(self, request, participant_id: int, photo_id: int):
        photo = get_object_or_404(VisitPhoto, pk=photo_id, visit=self.get_visit())
        return download_response(
            photo.file_name,
            content_type=photo.content_type,
            original_name=photo.original_name,
            inline=True,
        )


class AttendeeAddView(VisitMixin, View):
    permission_required = "visits.work_visit"

    def post(self, request, participant_id: int):
        form = AttendeeForm(request.POST)
        if not form.is_valid():
            return render_onsite(self, status=400, attendee_form=form)
        try:
            services.add_attendee(self.get_visit(), **form.cleaned_data, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
            return render_onsite(self, status=400, attendee_form=form)
        messages.success(request, _("Attendee added."))
        return redirect(self.onsite_url("attendance"))


class AttendeeRemoveView(VisitMixin, View):
    permission_required = "visits.work_visit"

    def post(self, request, participant_id: int, attendee_id: int):
        row = get_object_or_404(Attendance, pk=attendee_id, visit=self.get_visit())
        row.visit = self.get_visit()
        services.remove_attendee(row, by=request.user)
        messages.success(request, _("Attendee removed."))
        return redirect(self.onsite_url("attendance"))


class DoneView(VisitMixin, View):
    permission_required = "visits.work_visit"

    def post(self, request, participant_id: int):
        services.mark_visit_done(self.get_visit(), by=request.user)
        messages.success(request, _("The visit is marked as done."))
        return redirect(self.onsite_url())
