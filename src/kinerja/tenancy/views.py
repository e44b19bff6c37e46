"""The platform administrator's organiser seats."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from kinerja.common.permissions import PermissionRequiredMixin
from kinerja.tenancy import queries
from kinerja.tenancy.forms import SeatForm
from kinerja.tenancy.models import OrganiserSeat
from kinerja.tenancy.services import seat_by_username, unseat_organiser


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
