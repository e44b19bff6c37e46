"""The audit events an organiser may read, scoped to their government (``tenancy.scope``)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from kinerja.audit.models import AuditEvent
from kinerja.audit.scoping import scope_of_object
from kinerja.cycles.models import Cycle
from kinerja.tenancy.scope import scope_of


def events_in_scope(user) -> QuerySet:
    """The audit events an organiser may read: those of the cycles their bodies run and of the
    regions of their government (every event for the platform administrator)."""
    events = AuditEvent.objects.all()
    scope = scope_of(user)
    if scope.platform:
        return events
    organised = Cycle.objects.filter(organiser_unit_id__in=scope.bodies).values("pk")
    return events.filter(Q(scope_cycle__in=organised) | Q(scope_region__in=scope.regions))


def object_in_scope(user, obj) -> bool:
    """Whether an object's audit scope (its cycle, else its region) is the user's: the test an
    object's history page applies before it shows anything."""
    scope = scope_of(user)
    if scope.platform:
        return True
    cycle, region = scope_of_object(obj)
    if cycle is not None:
        return Cycle.objects.filter(pk=cycle, organiser_unit_id__in=scope.bodies).exists()
    return region is not None and region in scope.regions
