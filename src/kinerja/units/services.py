"""Every change to regions and units goes through these functions (validate, save, audit)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.audit.services import record_event, record_table_event, snapshot
from kinerja.units.kemendagri import SOURCE, region_rows
from kinerja.units.models import Region, Unit
from kinerja.units.validators import region_code_errors

UNIT_FIELDS = ("kind", "name", "short_name", "code", "region", "parent", "active")
REGION_FIELDS = ("kind", "name", "code", "parent", "time_zone")
# What the Kemendagri list says of a region that ``load_regions(update_names=True)`` takes over.
LISTED_FIELDS = ("name", "kind", "time_zone")


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
def create_region(
    *, by, code: str, name: str, kind: str, parent: Region | None, time_zone: str
) -> Region:
    """Add a region the Kemendagri list does not have yet (a new kecamatan, say).

    Side effects: validates the code's shape against the kind and that it continues the parent's
    code (``ValidationError`` by field: ``code``, ``parent``), then the model (unique code),
    saves, audits ``region.create``.
    """
    errors = region_code_errors(
        code=code,
        kind=kind,
        parent_code=parent.code if parent else None,
        parent_kind=parent.kind if parent else None,
    )
    if errors:
        raise ValidationError(errors)
    region = Region(code=code, name=name, kind=kind, parent=parent, time_zone=time_zone)
    region.full_clean()
    region.save()
    record_event(
        actor=by, action="region.create", obj=region, after=snapshot(region, REGION_FIELDS)
    )
    return region


@dataclass(frozen=True)
class RegionDifference:
    """A region we hold whose name, kind or time zone is not what the list says."""

    code: str
    ours: str
    listed: str
    fields: tuple[str, ...]


@dataclass
class RegionLoadReport:
    source: str
    listed: int
    created: list[str] = field(default_factory=list)  # codes, parents first
    unchanged: int = 0
    differing: list[RegionDifference] = field(default_factory=list)
    updated: int = 0
    unlisted: int = 0  # regions of ours the list does not have: left alone
    dry_run: bool = False


@transaction.atomic
def load_regions(*, by, update_names: bool = False, dry_run: bool = False) -> RegionLoadReport:
    """Bring the Kemendagri region list (``units.kemendagri``) into the database.

    Creates every listed region that is missing; a region we already hold keeps its name, kind
    and time zone and is reported as differing, unless ``update_names`` brings those in line with
    the list. Nothing is ever deleted, recoded or moved to another parent. Running it again
    creates nothing.

    Side effects (none with ``dry_run``): one SELECT of all regions; bulk INSERTs a level at a
    time (province, kab/kota, kecamatan) so parents exist first, batched as the database needs;
    with ``update_names`` a bulk UPDATE; and one audit event ``region.load`` summarising the run
    when it created or updated anything (a run that changes nothing records nothing).
    """
    rows = region_rows()
    existing = {region.code: region for region in Region.objects.all()}
    report = RegionLoadReport(source=SOURCE, listed=len(rows), dry_run=dry_run)
    missing, listed = [], {}
    for row in rows:
        listed[row.code] = row
        region = existing.get(row.code)
        if region is None:
            missing.append(row)
            report.created.append(row.code)
            continue
        fields = tuple(
            name for name in LISTED_FIELDS if getattr(region, name) != getattr(row, name)
        )
        if fields:
            report.differing.append(RegionDifference(row.code, region.name, row.name, fields))
        else:
            report.unchanged += 1
    report.unlisted = sum(1 for code in existing if code not in listed)
    if dry_run:
        return report
    pks = {code: region.pk for code, region in existing.items()}
    for level in (1, 2, 3):
        new = [
            Region(
                code=row.code,
                name=row.name,
                kind=row.kind,
                time_zone=row.time_zone,
                parent_id=pks[row.parent_code] if row.parent_code else None,
            )
            for row in missing
            if row.level == level
        ]
        Region.objects.bulk_create(new, batch_size=1000)
        if any(region.pk is None for region in new):  # a database that returns no ids
            pks = dict(Region.objects.values_list("code", "pk"))
        else:
            pks |= {region.code: region.pk for region in new}
    before, after = {}, {}
    if update_names:
        changed = []
        for difference in report.differing:
            region, row = existing[difference.code], listed[difference.code]
            before[region.code] = {name: getattr(region, name) for name in difference.fields}
            for name in difference.fields:
                setattr(region, name, getattr(row, name))
            after[region.code] = {name: getattr(region, name) for name in difference.fields}
            changed.append(region)
        Region.objects.bulk_update(changed, LISTED_FIELDS, batch_size=500)
        report.updated = len(changed)
    if report.created or report.updated:
        record_table_event(
            actor=by,
            action="region.load",
            model=Region,
            label=f"Kemendagri ({SOURCE})",
            before={"changes": before} if before else None,
            after={
                "source": SOURCE,
                "created": len(report.created),
                "updated": report.updated,
                "unchanged": report.unchanged,
                "differing": len(report.differing),
            }
            | ({"changes": after} if after else {}),
        )
    return report
