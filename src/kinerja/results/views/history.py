"""Year over year: a unit's results across the cycles of one instrument family."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from django.template.response import TemplateResponse
from django.views import View

from kinerja.cycles.models import Cycle
from kinerja.results.history import unit_history
from kinerja.tenancy.scope import organised_cycles_filter
from kinerja.units.models import Unit


class UnitHistoryView(View):
    """Public for announced cycles; an organiser also sees the current determination of the
    cycles its body runs and a team member that of their own cycles (labelled not announced).
    Nothing visible (or no such unit) is 404, the same answer, so the page never tells whether a
    unit took part."""

    def get(self, request, unit_id: int, family: str):
        unit = Unit.objects.filter(pk=unit_id).first()
        if unit is None:
            raise Http404
        user = request.user
        preview_all = user.is_superuser
        preview_cycles = None
        if not preview_all and user.is_authenticated:
            # "results.preview_announcement" (the cycle's organiser or team) as one subquery for
            # every cycle at once (asking the rule per cycle would query once per cycle).
            preview_cycles = Cycle.objects.filter(
                Q(team__user=user) | organised_cycles_filter(user)
            ).values("pk")
        history = unit_history(
            unit.pk, family, preview_all=preview_all, preview_cycles=preview_cycles
        )
        if history is None:
            raise Http404
        return TemplateResponse(
            request, "results/unit_history.html", {"unit": unit, "history": history}
        )
