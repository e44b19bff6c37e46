"""Reads of cycles shared by pages (fixed number of queries)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from kinerja.cycles.models import Cycle


def cycles_for(user) -> QuerySet[Cycle]:
    """The cycles a user may see: all for organisers; else those they take part in."""
    cycles = Cycle.objects.select_related(
        "instrument_version__instrument", "organiser_unit"
    ).annotate(
        participant_count=Count("participants", distinct=True),
        team_count=Count("team", distinct=True),
    )
    if user.has_perm("accounts.organiser"):
        return cycles
    return cycles.filter(Q(team__user=user) | Q(participants__members__user=user)).distinct()


def cycle_with_counts(pk: int) -> Cycle:
    return (
        Cycle.objects.select_related("instrument_version__instrument", "organiser_unit__region")
        .prefetch_related("stages")
        .annotate(
            participant_count=Count("participants", distinct=True),
            team_count=Count("team", distinct=True),
            assignment_count=Count("assignments", distinct=True),
            open_conflicts=Count(
                "conflicts", filter=Q(conflicts__status="declared"), distinct=True
            ),
        )
        .get(pk=pk)
    )
