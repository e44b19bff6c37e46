"""Which government an audit event belongs to, worked out from the changed object when the event
is written (and by the migration that backfilled older events).

An event is scoped to a cycle (anything that leads to one: a participant, its evidence, a
review, a clarification, …) or else to a region (a unit, a region, an instrument version owned by
a body). Organisers read the events of the cycles their body runs and of the regions of their
government; events with neither (accounts, the shipped library) are the platform
administrator's. This module reads only the object's own fields and foreign keys, so the audit
app needs no import from the apps it records.
"""

from __future__ import annotations

# Foreign keys followed, in order, from an object towards its cycle.
TOWARDS_CYCLE = (
    "cycle",
    "participant",
    "evidence",
    "assessment",
    "clarification",
    "minutes",
    "visit",
    "review",
    "appeal",
    "claim",
)
_DEPTH = 4


def _fk_names(obj) -> set[str]:
    # Foreign keys and one-to-one keys alike (a field visit, an F01 or an announcement belongs
    # to its participant or cycle through a one-to-one key).
    return {f.name for f in obj._meta.concrete_fields if f.many_to_one or f.one_to_one}


def cycle_of(obj) -> int | None:
    for _ in range(_DEPTH):
        if obj is None:
            return None
        if obj._meta.label_lower == "cycles.cycle":
            return obj.pk
        names = _fk_names(obj)
        if "cycle" in names:
            return obj.cycle_id
        attr = next((a for a in TOWARDS_CYCLE if a in names), None)
        obj = getattr(obj, attr) if attr else None
    return None


def region_of(obj) -> int | None:
    label = obj._meta.label_lower
    if label == "units.region":
        return obj.pk
    if label == "units.unit":
        return obj.region_id
    names = _fk_names(obj)
    for attr in ("owner", "body", "unit"):
        if attr in names and getattr(obj, f"{attr}_id", None) is not None:
            return getattr(obj, attr).region_id
    return None


def scope_of_object(obj) -> tuple[int | None, int | None]:
    """``(cycle id, region id)``; the region only when the object belongs to no cycle."""
    cycle = cycle_of(obj)
    return (cycle, None) if cycle is not None else (None, region_of(obj))
