"""The organiser's schedule: presentations, the generated timetable grid, the visit settings."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from kinerja.common.feedback import flash_errors
from kinerja.common.moments import zone_name
from kinerja.cycles.loaders import CycleMixin
from kinerja.cycles.models import Cycle
from kinerja.visits import queries, services, timetable
from kinerja.visits.forms import (
    GenerateForm,
    SettingsForm,
)


def reason_text(code: str) -> str:
    return {
        services.NO_EVALUATORS: _("No evaluator is assigned."),
        timetable.NO_FREE_SLOT: _("Every session its evaluators are free in is taken."),
        timetable.UNAVAILABLE: _("Its evaluators are never all available in these days."),
        timetable.FIXED_CLASH: _("Its agreed session clashes with another agreed visit."),
        timetable.FIXED_FULL: _("Its agreed session is already full."),
        timetable.FIXED_UNAVAILABLE: _("An evaluator is not available in its agreed session."),
    }.get(code, code)


def schedule_url(cycle: Cycle) -> str:
    return reverse("visits:schedule", args=[cycle.pk])


# --- the organiser's schedule ---------------------------------------------------------------


def render_schedule(request, cycle: Cycle, *, generate_form=None, unplaced=None, status=200):
    visits = list(queries.visits_of(cycle))
    teams = queries.teams_of(cycle)
    for visit in visits:
        visit.team = teams.get(visit.participant_id, [])
    presentations = {p.participant_id: p for p in queries.presentations_of(cycle)}
    participants = list(cycle.participants.select_related("unit").order_by("unit__name"))
    for participant in participants:
        participant.scheduled_presentation = presentations.get(participant.pk)
    settings = queries.settings_for(cycle)
    if unplaced is None:
        unplaced = [
            (p, services.NO_EVALUATORS if not p.evaluator_count else "")
            for p in queries.unscheduled(cycle)
        ]
    days = [v.day for v in visits]
    context = {
        "cycle": cycle,
        "participants": participants,
        "grid": queries.schedule_grid(cycle, visits),
        "visits": visits,
        "unplaced": [(p, reason_text(code) if code else "") for p, code in unplaced],
        "generate_form": generate_form
        or GenerateForm(
            initial={
                "first_day": min(days) if days else None,
                "last_day": max(days) if days else None,
            }
        ),
        "settings_form": SettingsForm(
            components=cycle.instrument_version.definition.components,
            initial={
                "field_component": settings.field_component,
                "pagi_starts": settings.pagi_starts,
                "siang_starts": settings.siang_starts,
            },
        ),
        "tz": ZoneInfo(cycle.time_zone),
        "zone": zone_name(cycle.time_zone),
        "team": cycle.team.select_related("user").order_by("user__full_name"),
    }
    return TemplateResponse(request, "visits/schedule.html", context, status=status)


class ScheduleView(CycleMixin, View):
    permission_required = "visits.manage"

    def get(self, request, cycle_id: int):
        return render_schedule(request, self.get_cycle())


class GenerateView(CycleMixin, View):
    permission_required = "visits.manage"

    def post(self, request, cycle_id: int):
        cycle = self.get_cycle()
        form = GenerateForm(request.POST)
        if not form.is_valid():
            return render_schedule(request, cycle, generate_form=form, status=400)
        data = form.cleaned_data
        try:
            result = services.generate_field_schedule(
                cycle,
                days=data["days"],
                sessions=data["sessions"],
                max_visits_per_slot=data["max_visits_per_slot"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return render_schedule(request, cycle, generate_form=form, status=400)
        messages.success(
            request,
            _("Timetable generated: %(placed)s visits placed, %(left)s not placed.")
            % {"placed": len(result.timetable.placements), "left": len(result.unplaced)},
        )
        return render_schedule(request, cycle, generate_form=form, unplaced=result.unplaced)


class SettingsView(CycleMixin, View):
    permission_required = "visits.manage"

    def post(self, request, cycle_id: int):
        cycle = self.get_cycle()
        form = SettingsForm(request.POST, components=cycle.instrument_version.definition.components)
        if form.is_valid():
            try:
                services.save_visit_settings(cycle, **form.cleaned_data, by=request.user)
                messages.success(request, _("Settings saved."))
            except ValidationError as exc:
                flash_errors(request, exc)
        else:
            messages.error(request, _("Check the settings."))
        return redirect(schedule_url(cycle))
