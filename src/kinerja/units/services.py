"""Every change to regions and units goes through these functions (validate, save, audit)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.audit.services import record_event, snapshot
from kinerja.units.models import Region, Unit

UNIT_FIELDS = ("kind", "name", "short_name", "code", "region", "parent", "active")


def check_parent(unit: Unit, parent: Unit | None) -> None:
    """Refuse a parent that would put the unit under itself."""
    node = parent
    while node is not None:
        if unit.pk is not None and node.pk == unit.pk:
            raise ValidationError({"parent": _("A unit cannot be placed under itself.")})
        node = node.parent


@transaction.atomic
def create_unit(*, by, **fields) -> Unit:
    """Create a unit. Side effects: validates (incl. uniqueness), saves, audits ``unit.create``."""
    unit = Unit(**fields)
    unit.full_clean()
    unit.save()
    record_event(actor=by, action="unit.create", obj=unit, after=snapshot(unit, UNIT_FIELDS))
    return unit


@transaction.atomic
def update_unit(unit: Unit, *, by, **changes) -> Unit:
    """Change a unit's fields. Side effects: validates, saves the changed fields with
    ``update_fields``, audits ``unit.update`` with before/after. A no-op writes nothing."""
    before = snapshot(unit, UNIT_FIELDS)
    for name, value in changes.items():
        if name not in UNIT_FIELDS:
            raise TypeError(f"update_unit() got an unexpected field {name!r}")
        setattr(unit, name, value)
    check_parent(unit, unit.parent)
    unit.full_clean()
    after = snapshot(unit, UNIT_FIELDS)
    changed = [name for name in UNIT_FIELDS if before[name] != after[name]]
    if not changed:
        return unit
    unit.save(update_fields=[*changed, "updated_at"])
    record_event(
        actor=by,
        action="unit.update",
        obj=unit,
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
    )
    return unit


@transaction.atomic
def ensure_region(*, code: str, name: str, kind: str, parent: Region | None = None, time_zone=None):
    """Idempotent region creation for reference data (demo world, seeding)."""
    defaults = {"name": name, "kind": kind, "parent": parent}
    if time_zone:
        defaults["time_zone"] = time_zone
    region, _created = Region.objects.get_or_create(code=code, defaults=defaults)
    return region
