"""The participant's claims page: its claims per criterion; the unit adds and removes them while
it may edit its submission, the organiser and the team read them with what was found on site."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from kinerja.assessments.enums import EDITABLE
from kinerja.assessments.models import SelfAssessment
from kinerja.claims import services
from kinerja.claims.forms import ClaimLinesForm
from kinerja.claims.models import Claim
from kinerja.claims.queries import claims_board
from kinerja.common.feedback import flash_errors
from kinerja.cycles import gates
from kinerja.cycles.loaders import ParticipantMixin


class ClaimsMixin(ParticipantMixin):
    def get_permission_object(self):
        participant = self.get_participant()
        if not services.claim_indicators(participant.cycle):
            raise Http404  # no claims indicator: the page does not exist for this instrument
        return participant

    def to_list(self):
        return redirect("claims:list", participant_id=self.get_participant().pk)


class ClaimsView(ClaimsMixin, TemplateView):
    permission_required = "claims.view_claims"
    template_name = "claims/claims.html"

    def get_context_data(self, form=None, **kwargs):
        participant = self.get_participant()
        cycle = participant.cycle
        user = self.request.user
        editor = user.has_perm("claims.edit_claims", participant)
        status = (
            SelfAssessment.objects.filter(participant=participant)
            .values_list("status", flat=True)
            .first()
        )
        closed = gates.closed_message(cycle, "can_edit_self")
        if not closed and status is not None and status not in EDITABLE:
            closed = _(
                "The self-assessment has been submitted; the claims can be changed only after the "
                "organiser reopens it."
            )
        boards = [claims_board(participant, i) for i in services.claim_indicators(cycle)]
        return super().get_context_data(
            participant=participant,
            cycle=cycle,
            boards=boards,
            editor=editor,
            can_edit=editor and not closed,
            closed_message=closed,
            shows_checks=not editor or user.has_perm("visits.view_visit", participant),
            form=form or ClaimLinesForm(),
        )


class ClaimAddView(ClaimsMixin, View):
    permission_required = "claims.edit_claims"

    def post(self, request, participant_id: int):
        participant = self.get_participant()
        ref = request.POST.get("indicator") or None
        form = ClaimLinesForm(request.POST)
        if not form.is_valid():
            return self.refused(form)
        try:
            added = services.add_claims(
                participant, form.cleaned_data["lines"], by=request.user, indicator_ref=ref
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("lines", message)
            return self.refused(form)
        messages.success(
            request,
            ngettext("%(count)s claim added.", "%(count)s claims added.", len(added))
            % {"count": len(added)},
        )
        return self.to_list()

    def refused(self, form):
        """The claims page again with the refused lines beside the field (400)."""
        page = ClaimsView(request=self.request, kwargs=self.kwargs, participant=self.participant)
        return page.render_to_response(page.get_context_data(form=form), status=400)


class ClaimRemoveView(ClaimsMixin, View):
    permission_required = "claims.edit_claims"

    def post(self, request, participant_id: int, claim_id: int):
        claim = get_object_or_404(Claim, pk=claim_id, participant=self.get_participant())
        claim.participant = self.get_participant()
        try:
            services.remove_claim(claim, by=request.user)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Claim %(title)s removed.") % {"title": claim.title})
        return self.to_list()
