"""Reads of cycles shared by pages (fixed number of queries)."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from kinerja.accounts.models import User
from kinerja.common import request_context
from kinerja.cycles.models import (
    Assignment,
    ConflictDeclaration,
    Cycle,
    Invitation,
    Participant,
    TeamMember,
)
from kinerja.tenancy.queries import body_choices
from kinerja.tenancy.scope import government_regions, government_units, scope_of
from kinerja.units.models import Unit

_INVITED_KEY = "cycles.invited"


def _count_of(model, **filters) -> Coalesce:
    """The number of ``model`` rows of each cycle, as a correlated subquery: counting several
    relations through joins would multiply them (participants × team × assignments rows)."""
    rows = (
        model.objects.filter(cycle=OuterRef("pk"), **filters)
        .order_by()
        .values("cycle")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _open_invitations(user) -> frozenset[int]:
    scope = scope_of(user)
    if scope.platform or not scope.seated:
        return frozenset()
    invited = Invitation.objects.filter(body_id__in=scope.bodies, withdrawn_at__isnull=True)
    return frozenset(invited.values_list("cycle_id", flat=True))


def invited_cycle_ids(user) -> frozenset[int]:
    """The cycles of a government above that invited one of the user's bodies (open
    invitations), read once per request like the tenant scope it extends."""
    cache = request_context.request_cache()
    if cache is None or getattr(user, "pk", None) is None:
        return _open_invitations(user)
    key = (_INVITED_KEY, user.pk)
    if key not in cache:
        cache[key] = _open_invitations(user)
    return cache[key]


def cycles_for(user) -> QuerySet[Cycle]:
    """The cycles a user may see: those their body runs, those they are invited to, and those
    they take part in (team, participant). The platform administrator sees all."""
    cycles = Cycle.objects.select_related(
        "instrument_version__instrument", "organiser_unit"
    ).annotate(participant_count=_count_of(Participant), team_count=_count_of(TeamMember))
    scope = scope_of(user)
    if scope.platform:
        return cycles
    return cycles.filter(
        Q(organiser_unit_id__in=scope.bodies)
        | Q(pk__in=invited_cycle_ids(user))
        | Q(pk__in=Cycle.objects.filter(team__user=user).values("pk"))
        | Q(pk__in=Cycle.objects.filter(participants__members__user=user).values("pk"))
    )


def with_counts(cycles: QuerySet[Cycle]) -> QuerySet[Cycle]:
    """``cycles`` with the counts the cycle pages' tabs show (in the same query)."""
    return cycles.annotate(
        participant_count=_count_of(Participant),
        team_count=_count_of(TeamMember),
        assignment_count=_count_of(Assignment),
        open_conflicts=_count_of(ConflictDeclaration, status="declared"),
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


def invitable_bodies(cycle: Cycle) -> QuerySet[Unit]:
    """Bodies of the governments below the cycle's own (its region excluded)."""
    own = cycle.organiser_unit
    below = government_regions(own) - {own.region_id}
    return body_choices().filter(region_id__in=below)


def invitations(cycle: Cycle) -> QuerySet[Invitation]:
    return cycle.invitations.select_related("body__region", "invited_by").order_by(
        "withdrawn_at", "body__region__code", "body__name"
    )


def people_options(cycle: Cycle, typed: str, limit: int = 20) -> list:
    """The typeahead of the team form: accounts known to the cycle's government (its organisers,
    its cycles' teams and units' people) whose username or name holds ``typed``, each with
    where they last served; nobody of another government is offered."""
    units = government_units(cycle.organiser_unit)
    cycles = Cycle.objects.filter(organiser_unit__in=units)
    known = (
        Q(organiser_seats__body__in=units)
        | Q(team_roles__cycle__in=cycles)
        | Q(unit_roles__participant__cycle__in=cycles)
    )
    matching = Q(username__icontains=typed) | Q(full_name__icontains=typed)
    users = list(
        User.objects.filter(id__in=User.objects.filter(known).values("id"))
        .filter(matching, is_service=False)
        .order_by("full_name", "username")[:limit]
    )
    last_seat = {}
    seats = TeamMember.objects.filter(user__in=users).select_related("agency__region")
    for seat in seats.order_by("user_id", "-pk"):
        last_seat.setdefault(seat.user_id, seat)
    for user in users:
        seat = last_seat.get(user.pk)
        origin = ""
        if seat is not None:
            origin = seat.agency.label if seat.agency_id else seat.institution
        user.origin = origin
        # "Name — position — origin", leaving out what the name already says.
        parts = [user.display_name]
        parts += [p for p in (user.position, origin) if p and p not in " ".join(parts)]
        user.option_label = " — ".join(parts)
    return users
