"""Clarification pages on both sides: the evaluator's question form, the thread with the unit's
answer, follow-ups, the unit's added evidence and the resolution, and the unit's panel of its
clarifications."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from kinerja.assessments import services
from kinerja.assessments.enums import UNRESOLVED, ClarificationStatus
from kinerja.assessments.forms import ClarificationUploadForm, MessageForm, QuestionForm
from kinerja.assessments.models import Clarification
from kinerja.assessments.queries import (
    clarifiable_indicator,
    clarifications_of,
    f01_items,
    scope_for,
)
from kinerja.common.feedback import flash_errors
from kinerja.common.permissions import PermissionRequiredMixin
from kinerja.common.uploads.display import format_size
from kinerja.common.uploads.validation import DEFAULT_MAX_BYTES
from kinerja.cycles import gates
from kinerja.cycles.loaders import ParticipantMixin
from kinerja.cycles.queries import evaluator_seat


class ClarificationMixin(PermissionRequiredMixin):
    """Loads the clarification of the URL (with its participant's cycle, stages and instrument)
    once; the view's permission is checked against it."""

    def get_clarification(self) -> Clarification:
        if not hasattr(self, "clarification"):
            self.clarification = get_object_or_404(
                Clarification.objects.select_related(
                    "participant__unit",
                    "participant__cycle__instrument_version__instrument",
                    "raised_by__user",
                    "resolved_by",
                ).prefetch_related("participant__cycle__stages"),
                pk=self.kwargs["clarification_id"],
            )
        return self.clarification

    def get_permission_object(self):
        return self.get_clarification()


def _flash_form_errors(request, form) -> None:
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


class RaiseClarificationView(ParticipantMixin, TemplateView):
    permission_required = "assessments.raise_clarification"
    template_name = "assessments/clarification_new.html"

    def get_indicator(self):
        indicator = clarifiable_indicator(self.get_participant().cycle, self.kwargs["ref"])
        if indicator is None:
            raise Http404
        return indicator

    def get_context_data(self, **kwargs):
        participant = self.get_participant()
        kwargs.setdefault("form", QuestionForm())
        return super().get_context_data(
            participant=participant,
            cycle=participant.cycle,
            indicator=self.get_indicator(),
            score_closed=gates.closed_message(participant.cycle, "can_score"),
            **kwargs,
        )

    def post(self, request, participant_id: int, ref: str):
        participant = self.get_participant()
        self.get_indicator()
        seat = evaluator_seat(participant.cycle, request.user)
        if seat is None:
            raise Http404
        form = QuestionForm(request.POST)
        if form.is_valid():
            try:
                clarification = services.raise_clarification(
                    participant,
                    ref,
                    evaluator=seat,
                    question=form.cleaned_data["question"],
                    by=request.user,
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("The clarification was sent to the unit."))
                return redirect("assessments:clarification", clarification.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


MAX_DRAFT = 10_000


def draft_key(clarification) -> str:
    return f"clarification-draft-{clarification.pk}"


class ClarificationView(ClarificationMixin, TemplateView):
    permission_required = "assessments.view_clarification"
    template_name = "assessments/clarification.html"

    def get_context_data(self, **kwargs):
        clarification = self.get_clarification()
        participant = clarification.participant
        cycle = participant.cycle
        user = self.request.user
        unresolved = clarification.status in UNRESOLVED
        is_unit = user.has_perm("assessments.answer_clarification", clarification)
        window_closed = gates.scoring_over(cycle)
        indicator = scope_for(cycle).indicator(clarification.indicator_ref)
        f01 = f01_items(participant).get(clarification.indicator_ref)
        can_upload = (
            is_unit and unresolved and not window_closed and bool(indicator and indicator.evidence)
        )
        return super().get_context_data(
            clarification=clarification,
            participant=participant,
            cycle=cycle,
            indicator=indicator or clarifiable_indicator(cycle, clarification.indicator_ref),
            item=f01,
            thread=list(clarification.messages.select_related("author")),
            is_unit=is_unit,
            can_answer=is_unit and unresolved and not window_closed,
            can_follow_up=not is_unit
            and unresolved
            and user.has_perm("assessments.reply_clarification", clarification)
            and not gates.closed_message(cycle, "can_score"),
            can_resolve=unresolved
            and user.has_perm("assessments.resolve_clarification", clarification),
            can_upload=False,  # the shared slot template's own upload forms stay hidden
            can_add_evidence=can_upload,
            evidence_form=ClarificationUploadForm(slots=indicator.evidence) if can_upload else None,
            message_form=MessageForm(),
            draft=self.request.session.pop(draft_key(clarification), ""),
            # The review page of the participant (reviews' permission, read by name only).
            can_review=user.has_perm("reviews.view_participant", participant),
            window_closed=window_closed and unresolved,
            max_upload=format_size(
                int(getattr(settings, "KINERJA_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))
            ),
            **kwargs,
        )


class _MessageView(ClarificationMixin, View):
    def post(self, request, clarification_id: int):
        clarification = self.get_clarification()
        form = MessageForm(request.POST)
        if not form.is_valid():
            _flash_form_errors(request, form)
        else:
            try:
                self.send(clarification, form.cleaned_data["body"])
            except ValidationError as exc:
                flash_errors(request, exc)
            else:
                messages.success(request, _("Message sent."))
        return redirect("assessments:clarification", clarification.pk)


class AnswerView(_MessageView):
    """The unit's answer."""

    permission_required = "assessments.answer_clarification"

    def send(self, clarification, body):
        services.answer_clarification(clarification, body=body, by=self.request.user)


class MessageView(_MessageView):
    """A follow-up from the team side (the assigned evaluators, the chair, the organiser)."""

    permission_required = "assessments.reply_clarification"

    def send(self, clarification, body):
        services.add_message(clarification, body=body, by=self.request.user)


class ClarificationUploadView(ClarificationMixin, View):
    """The unit adds evidence for the clarification's indicator (allowed while it is open, even
    after the F01 was submitted)."""

    permission_required = "assessments.answer_clarification"

    def post(self, request, clarification_id: int):
        clarification = self.get_clarification()
        participant = clarification.participant
        indicator = scope_for(participant.cycle).indicator(clarification.indicator_ref)
        if indicator is None or not indicator.evidence:
            raise Http404
        # The answer typed in the same form before uploading is kept for the page to show again.
        draft = request.POST.get("body", "").strip()
        if draft:
            request.session[draft_key(clarification)] = draft[:MAX_DRAFT]
        form = ClarificationUploadForm(request.POST, request.FILES, slots=indicator.evidence)
        if not form.is_valid():
            _flash_form_errors(request, form)
            return redirect("assessments:clarification", clarification.pk)
        try:
            revision = services.upload_evidence(
                participant,
                clarification.indicator_ref,
                form.cleaned_data["slot"],
                form.cleaned_data["file"],
                by=request.user,
                title=form.cleaned_data["title"],
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(
                request,
                _("“%(name)s” uploaded (revision %(number)s).")
                % {"name": revision.file.original_name, "number": revision.number},
            )
        return redirect("assessments:clarification", clarification.pk)


class ResolveView(ClarificationMixin, View):
    permission_required = "assessments.resolve_clarification"

    def post(self, request, clarification_id: int):
        clarification = self.get_clarification()
        try:
            services.resolve_clarification(clarification, by=request.user)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("The clarification was resolved."))
        return redirect("assessments:clarification", clarification.pk)


class UnitClarificationsView(ParticipantMixin, TemplateView):
    """The unit's panel: its clarifications, open ones first."""

    permission_required = "assessments.view_unit_clarifications"
    template_name = "assessments/unit_clarifications.html"

    def get_context_data(self, **kwargs):
        participant = self.get_participant()
        rows = list(clarifications_of(participant))
        names = {
            i.ref: i.name for i in participant.cycle.instrument_version.definition.iter_indicators()
        }
        for row in rows:
            row.indicator_name = names.get(row.indicator_ref, "")
        return super().get_context_data(
            participant=participant,
            cycle=participant.cycle,
            unresolved=[r for r in rows if r.status in UNRESOLVED],
            resolved=[r for r in rows if r.status == ClarificationStatus.RESOLVED],
            **kwargs,
        )
