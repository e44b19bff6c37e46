"""Reads of cycles shared by pages (fixed number of queries)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from kinerja.cycles.models import Cycle
from kinerja.tenancy.scope import scope_of


def cycles_for(user) -> QuerySet[Cycle]:
    """The cycles a user may see: those their body runs, those they are invited to, and those
    they take part in (team, participant). The platform administrator sees all."""
    cycles = Cycle.objects.select_related(
        "instrument_version__instrument", "organiser_unit"
    ).annotate(
        participant_count=Count("participants", distinct=True),
        team_count=Count("team", distinct=True),
    )
    scope = scope_of(user)
    if scope.platform:
        return cycles
    return cycles.filter(
        Q(organiser_unit_id__in=scope.bodies)
        | Q(pk__in=scope.invited_cycles)
        | Q(pk__in=Cycle.objects.filter(team__user=user).values("pk"))
        | Q(pk__in=Cycle.objects.filter(participants__members__user=user).values("pk"))
    )


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
