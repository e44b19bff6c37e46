"""Evidence pages: uploading into a slot, reusing a file the unit already has, withdrawing a
document, and downloading or previewing a stored file."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.clickjacking import xframe_options_sameorigin

from kinerja.assessments import services
from kinerja.assessments.forms import ReuseForm, UploadForm
from kinerja.assessments.models import Evidence, EvidenceRevision
from kinerja.assessments.queries import scope_for
from kinerja.assessments.views.f01 import f01_url
from kinerja.common.feedback import flash_errors
from kinerja.common.permissions import PermissionRequiredMixin
from kinerja.common.uploads.downloads import download_response
from kinerja.cycles.loaders import ParticipantMixin

# A preview is shown in a frame of our own F01 page: allow that (and nothing else) here.
PREVIEW_CSP = "default-src 'self'; object-src 'self'; frame-ancestors 'self'"


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
            return redirect(f01_url(participant, dom_id))
        evidence = None
        if form.cleaned_data["evidence"]:
            evidence = Evidence.objects.filter(
                pk=form.cleaned_data["evidence"], participant=participant
            ).first()
            if evidence is None:
                messages.error(request, _("That document is not in this evidence slot."))
                return redirect(f01_url(participant, dom_id))
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
            flash_errors(request, exc)
        else:
            messages.success(
                request,
                _("“%(name)s” uploaded (revision %(number)s).")
                % {"name": revision.file.original_name, "number": revision.number},
            )
        return redirect(f01_url(participant, dom_id))


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
            return redirect(f01_url(participant, dom_id))
        try:
            services.reuse_evidence(
                revision,
                participant=participant,
                indicator_ref=ref,
                slot_code=slot,
                by=request.user,
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(
                request, _("“%(name)s” added.") % {"name": revision.file.original_name}
            )
        return redirect(f01_url(participant, dom_id))


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
            flash_errors(request, exc)
        else:
            messages.success(request, _("“%(title)s” withdrawn.") % {"title": evidence.title})
        dom_id = scope_for(participant.cycle).dom_ids.get(evidence.indicator_ref, "")
        return redirect(f01_url(participant, dom_id))


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
