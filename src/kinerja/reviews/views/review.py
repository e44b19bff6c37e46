"""The review page (F02): the evaluator's form per indicator with its save (optimistic
locking, "save and next"), and the submission of the evaluator's scores."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from kinerja.assessments.queries import review_scope_for
from kinerja.common.feedback import error_messages, flash_errors
from kinerja.cycles import gates
from kinerja.cycles.enums import ScoreVisibility
from kinerja.cycles.loaders import ParticipantMixin
from kinerja.cycles.models import Participant
from kinerja.cycles.queries import evaluator_seat
from kinerja.reviews.enums import Verdict
from kinerja.reviews.forms import ReviewForm, posted_value, shown_value
from kinerja.reviews.queries.f02 import review_page
from kinerja.reviews.services.f02 import ReviewConflict, record_review, submit_reviews

ALL_ASPECTS = "semua"


def _review_url(participant: Participant, anchor: str = "", aspect: str = "") -> str:
    url = reverse("reviews:participant", args=[participant.pk])
    if aspect:
        url = f"{url}?{urlencode({'aspek': aspect})}"
    return f"{url}#{anchor}" if anchor else url


def _shown_aspects(page, key: str | None):
    """The aspects the page shows: one at a time (``?aspek=<id>``, by default the first with
    something left to score), or all of them (``?aspek=semua``)."""
    if key == ALL_ASPECTS:
        return page.aspects, ALL_ASPECTS
    chosen = next((a for a in page.aspects if a.dom_id == key), None)
    if chosen is None and page.seat is not None:
        chosen = page.first_unscored_aspect()
    if chosen is None and page.aspects:
        chosen = page.aspects[0]
    return ([chosen] if chosen else []), (chosen.dom_id if chosen else "")


class ReviewMixin(ParticipantMixin):
    """The participant of the URL, and the viewer's seat when they score it."""

    def get_seat(self):
        """The viewer's team seat when they score this participant, else None."""
        participant = self.get_participant()
        if not self.request.user.has_perm("reviews.score", participant):
            return None
        return evaluator_seat(participant.cycle, self.request.user)


# --- the review page ------------------------------------------------------------------------


def render_review_page(
    view, *, status: int = 200, refused=None, aspect: str | None = None, saved=None, body=False
):
    """The review page; ``refused`` = (ref, posted, error, conflict) puts a refused save back
    into its form with what the evaluator typed; ``saved`` = (ref, the indicator to go on with)
    after a save. ``body`` renders only the part an htmx save swaps (progress, aspects strip
    and the shown aspect's indicators)."""
    participant = view.get_participant()
    cycle = participant.cycle
    user = view.request.user
    seat = view.get_seat()
    sees_all = user.has_perm("reviews.see_all_scores", participant)
    page = review_page(
        participant,
        seat=seat,
        sees_all=sees_all,
        f01_visible=user.has_perm("assessments.view_f01", participant),
    )
    focus = next_focus = saved_ref = ""
    key = aspect if aspect is not None else view.request.GET.get("aspek")
    if refused is not None:
        ref, posted, error, conflict = refused
        item = page.item(ref)
        if item is not None:
            item.posted, item.error, item.conflict = posted, error, conflict
            focus = item.dom_id
            key = key if key == ALL_ASPECTS else page.aspect_of(ref).dom_id
    if saved is not None:
        saved_ref, target = saved
        next_focus = target.dom_id
        key = key if key == ALL_ASPECTS else page.aspect_of(target.indicator.ref).dom_id
    shown, key = _shown_aspects(page, key)
    if not (next_focus or focus) and seat is not None:
        # A fresh page starts the keyboard at the first indicator still to score.
        waiting = (i for a in shown for i in a.items if i.indicator.scored and not i.reviewed)
        next_focus = next((i.dom_id for i in waiting if not i.indicator.claims), "")
    score_closed = gates.closed_message(cycle, "can_score")
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
        "next_focus": next_focus or focus,
        "saved_ref": saved_ref,
        "shown_aspects": shown,
        "aspect_key": key,
        "all_aspects": ALL_ASPECTS,
        "visibility_label": ScoreVisibility(page.visibility).label,
    }
    template = "reviews/_review_body.html" if body else "reviews/participant.html"
    response = TemplateResponse(view.request, template, context, status=status)
    if body:
        response["HX-Push-Url"] = _review_url(participant, aspect=key)
    return response


