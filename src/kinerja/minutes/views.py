"""The berita acara page of a participant, its forms, signature confirmation and PDFs.

Seen by the participant's team (assigned evaluators, chair), the organiser and the unit's own
people; anyone else gets 404 (DESIGN rule 6).
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from kinerja.common.dates import validate_plausible_date
from kinerja.common.feedback import flash_errors
from kinerja.common.uploads.downloads import content_disposition, download_response
from kinerja.cycles.loaders import ParticipantMixin
from kinerja.minutes import services
from kinerja.minutes.enums import UNIT_STATUSES, FollowUpStatus
from kinerja.minutes.models import Minutes, Recommendation
from kinerja.reports.pdf import PDF_CONTENT_TYPE


class MinutesMixin(ParticipantMixin):
    permission_required = "minutes.view_minutes"

    def get_minutes(self) -> Minutes:
        minutes = Minutes.objects.filter(participant=self.get_participant()).first()
        if minutes is None:
            raise Http404
        minutes.participant = self.get_participant()
        return minutes

    def back(self):
        return redirect(reverse("minutes:detail", args=[self.get_participant().pk]))


class MinutesView(MinutesMixin, View):
    def get(self, request, participant_id: int):
        participant = self.get_participant()
        user = request.user
        minutes = (
            Minutes.objects.filter(participant=participant)
            .prefetch_related("observations", "signers")
            .first()
        )
        signers = list(minutes.signers.all()) if minutes else []
        context = {
            "participant": participant,
            "cycle": participant.cycle,
            "minutes": minutes,
            "document": services.document_context(minutes, wet_ink=False) if minutes else None,
            "signers": signers,
            "recommendations": list(participant.recommendations.select_related("follow_up_by")),
            "aspects": services.top_aspects(participant),
            "can_edit": user.has_perm("minutes.edit_minutes", participant),
            "can_recommend": user.has_perm("minutes.add_recommendation", participant),
            "can_follow_up": user.has_perm("minutes.follow_up_recommendation", participant),
            "my_pending": [s for s in signers if s.user_id == user.pk and not s.confirmed_at],
        }
        context["status_choices"] = (
            FollowUpStatus.choices
            if context["can_recommend"]
            else [c for c in FollowUpStatus.choices if c[0] in UNIT_STATUSES]
        )
        return TemplateResponse(request, "minutes/minutes.html", context)


class DraftMinutesView(MinutesMixin, View):
    permission_required = "minutes.edit_minutes"

    def post(self, request, participant_id: int):
        services.draft_minutes(self.get_participant(), by=request.user)
        messages.success(request, _("The draft berita acara is ready."))
        return self.back()


def _date(value: str):
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValidationError(_("Enter a valid date."), code="date") from exc
    validate_plausible_date(day)
    return day


class EditMinutesView(MinutesMixin, View):
    """Save the meeting and every observation of the draft in one form."""

    permission_required = "minutes.edit_minutes"

    def post(self, request, participant_id: int):
        minutes = self.get_minutes()
        try:
            services.update_minutes(
                minutes,
                meeting_date=_date(request.POST.get("meeting_date", "")),
                place=request.POST.get("place", ""),
                notes=request.POST.get("notes", ""),
                by=request.user,
            )
            for observation in minutes.observations.all():
                key = f"obs-{observation.aspect_ref}"
                if key in request.POST:
                    services.set_observation(
                        minutes, observation.aspect_ref, text=request.POST[key], by=request.user
                    )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Berita acara saved."))
        return self.back()


class ConfirmSignatureView(MinutesMixin, View):
    def post(self, request, participant_id: int):
        minutes = self.get_minutes()
        try:
            services.confirm_signature(minutes, by=request.user)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Your signature is confirmed."))
        return self.back()


class AddRecommendationView(MinutesMixin, View):
    permission_required = "minutes.add_recommendation"

    def post(self, request, participant_id: int):
        try:
            services.add_recommendation(
                self.get_participant(),
                text=request.POST.get("text", ""),
                aspect_ref=request.POST.get("aspect_ref", ""),
                indicator_ref=request.POST.get("indicator_ref", ""),
                by=request.user,
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Recommendation added."))
        return self.back()


class FollowUpView(MinutesMixin, View):
    def post(self, request, participant_id: int, recommendation_id: int):
        participant = self.get_participant()
        recommendation = get_object_or_404(
            Recommendation, pk=recommendation_id, participant=participant
        )
        recommendation.participant = participant
        try:
            services.update_follow_up(
                recommendation,
                status=request.POST.get("status", ""),
                note=request.POST.get("note", ""),
                by=request.user,
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Follow-up saved."))
        return self.back()


class FinalPdfView(MinutesMixin, View):
    """The stored, signed PDF (final berita acara only)."""

    def get(self, request, participant_id: int):
        minutes = self.get_minutes()
        if not minutes.is_final:
            raise Http404
        return download_response(
            minutes.final_pdf,
            content_type=PDF_CONTENT_TYPE,
            original_name=f"berita-acara-{minutes.participant.unit}.pdf",
            inline=True,
        )


class WetInkPdfView(MinutesMixin, View):
    """A printable PDF with blank signature blocks, rendered from the record as it is now."""

    def get(self, request, participant_id: int):
        minutes = self.get_minutes()
        data = services.render_minutes_pdf(minutes, wet_ink=True)
        response = HttpResponse(data, content_type=PDF_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition(
            f"berita-acara-{minutes.participant.unit}-cetak.pdf", inline=True
        )
        response["Cache-Control"] = "private"
        return response
