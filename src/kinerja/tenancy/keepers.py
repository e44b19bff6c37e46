"""Who keeps a unit's own records (its innovations, its surveys): the organisers of its
government, and the people who act for the unit in one of its cycles (``cycles.ParticipantMember``,
reached through ``user.unit_roles``). Its operators draft and edit; its head (or an organiser)
publishes and opens."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from kinerja.tenancy.rules import is_unit_organiser
from kinerja.tenancy.scope import scope_of
from kinerja.units.enums import MemberRole
from kinerja.units.models import Unit


def acts_for(user, unit_id: int, *, head: bool = False) -> bool:
    """``user`` acts for the unit (as its head, with ``head``) in one of its cycles."""
    if not user.is_authenticated:
        return False
    roles = user.unit_roles.filter(participant__unit_id=unit_id)
    return (roles.filter(role=MemberRole.HEAD) if head else roles).exists()


def acts_for_any(user) -> bool:
    return user.is_authenticated and user.unit_roles.exists()


def kept_units(user, queryset: QuerySet[Unit] | None = None) -> QuerySet[Unit]:
    """The units whose innovations ``user`` may keep: their government's (organisers) and the
    ones they act for."""
    units = Unit.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return units.none()
    scope = scope_of(user)
    if scope.platform:
        return units
    acted = Q(participations__members__user=user)
    return units.filter(Q(region_id__in=scope.regions) | acted).distinct()


def may_edit(user, unit) -> bool:
    return is_unit_organiser(user, unit) or acts_for(user, unit.pk)


def may_publish(user, unit) -> bool:
    return is_unit_organiser(user, unit) or acts_for(user, unit.pk, head=True)
