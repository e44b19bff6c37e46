"""The F01 page (the unit's form with autosave), submission and reopening."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from kinerja.assessments import services
from kinerja.assessments.enums import EDITABLE, AssessmentStatus
from kinerja.assessments.forms import AnswerForm, ReopenForm
from kinerja.assessments.queries import (
    f01_page,
    filling_deadline,
    gaps_for,
    participant_progress,
    scope_for,
    unanswered_clarifications,
)
from kinerja.common.feedback import error_messages, flash_errors
from kinerja.common.uploads.display import format_size
from kinerja.common.uploads.validation import DEFAULT_MAX_BYTES
from kinerja.cycles.gates import closed_message, deadline_text, local_time_text
from kinerja.cycles.loaders import ParticipantMixin
from kinerja.cycles.models import Participant
from kinerja.minutes.queries import earlier_recommendations
from kinerja.rounds.queries import standing


def f01_url(participant: Participant, anchor: str = "") -> str:
    """The participant's F01 page, at the element ``anchor`` when given."""
    url = reverse("assessments:f01", args=[participant.pk])
    return f"{url}#{anchor}" if anchor else url


class F01View(ParticipantMixin, TemplateView):
    permission_required = "assessments.view_f01"
    template_name = "assessments/f01.html"

    def get_context_data(self, **kwargs):
        participant = self.get_participant()
        cycle = participant.cycle
        user = self.request.user
        page = f01_page(participant)
        status = page.progress.status
        editable_status = status in EDITABLE
        member = user.has_perm("assessments.edit_f01", participant)
        edit_closed = closed_message(cycle, "can_edit_self")
        upload_closed = closed_message(cycle, "can_upload_evidence")
        deadline = filling_deadline(cycle)
        return super().get_context_data(
            participant=participant,
            cycle=cycle,
            page=page,
            progress=page.progress,
            status_label=AssessmentStatus(status).label,
            member=member,
            can_edit=member and editable_status and not edit_closed,
            can_upload=member and editable_status and not upload_closed,
            can_submit=user.has_perm("assessments.submit_f01", participant)
            and editable_status
            and not edit_closed,
            can_reopen=user.has_perm("assessments.reopen_f01", participant)
            and status == AssessmentStatus.SUBMITTED,
            can_monitor=user.has_perm("assessments.monitor", cycle),
            earlier_recommendations=earlier_recommendations(participant),
            unanswered=unanswered_clarifications(participant) if member else 0,
            standing=standing(participant),
            closed_message=(edit_closed if member and editable_status else ""),
            deadline_text=deadline_text(deadline, cycle.time_zone) if deadline else "",
            reopen_form=ReopenForm(),
            max_upload=format_size(
                int(getattr(settings, "KINERJA_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))
            ),
            **kwargs,
        )


class SaveAnswerView(ParticipantMixin, View):
    """Autosave of one indicator (htmx) or the plain form's save (redirect back)."""

    permission_required = "assessments.edit_f01"

    def post(self, request, participant_id: int, ref: str):
        participant = self.get_participant()
        scope = scope_for(participant.cycle)
        indicator = scope.indicator(ref)
        form = AnswerForm(request.POST)
        error = ""
        answer = None
        if indicator is None:
            error = _("Indicator %(ref)s is not part of this self-assessment.") % {"ref": ref}
        elif not form.is_valid():
            error = " ".join(m for errors in form.errors.values() for m in errors)
        else:
            data = form.cleaned_data
            rule = getattr(indicator.answer, "rule", None)
            if rule is not None and rule.kind == "ratio" and rule.target is None:
                value = {"target": data["target"], "actual": data["actual"]}
            else:
                value = data["value"]
            try:
                answer = services.save_answer(
                    participant,
                    ref,
                    value=value,
                    narrative=data["narrative"],
                    by=request.user,
                    expected_version=data["version"],
                )
            except ValidationError as exc:
                error = " ".join(error_messages(exc))
        if not request.htmx:
            if error:
                messages.error(request, error)
            else:
                messages.success(request, _("Answer saved."))
            dom_id = scope.dom_ids.get(ref, "")
            return redirect(f01_url(participant, dom_id))
        context = {
            "error": error,
            "saved_at": timezone.localtime(answer.updated_at) if answer and answer.pk else None,
            "participant": participant,
        }
        if not error:
            # The page's hidden version follows the save (an out-of-band swap), so the next
            # autosave of this indicator is checked against what was just stored.
            context["version"] = answer.revision
            context["version_id"] = f"{scope.dom_ids.get(ref, '')}-version"
            progress = participant_progress(participant)
            aspect_ref = scope.aspect_of().get(ref)
            context["aspect_progress"] = progress.aspect(aspect_ref)
            context["progress"] = progress
        response = self.render(request, context)
        if error:
            # htmx swaps only 2xx by default; 422 would hide the message.
            response["HX-Reswap"] = "innerHTML"
        return response

    def render(self, request, context):
        return TemplateResponse(request, "assessments/_save_status.html", context)


class SubmitView(ParticipantMixin, TemplateView):
    """GET: the confirmation listing what is still missing; POST: submit."""

    permission_required = "assessments.submit_f01"
    template_name = "assessments/submit_confirm.html"

    def get_context_data(self, **kwargs):
        participant = self.get_participant()
        scope = scope_for(participant.cycle)
        return super().get_context_data(
            participant=participant,
            cycle=participant.cycle,
            gaps=gaps_for(participant),
            dom_ids=scope.dom_ids,
            progress=participant_progress(participant),
            closed_message=closed_message(participant.cycle, "can_edit_self"),
            **kwargs,
        )

    def post(self, request, participant_id: int):
        participant = self.get_participant()
        try:
            assessment = services.submit_self_assessment(participant, by=request.user)
        except ValidationError as exc:
            flash_errors(request, exc)
            return redirect("assessments:submit", participant.pk)
        messages.success(
            request,
            _("The self-assessment was submitted on %(when)s.")
            % {"when": local_time_text(assessment.submitted_at, participant.cycle.time_zone)},
        )
        return redirect(f01_url(participant))


class ReopenView(ParticipantMixin, View):
    permission_required = "assessments.reopen_f01"

    def post(self, request, participant_id: int):
        participant = self.get_participant()
        form = ReopenForm(request.POST)
        reason = form.data.get("reason", "")
        try:
            services.reopen_self_assessment(participant, by=request.user, reason=reason)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("The self-assessment was reopened."))
        return HttpResponseRedirect(f01_url(participant))
