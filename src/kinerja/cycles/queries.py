"""Reads of cycles shared by pages (fixed number of queries)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from kinerja.cycles.models import Assignment, Cycle, Participant, TeamMember
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


def with_counts(cycles: QuerySet[Cycle]) -> QuerySet[Cycle]:
    """``cycles`` with the counts the cycle pages' tabs show (in the same query)."""
    return cycles.annotate(
        participant_count=Count("participants", distinct=True),
        team_count=Count("team", distinct=True),
        assignment_count=Count("assignments", distinct=True),
        open_conflicts=Count("conflicts", filter=Q(conflicts__status="declared"), distinct=True),
    )


def evaluator_seat(cycle: Cycle, user) -> TeamMember | None:
    """The user's seat on the cycle's team (with the user), or None."""
    if not user.is_authenticated:
        return None
    return TeamMember.objects.filter(cycle=cycle, user=user).select_related("user").first()


def is_assigned(evaluator: TeamMember, participant: Participant) -> bool:
    """Whether the team seat is assigned to the participant (of the same cycle); one query."""
    return (
        evaluator.cycle_id == participant.cycle_id
        and Assignment.objects.filter(evaluator=evaluator, participant=participant).exists()
    )
