"""The phone-first on-site page: checklist, photos, attendance, done."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views import View

from kinerja.common.dates import is_plausible
from kinerja.common.moments import zone_name
from kinerja.common.uploads.downloads import download_response
from kinerja.cycles import gates
from kinerja.cycles.gates import StageClosed
from kinerja.cycles.loaders import ParticipantMixin
from kinerja.cycles.queries import evaluator_seat
from kinerja.reviews.services import ReviewConflict
from kinerja.visits import queries, services
from kinerja.visits.enums import ATTENDEE_SUGGESTIONS, AttendeeCategory, VisitStatus
from kinerja.visits.forms import (
    AttendeeForm,
    ChecklistForm,
    PhotoForm,
)
from kinerja.visits.models import Attendance, FieldVisit, VisitPhoto


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
        "zone": zone_name(cycle.time_zone),
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
