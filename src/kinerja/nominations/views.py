"""The nominations page of a cycle: the invited governments nominate their units within their
quota; the cycle's organiser accepts or refuses each (one page, what each sees is theirs)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from kinerja.common.feedback import flash_errors
from kinerja.common.ids import parse_id
from kinerja.cycles import gates
from kinerja.cycles.enums import StageKind
from kinerja.cycles.loaders import CycleMixin
from kinerja.nominations import services
from kinerja.nominations.forms import NominateForm, RefuseForm
from kinerja.nominations.models import Nomination
from kinerja.nominations.queries import invitations_with_nominations, nominable_units
from kinerja.tenancy.rules import is_cycle_organiser


class NominationsView(CycleMixin, TemplateView):
    permission_required = "nominations.view"
    template_name = "nominations/nominations.html"

    def organises(self) -> bool:
        return is_cycle_organiser(self.request.user, self.cycle)

    def get_context_data(self, **kwargs):
        kwargs.pop("cycle_id", None)
        failed = kwargs.pop("failed", None)  # (invitation id, bound form) of a refused nominate
        invitations = invitations_with_nominations(
            self.cycle, self.request.user, all_of_them=self.organises()
        )
        for invitation in invitations:
            invitation.mine = services.may_nominate(self.request.user, invitation)
            if invitation.mine:
                invitation.form = (
                    failed[1]
                    if failed and failed[0] == invitation.pk
                    else NominateForm(units=nominable_units(invitation), prefix=f"i{invitation.pk}")
                )
        waiting = sum(1 for i in invitations for n in i.listed if n.open)
        return super().get_context_data(
            cycle=self.cycle,
            invitations=invitations,
            waiting=waiting if self.organises() else 0,
            organises=self.organises(),
            stage_message=gates.closed_kind_message(self.cycle, StageKind.NOMINASI),
            refuse_form=RefuseForm(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            if "nominate" in request.POST:
                return self.nominate(request)
            if "accept_all" in request.POST:
                invitation = None
                if "invitation" in request.POST:  # one government's waiting nominations
                    invitation = self.cycle.invitations.filter(
                        pk=parse_id(request.POST["invitation"]) or 0
                    ).first()
                    if invitation is None:
                        raise Http404
                count = services.accept_waiting(self.cycle, by=request.user, invitation=invitation)
                messages.success(
                    request,
                    ngettext(
                        "%(count)s unit takes part now.", "%(count)s units take part now.", count
                    )
                    % {"count": count},
                )
                return redirect("nominations:list", cycle_id=self.cycle.pk)
            if not {"accept", "refuse", "withdraw"} & set(request.POST):
                return redirect("nominations:list", cycle_id=self.cycle.pk)
            nomination = self.nomination(request.POST.get("nomination"))
            if "accept" in request.POST:
                services.accept_nomination(nomination, by=request.user)
                messages.success(request, _("%(unit)s takes part now.") % {"unit": nomination.unit})
            elif "refuse" in request.POST:
                form = RefuseForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(list(form.errors.get("reason", [])) or _("Invalid."))
                services.refuse_nomination(
                    nomination, reason=form.cleaned_data["reason"], by=request.user
                )
                messages.success(request, _("The nomination is refused."))
            elif "withdraw" in request.POST:
                services.withdraw_nomination(nomination, by=request.user)
                messages.success(request, _("The nomination is withdrawn."))
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            flash_errors(request, error)
        return redirect("nominations:list", cycle_id=self.cycle.pk)

    def nomination(self, value) -> Nomination:
        pk = parse_id(value)
        if pk is None:
            raise Http404
        nomination = (
            Nomination.objects.select_related("invitation__cycle", "invitation__body", "unit")
            .filter(pk=pk, invitation__cycle=self.cycle)
            .first()
        )
        if nomination is None:
            raise Http404
        return nomination

    def nominate(self, request):
        value = request.POST.get("nominate", "")
        invitation = (
            self.cycle.invitations.filter(withdrawn_at=None)
            .select_related("body", "cycle")
            .filter(pk=parse_id(value) or 0)
            .first()
        )
        if invitation is None or not services.may_nominate(request.user, invitation):
            raise Http404
        form = NominateForm(
            request.POST, units=nominable_units(invitation), prefix=f"i{invitation.pk}"
        )
        if form.is_valid():
            try:
                services.nominate(
                    invitation,
                    form.cleaned_data["unit"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("%(unit)s is nominated.") % {"unit": form.cleaned_data["unit"]}
                )
                return redirect("nominations:list", cycle_id=self.cycle.pk)
        return self.render_to_response(
            self.get_context_data(failed=(invitation.pk, form)), status=400
        )
