"""The audit events an organiser may read, scoped to their government (``tenancy.scope``), and
the filters of the trail page."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from kinerja.audit.models import AuditEvent
from kinerja.audit.scoping import scope_of_object
from kinerja.cycles.models import Cycle, Participant
from kinerja.tenancy.scope import scope_of
from kinerja.units.models import Unit

MAX_CHOICES = 500
"""At most this many people in the filter's list (the busiest first)."""


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


def filter_choices(user, events: QuerySet) -> dict:
    """What the filters offer: the user's cycles, the people and the actions of the trail."""
    scope = scope_of(user)
    cycles = Cycle.objects.order_by("-year", "name")
    if not scope.platform:
        cycles = cycles.filter(organiser_unit_id__in=scope.bodies)
    actors = (
        events.exclude(actor=None)
        .values_list("actor_id", "actor_repr")
        .order_by("actor_repr", "actor_id")
        .distinct()[:MAX_CHOICES]
    )
    actions = events.values_list("action", flat=True).order_by("action").distinct()
    return {"cycles": list(cycles), "actors": list(actors), "actions": list(actions)}


def _ids_as_text(rows: QuerySet) -> QuerySet:
    """The rows' ids as text, the type of ``AuditEvent.object_id``, for a subquery."""
    return rows.annotate(text_id=Cast("pk", CharField())).values("text_id")


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def apply_filters(events: QuerySet, data: dict) -> QuerySet:
    """``events`` narrowed by the cleaned filter form: a cycle, a unit (by part of its name: the
    unit itself, its participations, and events about objects named after it), a person, an
    action and a date range (whole local days)."""
    if data.get("siklus"):
        events = events.filter(scope_cycle=data["siklus"])
    if data.get("unit"):
        units = Unit.objects.filter(name__icontains=data["unit"])
        participants = Participant.objects.filter(unit__in=units.values("pk"))
        events = events.filter(
            Q(object_type="units.unit", object_id__in=_ids_as_text(units))
            | Q(object_type="cycles.participant", object_id__in=_ids_as_text(participants))
            | Q(object_repr__icontains=data["unit"])
        )
    if data.get("pelaku"):
        events = events.filter(actor_id=data["pelaku"])
    if data.get("aksi"):
        events = events.filter(action=data["aksi"])
    if data.get("dari"):
        events = events.filter(created_at__gte=_day_start(data["dari"]))
    if data.get("sampai"):
        events = events.filter(created_at__lt=_day_start(data["sampai"] + dt.timedelta(days=1)))
    return events