class ReviewView(ReviewMixin, View):
    permission_required = "reviews.view_participant"

    def get(self, request, participant_id: int):
        return render_review_page(self)


class SaveReviewView(ReviewMixin, View):
    """Save one indicator's score; "save and next" moves to the following indicator. A refused
    save shows the page again with the typed values kept (409 on a conflict, 400 otherwise)."""

    permission_required = "reviews.score"

    def post(self, request, participant_id: int, ref: str):
        participant = self.get_participant()
        seat = self.get_seat()
        scope = review_scope_for(participant.cycle)
        indicator = scope.indicator(ref)
        if seat is None or indicator is None:
            raise Http404
        form = ReviewForm(request.POST)
        raw = posted_value(indicator, request.POST)
        posted = {
            "value": shown_value(indicator, raw),
            "verdict": request.POST.get("verdict", ""),
            "note": request.POST.get("note", ""),
            "version": 0,
        }
        body = bool(request.htmx)
        if not form.is_valid():
            error = " ".join(m for errors in form.errors.values() for m in errors)
            return render_review_page(
                self, status=400, refused=(ref, posted, error, None), body=body
            )
        data = form.cleaned_data
        posted["version"] = data["version"]
        try:
            record_review(
                participant,
                ref,
                evaluator=seat,
                value=posted_value(indicator, data),
                verdict=data["verdict"],
                note=data["note"],
                expected_version=data["version"],
                round=data["round"],
                by=request.user,
            )
        except ReviewConflict as exc:
            return render_review_page(
                self, status=409, refused=(ref, posted, exc.messages[0], exc.current), body=body
            )
        except ValidationError as exc:
            error = " ".join(error_messages(exc))
            return render_review_page(
                self, status=400, refused=(ref, posted, error, None), body=body
            )
        page = review_page(participant, seat=seat, sees_all=False, f01_visible=False)
        target = page.item(ref)
        if data["then"] == "next":
            target = page.next_unscored(ref) or target
        aspect = request.POST.get("aspek") or ""
        if body:
            return render_review_page(self, saved=(ref, target), aspect=aspect or None, body=True)
        messages.success(request, _("Score for %(ref)s saved.") % {"ref": ref})
        if aspect != ALL_ASPECTS:
            aspect = page.aspect_of(target.indicator.ref).dom_id
        return redirect(_review_url(participant, target.dom_id, aspect))


class SubmitView(ReviewMixin, TemplateView):
    """GET: what is still unscored; POST: submit the evaluator's scores for the participant."""

    permission_required = "reviews.score"
    template_name = "reviews/submit_confirm.html"

    def get_context_data(self, **kwargs):
        participant = self.get_participant()
        seat = self.get_seat()
        page = review_page(participant, seat=seat, sees_all=False, f01_visible=False)
        return super().get_context_data(
            participant=participant,
            cycle=participant.cycle,
            page=page,
            missing=[i for i in page.items if i.indicator.scored and not i.reviewed],
            score_closed=gates.closed_message(participant.cycle, "can_score"),
            **kwargs,
        )

    def post(self, request, participant_id: int):
        participant = self.get_participant()
        seat = self.get_seat()
        if seat is None:
            raise Http404
        try:
            submit_reviews(participant, evaluator=seat, by=request.user)
        except ValidationError as exc:
            flash_errors(request, exc)
            return redirect("reviews:submit", participant.pk)
        messages.success(request, _("Your scores for this participant were submitted."))
        return redirect(_review_url(participant))
