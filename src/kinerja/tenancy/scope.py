"""The one place that says what an organiser's government is (DESIGN: tenancy).

A user's :class:`Scope` is computed from their organiser seats in a fixed number of queries and
kept for the rest of the request (``request_context.request_cache``), never longer, so a seat,
unit or cycle created a moment ago is always seen. Every organiser permission, every unit picker
and every list of cycles or audit events an organiser reads goes through the functions below (the
cycles that invited the organiser's bodies are read by ``cycles.queries.invited_cycle_ids``, the
audit events by ``trail.queries``, both on top of this scope).

- ``bodies``: the seated bodies and every unit under them. A cycle whose organising unit is one
  of these is the organiser's own.
- ``regions``: the bodies' regions and every region under them (a province's organiser covers
  its kabupaten/kota and their kecamatan). Units in these regions are in scope.
- ``platform``: the platform administrator (superuser), the only role across tenants.
"""

from __future__ import annotations

from functools import cached_property

from django.db.models import Q, QuerySet

from kinerja.common import request_context
from kinerja.tenancy.models import OrganiserSeat
from kinerja.units.models import Region, Unit

_CACHE_KEY = "tenancy.scope"


class Scope:
    """What one user organises. Each part is read from the database the first time it is asked
    for (a permission check on a cycle needs only the bodies: two queries)."""

    def __init__(self, user=None, *, platform: bool = False):
        self.platform = platform
        self._user = user

    @cached_property
    def _seats(self) -> list[tuple[int, int]]:
        if self._user is None or self.platform:
            return []
        return list(
            OrganiserSeat.objects.filter(user=self._user).values_list("body_id", "body__region_id")
        )

    @cached_property
    def seated(self) -> frozenset[int]:
        return frozenset(body for body, _ in self._seats)

    @cached_property
    def bodies(self) -> frozenset[int]:
        """The seated bodies and every unit under them (units of the seats' regions, walked in
        memory: one query)."""
        if not self._seats:
            return frozenset()
        children: dict[int, list[int]] = {}
        for pk, parent in Unit.objects.filter(
            region_id__in={region for _, region in self._seats}
        ).values_list("pk", "parent_id"):
            children.setdefault(parent, []).append(pk)
        found, stack = set(self.seated), list(self.seated)
        while stack:
            for child in children.get(stack.pop(), ()):
                if child not in found:
                    found.add(child)
                    stack.append(child)
        return frozenset(found)

    @cached_property
    def regions(self) -> frozenset[int]:
        if not self._seats:
            return frozenset()
        return frozenset(_descendants(Region, {region for _, region in self._seats}))

    @property
    def is_organiser(self) -> bool:
        return self.platform or bool(self.seated)

    def owns_unit(self, unit: Unit | None) -> bool:
        return unit is not None and (self.platform or unit.region_id in self.regions)

    def owns_body(self, unit_id: int | None) -> bool:
        return unit_id is not None and (self.platform or unit_id in self.bodies)


EMPTY = Scope()


def _descendants(model, roots: set[int]) -> set[int]:
    """``roots`` and everything under them through ``parent``: one query per level."""
    found, frontier = set(roots), set(roots)
    while frontier:
        frontier = set(
            model.objects.filter(parent_id__in=frontier)
            .exclude(pk__in=found)
            .values_list("pk", flat=True)
        )
        found |= frontier
    return found


def compute_scope(user) -> Scope:
    if user is None or not user.is_authenticated:
        return EMPTY
    if user.is_superuser:
        return Scope(platform=True)
    return Scope(user)


def scope_of(user) -> Scope:
    """The user's scope, computed once per request."""
    cache = request_context.request_cache()
    if cache is None or getattr(user, "pk", None) is None:
        return compute_scope(user)
    key = (_CACHE_KEY, user.pk)
    if key not in cache:
        cache[key] = compute_scope(user)
    return cache[key]


def units_in_scope(user, queryset: QuerySet[Unit] | None = None) -> QuerySet[Unit]:
    """The units an organiser may pick, edit and add as participants."""
    units = Unit.objects.all() if queryset is None else queryset
    scope = scope_of(user)
    if scope.platform:
        return units
    return units.filter(region_id__in=scope.regions)


def regions_in_scope(user, queryset: QuerySet[Region] | None = None) -> QuerySet[Region]:
    regions = Region.objects.all() if queryset is None else queryset
    scope = scope_of(user)
    if scope.platform:
        return regions
    return regions.filter(pk__in=scope.regions)


def bodies_of(user) -> QuerySet[Unit]:
    """The bodies a user may run a cycle for: their seats and the units under them."""
    scope = scope_of(user)
    units = Unit.objects.select_related("region")
    if scope.platform:
        return units
    return units.filter(pk__in=scope.bodies)


def organised_cycles_filter(user, prefix: str = "") -> Q:
    """A filter on cycles (or on rows through ``prefix``, e.g. ``"cycle__"``) the user organises."""
    scope = scope_of(user)
    if scope.platform:
        return Q()
    return Q(**{f"{prefix}organiser_unit_id__in": scope.bodies})


def government_regions(body: Unit) -> set[int]:
    """The region of a body's government and every region under it."""
    return _descendants(Region, {body.region_id})


def government_units(body: Unit, queryset: QuerySet[Unit] | None = None) -> QuerySet[Unit]:
    """The units of a body's government: what a cycle run by ``body`` may take as participants,
    team agencies and unit pickers (a province's cycle covers its kabupaten/kota)."""
    units = Unit.objects.all() if queryset is None else queryset
    return units.filter(region_id__in=government_regions(body))


def importing_body(user) -> Unit | None:
    """The body an organiser's import (an instrument) belongs to: their first seat; None for the
    platform administrator, whose imports join the shared library."""
    scope = scope_of(user)
    if scope.platform or not scope.seated:
        return None
    return Unit.objects.get(pk=min(scope.seated))
