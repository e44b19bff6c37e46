"""The claims section of the on-site page: an assigned evaluator marks each claim found or not
found (the visit's own page, ``visits:onsite``, shows the section and any refusal)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from kinerja.claims import services
from kinerja.claims.forms import CheckForm
from kinerja.claims.models import Claim
from kinerja.cycles.queries import evaluator_seat
from kinerja.visits.views.onsite import VisitMixin, render_onsite


class _CheckMixin(VisitMixin):
    permission_required = "visits.work_visit"

    def seat(self):
        seat = evaluator_seat(self.get_participant().cycle, self.request.user)
        if seat is None:
            raise Http404
        return seat

    def refused(self, ref: str, exc: ValidationError, status: int = 400):
        return render_onsite(
            self, status=status, refused=(ref, {"value": "", "note": ""}, " ".join(exc.messages))
        )

    def back(self, ref: str):
        return redirect(self.onsite_url(f"claims-{ref}"))

    def posted_indicator(self, participant) -> str:
        """The ref of the posted claim indicator of the participant's instrument (404 if none)."""
        try:
            return services.claim_indicator(
                participant.cycle, self.request.POST.get("indicator")
            ).ref
        except ValidationError:
            raise Http404 from None


class ClaimCheckView(_CheckMixin, View):
    def post(self, request, participant_id: int, claim_id: int):
        participant = self.get_participant()
        self.get_visit()
        claim = get_object_or_404(Claim, pk=claim_id, participant=participant)
        claim.participant = participant
        seat = self.seat()
        form = CheckForm(request.POST)
        if not form.is_valid():
            return self.refused(
                claim.indicator_ref, ValidationError(_("Choose found or not found."))
            )
        data = form.cleaned_data
        try:
            services.check_claim(
                claim,
                evaluator=seat,
                found=data["found"],
                note=data["note"],
                expected_version=data["version"],
                by=request.user,
            )
        except services.CheckConflict as exc:
            return self.refused(claim.indicator_ref, exc, status=409)
        except ValidationError as exc:
            return self.refused(claim.indicator_ref, exc)
        state = _("found") if data["found"] else _("not found")
        messages.success(
            request, _("%(title)s: %(state)s.") % {"title": claim.title, "state": state}
        )
        return self.back(claim.indicator_ref)


class NothingClaimedView(_CheckMixin, View):
    def post(self, request, participant_id: int):
        participant = self.get_participant()
        self.get_visit()
        ref = self.posted_indicator(participant)
        try:
            services.record_nothing_claimed(
                participant, ref, evaluator=self.seat(), by=request.user
            )
        except ValidationError as exc:
            return self.refused(ref, exc)
        messages.success(request, _("Recorded: nothing claimed, nothing to find."))
        return self.back(ref)


class ClaimsRemainingFoundView(_CheckMixin, View):
    """Every claim of the indicator the evaluator has not checked yet, marked found at once."""

    def post(self, request, participant_id: int):
        participant = self.get_participant()
        self.get_visit()
        ref = self.posted_indicator(participant)
        try:
            count = services.check_remaining_found(
                participant, ref, evaluator=self.seat(), by=request.user
            )
        except ValidationError as exc:
            return self.refused(ref, exc)
        messages.success(
            request,
            ngettext("%(count)s claim marked found.", "%(count)s claims marked found.", count)
            % {"count": count},
        )
        return self.back(ref)
