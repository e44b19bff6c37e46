"""Verification and scoring (F02) pages: the evaluator's worklist, the review page with its
save (optimistic locking), submission, and clarifications on both sides."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from kinerja.assessments import services as assessment_services
from kinerja.assessments.queries import scope_for
from kinerja.assessments.services import clean_value
from kinerja.common.permissions import PermissionRequiredMixin
from kinerja.common.uploads import DEFAULT_MAX_BYTES, format_size
from kinerja.cycles import gates
from kinerja.cycles.enums import ScoreVisibility
from kinerja.cycles.gates import StageClosed
from kinerja.cycles.models import Cycle, Participant
from kinerja.reviews import queries, services
from kinerja.reviews.enums import UNRESOLVED, ClarificationStatus, Verdict
from kinerja.reviews.forms import EvidenceForm, MessageForm, QuestionForm, ReviewForm
from kinerja.reviews.models import Clarification
from kinerja.reviews.services import ReviewConflict


def _participants():
    return Participant.objects.select_related(
        "unit", "cycle__instrument_version__instrument", "cycle__organiser_unit"
    ).prefetch_related("cycle__stages")


def _gate_message(cycle: Cycle, flag: str) -> str:
    try:
        gates.require_open(cycle, flag)
    except StageClosed as exc:
        return exc.messages[0]
    return ""


def _review_url(participant: Participant, anchor: str = "") -> str:
    url = reverse("reviews:participant", args=[participant.pk])
    return f"{url}#{anchor}" if anchor else url


def _flash(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


class CycleMixin(PermissionRequiredMixin):
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


class ParticipantMixin(PermissionRequiredMixin):
    def get_participant(self) -> Participant:
        if not hasattr(self, "_participant"):
            self._participant = get_object_or_404(_participants(), pk=self.kwargs["participant_id"])
        return self._participant

    def get_permission_object(self):
        return self.get_participant()

    def get_seat(self):
        """The viewer's team seat when they score this participant, else None."""
        participant = self.get_participant()
        if not self.request.user.has_perm("reviews.score", participant):
            return None
        return queries.evaluator_seat(participant.cycle, self.request.user)


class ClarificationMixin(PermissionRequiredMixin):
    def get_clarification(self) -> Clarification:
        if not hasattr(self, "_clarification"):
            self._clarification = get_object_or_404(
                Clarification.objects.select_related(
                    "participant__unit",
                    "participant__cycle__instrument_version__instrument",
                    "raised_by__user",
                    "resolved_by",
                ).prefetch_related("participant__cycle__stages"),
                pk=self.kwargs["clarification_id"],
            )
        return self._clarification

    def get_permission_object(self):
        return self.get_clarification()


# --- worklist -------------------------------------------------------------------------------


class WorklistView(CycleMixin, TemplateView):
    permission_required = "reviews.view_worklist"
    template_name = "reviews/mine.html"

    def get_context_data(self, **kwargs):
        cycle = self.get_cycle()
        user = self.request.user
        seat = queries.evaluator_seat(cycle, user)
        sees_all = user.has_perm("reviews.see_all_scores", cycle)
        return super().get_context_data(
            cycle=cycle,
            seat=seat,
            rows=queries.worklist(cycle, seat) if seat else [],
            overview=queries.overview(cycle) if sees_all else None,
            score_closed=_gate_message(cycle, "can_score"),
            **kwargs,
        )


# --- the review page ------------------------------------------------------------------------


def render_review_page(view, *, status: int = 200, refused=None):
    """The review page; ``refused`` = (ref, posted, error, conflict) puts a refused save back
    into its form with what the evaluator typed."""
    participant = view.get_participant()
    cycle = participant.cycle
    user = view.request.user
    seat = view.get_seat()
    sees_all = user.has_perm("reviews.see_all_scores", participant)
    page = queries.review_page(
        participant,
        seat=seat,
        sees_all=sees_all,
        f01_visible=user.has_perm("assessments.view_f01", participant),
    )
    focus = ""
    if refused is not None:
        ref, posted, error, conflict = refused
        item = page.item(ref)
        if item is not None:
            item.posted, item.error, item.conflict = posted, error, conflict
            focus = item.dom_id
    score_closed = _gate_message(cycle, "can_score")
    context = {
        "participant": participant,
        "cycle": cycle,
        "page": page,
        "seat": seat,
        "can_score": seat is not None and not score_closed,
        "can_raise": seat is not None and not score_closed,
        "score_closed": score_closed if seat is not None else "",
        "verdicts": Verdict.choices,
        "focus": focus,
        "visibility_label": ScoreVisibility(page.visibility).label,
    }
    return TemplateResponse(view.request, "reviews/participant.html", context, status=status)


