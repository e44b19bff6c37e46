"""Inviting governments below to a cycle (a province's kab/kota), and withdrawing it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from kinerja.cycles import services
from kinerja.cycles.forms import (
    InvitationForm,
)
from kinerja.cycles.queries import invitable_bodies, invitations
from kinerja.cycles.views.base import InvitationMixin


class InvitationListView(InvitationMixin, TemplateView):
    """The governments below invited to a cycle, and inviting one more."""

    template_name = "cycles/invitations.html"

    def form(self, data=None) -> InvitationForm:
        return InvitationForm(data, bodies=invitable_bodies(self.cycle))

    def get_context_data(self, **kwargs):
        form = kwargs.pop("form", None) or self.form()
        kwargs.pop("cycle_id", None)
        return super().get_context_data(
            cycle=self.cycle,
            form=form,
            invitations=invitations(self.cycle),
            can_invite=form.fields["body"].queryset.exists(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if form.is_valid():
            try:
                invitation = services.invite_government(
                    self.cycle,
                    form.cleaned_data["body"],
                    quota=form.cleaned_data["quota"],
                    unit_kind=form.cleaned_data["unit_kind"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("%(body)s is invited.") % {"body": invitation.body})
                return redirect("cycles:invitations", cycle_id=self.cycle.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class InvitationWithdrawView(InvitationMixin, View):
    http_method_names = ["post"]

    def post(self, request, cycle_id: int, invitation_id: int):
        invitation = self.cycle.invitations.select_related("body").filter(pk=invitation_id).first()
        if invitation is None:
            raise Http404
        if invitation.active:
            services.withdraw_invitation(invitation, by=request.user)
            messages.success(
                request, _("The invitation of %(body)s is withdrawn.") % {"body": invitation.body}
            )
        return redirect("cycles:invitations", cycle_id=self.cycle.pk)
