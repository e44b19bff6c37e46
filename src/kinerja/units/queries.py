"""Reads of the unit tree shared by pages (a fixed number of queries whatever the tree's size)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from kinerja.units.matching import qualified_name
from kinerja.units.models import Region, Unit


@dataclass
class TreeNode:
    unit: Unit
    depth: int
    children: list[TreeNode] = field(default_factory=list)


def regions_with_counts() -> QuerySet[Region]:
    return Region.objects.select_related("parent").annotate(unit_count=Count("units"))


def unit_tree(region: Region, *, include_inactive: bool = True) -> list[TreeNode]:
    """The region's units as a depth-first flattened tree, in one query."""
    units = Unit.objects.filter(region=region).order_by("name")
    if not include_inactive:
        units = units.filter(active=True)
    units = list(units)
    children: dict[int | None, list[Unit]] = {}
    ids = {u.pk for u in units}
    for unit in units:
        # A parent in another region (rare) makes the unit a root of this region's view.
        parent_id = unit.parent_id if unit.parent_id in ids else None
        children.setdefault(parent_id, []).append(unit)
    flat: list[TreeNode] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for unit in children.get(parent_id, []):
            flat.append(TreeNode(unit=unit, depth=depth))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return flat


def unit_ancestors(unit: Unit) -> list[Unit]:
    """From the root down to the unit's parent, in one query (the region's units in memory)."""
    by_pk = {u.pk: u for u in Unit.objects.filter(region_id=unit.region_id).only("name", "parent")}
    chain = []
    parent_id = unit.parent_id
    while parent_id is not None and parent_id in by_pk and len(chain) < 50:
        chain.append(by_pk[parent_id])
        parent_id = by_pk[parent_id].parent_id
    return list(reversed(chain))


def unit_label(unit: Unit) -> str:
    """A unit with its region ("Kecamatan Batu — Kota Batu"), for pickers and lists where
    same-named units of different governments must never look alike (needs ``region`` loaded).
    The unit matcher reads the same text back (``kinerja.units.matching``)."""
    return qualified_name(unit.name, unit.region)