class ReviewView(ParticipantMixin, View):
    permission_required = "reviews.view_participant"

    def get(self, request, participant_id: int):
        return render_review_page(self)


def _posted_value(indicator, data):
    rule = getattr(indicator.answer, "rule", None)
    if rule is not None and rule.kind == "ratio" and rule.target is None:
        return {"target": data.get("target", ""), "actual": data.get("actual", "")}
    return data.get("value", "")


def _shown(indicator, raw):
    """What the evaluator typed, canonical when it is valid (so the right radio stays checked)."""
    try:
        return clean_value(indicator, raw)
    except ValidationError:
        return raw


class SaveReviewView(ParticipantMixin, View):
    """Save one indicator's score; "save and next" moves to the following indicator. A refused
    save shows the page again with the typed values kept (409 on a conflict, 400 otherwise)."""

    permission_required = "reviews.score"

    def post(self, request, participant_id: int, ref: str):
        participant = self.get_participant()
        seat = self.get_seat()
        scope = queries.review_scope_for(participant.cycle)
        indicator = scope.indicator(ref)
        if seat is None or indicator is None:
            raise Http404
        form = ReviewForm(request.POST)
        raw = _posted_value(indicator, request.POST)
        posted = {
            "value": _shown(indicator, raw),
            "verdict": request.POST.get("verdict", ""),
            "note": request.POST.get("note", ""),
            "version": 0,
        }
        if not form.is_valid():
            error = " ".join(m for errors in form.errors.values() for m in errors)
            return render_review_page(self, status=400, refused=(ref, posted, error, None))
        data = form.cleaned_data
        posted["version"] = data["version"]
        try:
            services.record_review(
                participant,
                ref,
                evaluator=seat,
                value=_posted_value(indicator, data),
                verdict=data["verdict"],
                note=data["note"],
                expected_version=data["version"],
                round=data["round"],
                by=request.user,
            )
        except ReviewConflict as exc:
            return render_review_page(
                self, status=409, refused=(ref, posted, exc.messages[0], exc.current)
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
            return render_review_page(self, status=400, refused=(ref, posted, error, None))
        messages.success(request, _("Score for %(ref)s saved.") % {"ref": ref})
        target = ref
        if data["then"] == "next":
            target = scope.next_ref(ref) or ref
        return redirect(_review_url(participant, scope.dom_ids[target]))


class SubmitView(ParticipantMixin, TemplateView):
    """GET: what is still unscored; POST: submit the evaluator's scores for the participant."""

    permission_required = "reviews.score"
    template_name = "reviews/submit_confirm.html"

    def get_context_data(self, **kwargs):
        participant = self.get_participant()
        seat = self.get_seat()
        page = queries.review_page(participant, seat=seat, sees_all=False, f01_visible=False)
        return super().get_context_data(
            participant=participant,
            cycle=participant.cycle,
            page=page,
            missing=[i for i in page.items if i.indicator.scored and not i.reviewed],
            score_closed=_gate_message(participant.cycle, "can_score"),
            **kwargs,
        )

    def post(self, request, participant_id: int):
        participant = self.get_participant()
        seat = self.get_seat()
        if seat is None:
            raise Http404
        try:
            services.submit_reviews(participant, evaluator=seat, by=request.user)
        except ValidationError as exc:
            _flash(request, exc)
            return redirect("reviews:submit", participant.pk)
        messages.success(request, _("Your scores for this participant were submitted."))
        return redirect(_review_url(participant))


# --- clarifications -------------------------------------------------------------------------


class RaiseClarificationView(ParticipantMixin, TemplateView):
    permission_required = "reviews.raise_clarification"
    template_name = "reviews/clarification_new.html"

    def get_indicator(self):
        participant = self.get_participant()
        ref = self.kwargs["ref"]
        indicator = queries.review_scope_for(participant.cycle).indicator(ref) or scope_for(
            participant.cycle
        ).indicator(ref)
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
            score_closed=_gate_message(participant.cycle, "can_score"),
            **kwargs,
        )

    def post(self, request, participant_id: int, ref: str):
        participant = self.get_participant()
        self.get_indicator()
        seat = self.get_seat()
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
                return redirect("reviews:clarification", clarification.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ClarificationView(ClarificationMixin, TemplateView):
    permission_required = "reviews.view_clarification"
    template_name = "reviews/clarification.html"

    def get_context_data(self, **kwargs):
        clarification = self.get_clarification()
        participant = clarification.participant
        cycle = participant.cycle
        user = self.request.user
        unresolved = clarification.status in UNRESOLVED
        is_unit = user.has_perm("reviews.answer_clarification", clarification)
        window_closed = queries.scoring_over(cycle)
        indicator = scope_for(cycle).indicator(clarification.indicator_ref)
        f01 = queries.f01_items(participant).get(clarification.indicator_ref)
        can_upload = (
            is_unit and unresolved and not window_closed and bool(indicator and indicator.evidence)
        )
        review_indicator = queries.review_scope_for(cycle).indicator(clarification.indicator_ref)
        return super().get_context_data(
            clarification=clarification,
            participant=participant,
            cycle=cycle,
            indicator=indicator or review_indicator,
            item=f01,
            thread=list(clarification.messages.select_related("author")),
            is_unit=is_unit,
            can_answer=is_unit and unresolved and not window_closed,
            can_follow_up=not is_unit
            and unresolved
            and user.has_perm("reviews.reply_clarification", clarification)
            and not _gate_message(cycle, "can_score"),
            can_resolve=unresolved
            and user.has_perm("reviews.resolve_clarification", clarification),
            can_upload=False,  # the shared slot template's own upload forms stay hidden
            can_add_evidence=can_upload,
            evidence_form=EvidenceForm(slots=indicator.evidence) if can_upload else None,
            message_form=MessageForm(),
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
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
        else:
            try:
                self.send(clarification, form.cleaned_data["body"])
            except ValidationError as exc:
                _flash(request, exc)
            else:
                messages.success(request, _("Message sent."))
        return redirect("reviews:clarification", clarification.pk)


class AnswerView(_MessageView):
    """The unit's answer."""

    permission_required = "reviews.answer_clarification"

    def send(self, clarification, body):
        services.answer_clarification(clarification, body=body, by=self.request.user)


class MessageView(_MessageView):
    """A follow-up from the team side (the assigned evaluators, the chair, the organiser)."""

    permission_required = "reviews.reply_clarification"

    def send(self, clarification, body):
        services.add_message(clarification, body=body, by=self.request.user)


class ClarificationUploadView(ClarificationMixin, View):
    """The unit adds evidence for the clarification's indicator (allowed while it is open, even
    after the F01 was submitted)."""

    permission_required = "reviews.answer_clarification"

    def post(self, request, clarification_id: int):
        clarification = self.get_clarification()
        participant = clarification.participant
        indicator = scope_for(participant.cycle).indicator(clarification.indicator_ref)
        if indicator is None or not indicator.evidence:
            raise Http404
        form = EvidenceForm(request.POST, request.FILES, slots=indicator.evidence)
        if not form.is_valid():
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
            return redirect("reviews:clarification", clarification.pk)
        try:
            revision = assessment_services.upload_evidence(
                participant,
                clarification.indicator_ref,
                form.cleaned_data["slot"],
                form.cleaned_data["file"],
                by=request.user,
                title=form.cleaned_data["title"],
            )
        except ValidationError as exc:
            _flash(request, exc)
        else:
            messages.success(
                request,
                _("“%(name)s” uploaded (revision %(number)s).")
                % {"name": revision.file.original_name, "number": revision.number},
            )
        return redirect("reviews:clarification", clarification.pk)


class ResolveView(ClarificationMixin, View):
    permission_required = "reviews.resolve_clarification"

    def post(self, request, clarification_id: int):
        clarification = self.get_clarification()
        try:
            services.resolve_clarification(clarification, by=request.user)
        except ValidationError as exc:
            _flash(request, exc)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("The clarification was resolved."))
        return redirect("reviews:clarification", clarification.pk)


class UnitClarificationsView(ParticipantMixin, TemplateView):
    """The unit's panel: its clarifications, open ones first."""

    permission_required = "reviews.view_unit_clarifications"
    template_name = "reviews/unit_clarifications.html"

    def get_context_data(self, **kwargs):
        participant = self.get_participant()
        rows = list(queries.clarifications_of(participant))
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
