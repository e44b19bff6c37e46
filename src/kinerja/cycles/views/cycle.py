"""The cycles list, a new cycle, its overview, its settings and a copy."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from kinerja.audit.models import AuditEvent
from kinerja.common.permissions import PermissionRequiredMixin
from kinerja.cycles import gates, services
from kinerja.cycles.forms import (
    CycleCreateForm,
    CycleEditForm,
)
from kinerja.cycles.models import Cycle
from kinerja.cycles.queries import cycles_for
from kinerja.cycles.views.base import CycleMixin


class CycleListView(LoginRequiredMixin, TemplateView):
    """Everyone logged in sees the cycles they take part in; organisers see all."""

    template_name = "cycles/cycle_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(cycles=cycles_for(self.request.user), **kwargs)


class CycleCreateView(PermissionRequiredMixin, FormView):
    permission_required = "cycles.create"
    template_name = "cycles/cycle_form.html"
    form_class = CycleCreateForm

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_initial(self):
        return {"year": timezone.localdate().year, "starts_on": timezone.localdate()}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            cycle = services.create_cycle(by=self.request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Cycle %(name)s created.") % {"name": cycle.name})
        return redirect("cycles:detail", cycle_id=cycle.pk)


class CycleDetailView(CycleMixin, TemplateView):
    permission_required = "cycles.view_cycle"
    template_name = "cycles/cycle_detail.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        stages = gates.stages_of(self.cycle)
        timeline = [
            {
                "stage": stage,
                # Stages end at a local midnight: the last day people can work is the day before.
                "last_day": stage.ends_at - dt.timedelta(seconds=1),
                "state": "past"
                if stage.ends_at <= now
                else ("current" if stage.starts_at <= now else "future"),
            }
            for stage in stages
        ]
        user = self.request.user
        membership = self.cycle.team.filter(user=user).first()
        return super().get_context_data(
            timeline=timeline,
            now=now,
            membership=membership,
            my_participants=self.cycle.participants.filter(members__user=user)
            .select_related("unit")
            .distinct(),
            can_manage=user.has_perm("cycles.manage", self.cycle),
            events=AuditEvent.objects.for_object(self.cycle).select_related("actor")[:10],
            **kwargs,
        )


class CycleEditView(CycleMixin, FormView):
    template_name = "cycles/cycle_form.html"
    form_class = CycleEditForm

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {
            "instance": Cycle.objects.get(pk=self.cycle.pk),
            "user": self.request.user,
        }

    def form_valid(self, form):
        try:
            services.update_cycle(self.cycle, by=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Cycle saved."))
        return self.back()


class CopyView(CycleMixin, View):
    def post(self, request, *args, **kwargs):
        copy = services.copy_cycle(self.cycle, by=request.user)
        messages.success(request, _("Copied to %(name)s.") % {"name": copy.name})
        return redirect("cycles:detail", cycle_id=copy.pk)
