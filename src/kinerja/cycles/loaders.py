"""The loaders of every cycle-scoped page: the cycle or participant named by the URL, read once
per request with what every page of it shows (instrument, organiser, stages), then checked
against the view's permission (whose rules hold the tenant scope, ``tenancy/scope.py``).

An unknown id and a refusal are the same 404 (DESIGN rule 6). Every app's views use these
mixins; the URL parameters are ``cycle_id`` and ``participant_id`` everywhere. They live in
``cycles`` (which owns the two models) rather than ``common``: ``common`` is the ground floor
and imports no app above it.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from kinerja.common.permissions import PermissionRequiredMixin
from kinerja.cycles.models import Cycle, Participant


def cycles_for_pages() -> QuerySet[Cycle]:
    """Cycles with what a cycle page's header and stage gates read (no query per use)."""
    return Cycle.objects.select_related(
        "instrument_version__instrument", "organiser_unit__region"
    ).prefetch_related("stages")


def participants_for_pages() -> QuerySet[Participant]:
    """Participants with their unit and the cycle's header data."""
    return Participant.objects.select_related(
        "unit__region", "cycle__instrument_version__instrument", "cycle__organiser_unit__region"
    ).prefetch_related("cycle__stages")


class CycleMixin(PermissionRequiredMixin):
    """Loads the cycle of the URL's ``cycle_id`` once (``get_cycle()``, also ``self.cycle``);
    the view's permission is checked against it. Override ``cycle_queryset`` for annotations."""

    cycle_url_kwarg = "cycle_id"

    def cycle_queryset(self) -> QuerySet[Cycle]:
        return cycles_for_pages()

    def get_cycle(self) -> Cycle:
        if not hasattr(self, "cycle"):
            self.cycle = get_object_or_404(
                self.cycle_queryset(), pk=self.kwargs[self.cycle_url_kwarg]
            )
        return self.cycle

    def get_permission_object(self):
        return self.get_cycle()


class ParticipantMixin(PermissionRequiredMixin):
    """Loads the participant of the URL's ``participant_id`` once (``get_participant()``, also
    ``self.participant``); the view's permission is checked against it."""

    participant_url_kwarg = "participant_id"

    def participant_queryset(self) -> QuerySet[Participant]:
        return participants_for_pages()

    def get_participant(self) -> Participant:
        if not hasattr(self, "participant"):
            self.participant = get_object_or_404(
                self.participant_queryset(), pk=self.kwargs[self.participant_url_kwarg]
            )
        return self.participant

    def get_permission_object(self):
        return self.get_participant()
