"""The platform administrator's organiser seats and a cycle organiser's invitations."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from kinerja.common.permissions import PermissionRequiredMixin
from kinerja.cycles.loaders import CycleMixin
from kinerja.tenancy import queries
from kinerja.tenancy.forms import InvitationForm, SeatForm
from kinerja.tenancy.models import OrganiserSeat
from kinerja.tenancy.services import (
    invite_government,
    seat_by_username,
    unseat_organiser,
    withdraw_invitation,
)


class SeatListView(PermissionRequiredMixin, TemplateView):
    """Who organises for which body, and seating a user at one (platform administrator only)."""

    permission_required = "tenancy.manage_platform"
    template_name = "tenancy/seats.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", SeatForm(bodies=queries.body_choices()))
        return super().get_context_data(seats=queries.seats(), **kwargs)

    def post(self, request, *args, **kwargs):
        form = SeatForm(request.POST, bodies=queries.body_choices())
        if form.is_valid():
            try:
                seat, password = seat_by_username(
                    username=form.cleaned_data["username"],
                    full_name=form.cleaned_data["full_name"],
                    body=form.cleaned_data["body"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("%(user)s now organises for %(body)s.")
                    % {"user": seat.user.username, "body": seat.body},
                )
                if password:
                    messages.info(
                        request,
                        _(
                            "New login %(user)s, password %(password)s: hand it over in "
                            "person; it is not shown again."
                        )
                        % {"user": seat.user.username, "password": password},
                    )
                return redirect("tenancy:seats")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SeatDeleteView(PermissionRequiredMixin, View):
    permission_required = "tenancy.manage_platform"
    http_method_names = ["post"]

    def post(self, request, seat_id: int):
        seat = get_object_or_404(OrganiserSeat.objects.select_related("user", "body"), pk=seat_id)
        unseat_organiser(seat, by=request.user)
        messages.success(
            request,
            _("%(user)s no longer organises for %(body)s.")
            % {"user": seat.user.username, "body": seat.body},
        )
        return redirect("tenancy:seats")


class InvitationMixin(CycleMixin):
    """Loads ``self.cycle``; only its organisers (and the platform administrator) get in."""

    permission_required = "tenancy.invite"


class InvitationListView(InvitationMixin, TemplateView):
    """The governments below invited to a cycle, and inviting one more."""

    template_name = "tenancy/invitations.html"

    def form(self, data=None) -> InvitationForm:
        return InvitationForm(data, bodies=queries.invitable_bodies(self.cycle))

    def get_context_data(self, **kwargs):
        form = kwargs.pop("form", None) or self.form()
        kwargs.pop("cycle_id", None)
        return super().get_context_data(
            cycle=self.cycle,
            form=form,
            invitations=queries.invitations(self.cycle),
            can_invite=form.fields["body"].queryset.exists(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if form.is_valid():
            try:
                invitation = invite_government(
                    self.cycle,
                    form.cleaned_data["body"],
                    quota=form.cleaned_data["quota"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("%(body)s is invited.") % {"body": invitation.body})
                return redirect("tenancy:invitations", cycle_id=self.cycle.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class InvitationWithdrawView(InvitationMixin, View):
    http_method_names = ["post"]

    def post(self, request, cycle_id: int, invitation_id: int):
        invitation = self.cycle.invitations.select_related("body").filter(pk=invitation_id).first()
        if invitation is None:
            raise Http404
        if invitation.active:
            withdraw_invitation(invitation, by=request.user)
            messages.success(
                request, _("The invitation of %(body)s is withdrawn.") % {"body": invitation.body}
            )
        return redirect("tenancy:invitations", cycle_id=self.cycle.pk)
