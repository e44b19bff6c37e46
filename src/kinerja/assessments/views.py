"""The F01 pages: the unit's form with autosave and evidence, submission, reopening,
evidence download/preview, and the organiser's monitoring table with its XLSX export."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.generic import TemplateView

from kinerja.assessments import services
from kinerja.assessments.enums import EDITABLE, AssessmentStatus
from kinerja.assessments.exports import monitoring_xlsx_response
from kinerja.assessments.forms import AnswerForm, ReopenForm, ReuseForm, UploadForm
from kinerja.assessments.models import Evidence, EvidenceRevision
from kinerja.assessments.queries import (
    cycle_participants,
    f01_page,
    filling_deadline,
    gaps_for,
    monitoring_rows,
    participant_progress,
    scope_for,
)
from kinerja.common.permissions import PermissionRequiredMixin
from kinerja.common.uploads import DEFAULT_MAX_BYTES, download_response, format_size
from kinerja.cycles import gates
from kinerja.cycles.gates import StageClosed, local_time_text
from kinerja.cycles.models import Cycle, Participant

MONITORING_PAGE_SIZE = 100
# A preview is shown in a frame of our own F01 page: allow that (and nothing else) here.
PREVIEW_CSP = "default-src 'self'; object-src 'self'; frame-ancestors 'self'"


def _participants():
    return Participant.objects.select_related(
        "unit", "cycle__instrument_version__instrument", "cycle__organiser_unit"
    ).prefetch_related("cycle__stages")


def _messages_of(exc: ValidationError) -> list[str]:
    return list(exc.messages)


def _f01_url(participant: Participant, anchor: str = "") -> str:
    url = reverse("assessments:f01", args=[participant.pk])
    return f"{url}#{anchor}" if anchor else url


def _earlier_recommendations(participant):
    # Recommendations live with the evaluation (reviews app); the F01 shows last year's so the
    # unit reports their follow-up (Pedoman 5/2023). Imported here to keep the app layering.
    from kinerja.reviews.queries import earlier_recommendations

    return earlier_recommendations(participant)


class ParticipantMixin(PermissionRequiredMixin):
    """Loads the participant of the URL (with its cycle, stages and instrument) once."""

    def get_participant(self) -> Participant:
        if not hasattr(self, "_participant"):
            self._participant = get_object_or_404(_participants(), pk=self.kwargs["participant_id"])
        return self._participant

    def get_permission_object(self):
        return self.get_participant()


def _gate_message(cycle: Cycle, flag: str) -> str:
    try:
        gates.require_open(cycle, flag)
    except StageClosed as exc:
        return exc.messages[0]
    return ""


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
        edit_closed = _gate_message(cycle, "can_edit_self")
        upload_closed = _gate_message(cycle, "can_upload_evidence")
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
            earlier_recommendations=_earlier_recommendations(participant),
            closed_message=(edit_closed if member and editable_status else ""),
            deadline_text=local_time_text(deadline, cycle.time_zone) if deadline else "",
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
                error = " ".join(_messages_of(exc))
        if not request.htmx:
            if error:
                messages.error(request, error)
            else:
                messages.success(request, _("Answer saved."))
            dom_id = scope.dom_ids.get(ref, "")
            return redirect(_f01_url(participant, dom_id))
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


class UploadView(ParticipantMixin, View):
    permission_required = "assessments.edit_f01"

    def post(self, request, participant_id: int, ref: str, slot: str):
        participant = self.get_participant()
        form = UploadForm(request.POST, request.FILES)
        dom_id = scope_for(participant.cycle).dom_ids.get(ref, "")
        if not form.is_valid():
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
            return redirect(_f01_url(participant, dom_id))
        evidence = None
        if form.cleaned_data["evidence"]:
            evidence = Evidence.objects.filter(
                pk=form.cleaned_data["evidence"], participant=participant
            ).first()
            if evidence is None:
                messages.error(request, _("That document is not in this evidence slot."))
                return redirect(_f01_url(participant, dom_id))
        try:
            revision = services.upload_evidence(
                participant,
                ref,
                slot,
                form.cleaned_data["file"],
                by=request.user,
                title=form.cleaned_data["title"],
                evidence=evidence,
            )
        except ValidationError as exc:
            for message in _messages_of(exc):
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("“%(name)s” uploaded (revision %(number)s).")
                % {"name": revision.file.original_name, "number": revision.number},
            )
        return redirect(_f01_url(participant, dom_id))


class ReuseView(ParticipantMixin, View):
    permission_required = "assessments.edit_f01"

    def post(self, request, participant_id: int, ref: str, slot: str):
        participant = self.get_participant()
        form = ReuseForm(request.POST)
        dom_id = scope_for(participant.cycle).dom_ids.get(ref, "")
        revision = None
        if form.is_valid():
            revision = (
                EvidenceRevision.objects.select_related("file", "evidence__participant")
                .filter(
                    pk=form.cleaned_data["revision"],
                    evidence__participant__unit_id=participant.unit_id,
                )
                .first()
            )
        if revision is None:
            messages.error(request, _("Choose one of the unit's files."))
            return redirect(_f01_url(participant, dom_id))
        try:
            services.reuse_evidence(
                revision,
                participant=participant,
                indicator_ref=ref,
                slot_code=slot,
                by=request.user,
            )
        except ValidationError as exc:
            for message in _messages_of(exc):
                messages.error(request, message)
        else:
            messages.success(
                request, _("“%(name)s” added.") % {"name": revision.file.original_name}
            )
        return redirect(_f01_url(participant, dom_id))


class EvidenceMixin(PermissionRequiredMixin):
    """Loads the document of the URL; the permission is checked on its participant."""

    def get_evidence(self) -> Evidence:
        if not hasattr(self, "_evidence"):
            self._evidence = get_object_or_404(
                Evidence.objects.select_related(
                    "participant__unit",
                    "participant__cycle__instrument_version__instrument",
                ).prefetch_related("participant__cycle__stages"),
                pk=self.kwargs["evidence_id"],
            )
        return self._evidence

    def get_permission_object(self):
        return self.get_evidence().participant


class WithdrawView(EvidenceMixin, View):
    permission_required = "assessments.edit_f01"

    def post(self, request, evidence_id: int):
        evidence = self.get_evidence()
        participant = evidence.participant
        try:
            services.withdraw_evidence(evidence, by=request.user)
        except ValidationError as exc:
            for message in _messages_of(exc):
                messages.error(request, message)
        else:
            messages.success(request, _("“%(title)s” withdrawn.") % {"title": evidence.title})
        dom_id = scope_for(participant.cycle).dom_ids.get(evidence.indicator_ref, "")
        return redirect(_f01_url(participant, dom_id))


class RevisionMixin(PermissionRequiredMixin):
    """A stored file reached through one of its revisions; permission on that participant."""

    permission_required = "assessments.view_f01"

    def get_revision(self) -> EvidenceRevision:
        if not hasattr(self, "_revision"):
            self._revision = get_object_or_404(
                EvidenceRevision.objects.select_related(
                    "file",
                    "evidence__participant__cycle__instrument_version__instrument",
                ).prefetch_related("evidence__participant__cycle__stages"),
                pk=self.kwargs["revision_id"],
            )
        return self._revision

    def get_permission_object(self):
        return self.get_revision().evidence.participant


class EvidenceDownloadView(RevisionMixin, View):
    def get(self, request, revision_id: int):
        file = self.get_revision().file
        return download_response(
            file.storage_name,
            content_type=file.content_type,
            original_name=file.original_name,
            inline=False,
        )


@method_decorator(xframe_options_sameorigin, name="dispatch")
class EvidencePreviewView(RevisionMixin, View):
    """PDF and images inline, for the frame on the F01 page; anything else downloads."""

    def get(self, request, revision_id: int):
        file = self.get_revision().file
        response = download_response(
            file.storage_name,
            content_type=file.content_type,
            original_name=file.original_name,
            inline=True,
        )
        response["Content-Security-Policy"] = PREVIEW_CSP
        return response


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
            closed_message=_gate_message(participant.cycle, "can_edit_self"),
            **kwargs,
        )

    def post(self, request, participant_id: int):
        participant = self.get_participant()
        try:
            assessment = services.submit_self_assessment(participant, by=request.user)
        except ValidationError as exc:
            for message in _messages_of(exc):
                messages.error(request, message)
            return redirect("assessments:submit", participant.pk)
        messages.success(
            request,
            _("The self-assessment was submitted on %(when)s.")
            % {"when": local_time_text(assessment.submitted_at, participant.cycle.time_zone)},
        )
        return redirect(_f01_url(participant))


class ReopenView(ParticipantMixin, View):
    permission_required = "assessments.reopen_f01"

    def post(self, request, participant_id: int):
        participant = self.get_participant()
        form = ReopenForm(request.POST)
        reason = form.data.get("reason", "")
        try:
            services.reopen_self_assessment(participant, by=request.user, reason=reason)
        except ValidationError as exc:
            for message in _messages_of(exc):
                messages.error(request, message)
        else:
            messages.success(request, _("The self-assessment was reopened."))
        return HttpResponseRedirect(_f01_url(participant))


class CycleMixin(PermissionRequiredMixin):
    permission_required = "assessments.monitor"

    def get_cycle(self) -> Cycle:
        if not hasattr(self, "_cycle"):
            self._cycle = get_object_or_404(
                Cycle.objects.select_related("instrument_version__instrument").prefetch_related(
                    "stages"
                ),
                pk=self.kwargs["cycle_id"],
            )
        return self._cycle

    def get_permission_object(self):
        return self.get_cycle()


class MonitoringView(CycleMixin, TemplateView):
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
            deadline_text=local_time_text(deadline, cycle.time_zone) if deadline else "",
            generated=formats.date_format(timezone.localtime(), "DATETIME_FORMAT"),
            **kwargs,
        )


class MonitoringXlsxView(CycleMixin, View):
    def get(self, request, cycle_id: int):
        return monitoring_xlsx_response(self.get_cycle())
