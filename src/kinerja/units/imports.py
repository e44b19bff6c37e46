"""Importing the unit tree from CSV/XLSX: plan first (dry run), then apply all-or-nothing.

A file with any bad row imports nothing; every bad row is reported with its row number.
The plan reads the database with a fixed number of queries, and applying it is set-based
(one INSERT per tree depth, one UPDATE, one audit INSERT), whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.audit.services import build_event, record_events, snapshot
from kinerja.common.tabular import Table
from kinerja.units.enums import UNIT_REGION_KINDS, UnitKind
from kinerja.units.matching import Problem, UnitMatcher, explain
from kinerja.units.models import Region, Unit
from kinerja.units.services import UNIT_FIELDS

COLUMNS = {
    "kode": ("kode", "code"),
    "nama": ("nama", "name"),
    "singkatan": ("singkatan", "short name", "short_name", "nama singkat"),
    "jenis": ("jenis", "kind", "type"),
    "wilayah": ("wilayah", "region", "kode wilayah"),
    "induk": ("induk", "parent", "kode induk"),
    "aktif": ("aktif", "active"),
}
REQUIRED = ("nama", "jenis", "wilayah")
YES = {"", "ya", "y", "yes", "1", "true", "aktif"}
NO = {"tidak", "t", "no", "n", "0", "false", "nonaktif", "tidak aktif"}
# No government's tree is deeper than this; a deeper chain in one file is a mistake (or hostile).
MAX_NEW_DEPTH = 12


@dataclass
class PlannedRow:
    number: int
    action: str = "create"  # create | update | unchanged
    values: dict[str, Any] = field(default_factory=dict)
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    unit: Unit | None = None  # existing unit for updates
    parent_row: PlannedRow | None = None  # parent created by an earlier row of the same file
    display: dict[str, str] = field(default_factory=dict)

    @property
    def depth(self) -> int:
        # A loop, not recursion: a file may chain 1,500 rows, each the parent of the next.
        depth, row = 0, self.parent_row
        while row is not None:
            depth, row = depth + 1, row.parent_row
        return depth


@dataclass
class ImportPlan:
    rows: list[PlannedRow]
    file_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_errors and all(not r.errors for r in self.rows)

    @property
    def error_rows(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.errors]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action and not r.errors)

    @property
    def count_create(self) -> int:
        return self.count("create")

    @property
    def count_update(self) -> int:
        return self.count("update")

    @property
    def count_unchanged(self) -> int:
        return self.count("unchanged")


def _column_map(headers: list[str]) -> tuple[dict[str, str], list[str]]:
    mapping: dict[str, str] = {}
    for key, aliases in COLUMNS.items():
        for header in headers:
            if header in aliases:
                mapping[key] = header
                break
    missing = [key for key in REQUIRED if key not in mapping]
    return mapping, missing


def _kind_lookup() -> dict[str, str]:
    lookup = {}
    for value, label in UnitKind.choices:
        lookup[value] = value
        lookup[str(label).lower()] = value
    return lookup


def plan_unit_import(table: Table, *, regions: QuerySet[Region] | None = None) -> ImportPlan:
    """Check every row against the file and the database and say what importing would do.

    ``regions`` limits the regions rows may name and the units they may match (an organiser's
    own government); a region outside it is "not known", and an official code already used by a
    unit elsewhere is refused without saying where.
    """
    mapping, missing = _column_map(table.headers)
    if missing:
        return ImportPlan(
            rows=[],
            file_errors=[
                _("Required column missing: %(columns)s. Columns: %(all)s.")
                % {"columns": ", ".join(missing), "all": ", ".join(COLUMNS)}
            ],
        )
    if not table.rows:
        return ImportPlan(rows=[], file_errors=[_("The file has no data rows.")])
    planner = _UnitPlanner(Region.objects.all() if regions is None else regions)
    rows = []
    for number, cells in table.rows:
        row = PlannedRow(number=number)
        row.display = {key: cells.get(mapping.get(key, ""), "").strip() for key in COLUMNS}
        planner.plan(row)
        rows.append(row)
    return ImportPlan(rows=rows)


class _UnitPlanner:
    """The database as the plan reads it (a fixed number of queries, at the start) and the rows
    read so far, so that a later row may name an earlier one as its parent. ``plan`` fills in
    one row in four steps: its own fields, its parent, which unit it is, and what changes."""

    def __init__(self, allowed: QuerySet[Region]):
        region_list = list(allowed)
        self.region_by_key = {r.code.lower(): r for r in region_list} | {
            r.name.lower(): r for r in region_list if r.kind in UNIT_REGION_KINDS
        }
        existing = list(Unit.objects.filter(region__in=allowed).select_related("region"))
        self.codes_elsewhere = set(
            Unit.objects.exclude(region__in=allowed).exclude(code="").values_list("code", flat=True)
        )
        self.by_code = {u.code.lower(): u for u in existing if u.code}
        # Parents: the existing units, and each row once read (an earlier row may be a parent).
        self.parents: UnitMatcher[Unit | PlannedRow] = UnitMatcher(existing, regions=region_list)
        self.by_place = {(u.region_id, u.parent_id, u.name.lower()): u for u in existing}
        self.by_pk = {u.pk: u for u in existing}
        self.kinds = _kind_lookup()
        self.file_codes: dict[str, PlannedRow] = {}
        self.file_places: dict[tuple, PlannedRow] = {}

    def plan(self, row: PlannedRow) -> None:
        get = row.display.get
        name, code = get("nama", ""), get("kode", "")
        kind, region, active = self._fields(row)
        parent_unit = self._parent(row, region)
        # Which unit is this row? By code when given, else by its place in the tree.
        place_parent = (
            parent_unit.pk if parent_unit else (id(row.parent_row) if row.parent_row else None)
        )
        place = (region.pk if region else None, place_parent, name.lower())
        self._identify(row, place, name=name, code=code)
        row.values = {
            "kind": kind,
            "name": name,
            "short_name": get("singkatan", ""),
            "code": code if code else (row.unit.code if row.unit else ""),
            "region": region,
            "parent": parent_unit,
            "active": active,
        }
        if row.unit is not None and not row.errors:
            self._changes(row, parent_unit)
        if code:
            self.file_codes.setdefault(code.lower(), row)
        if region is not None and name:
            self.file_places.setdefault(place, row)
        # A row that updates a unit stands for that unit: found under its old and new name.
        self.parents.add(row if row.unit is None else row.unit, name=name, code=code, region=region)

    def _fields(self, row: PlannedRow) -> tuple[str | None, Region | None, bool]:
        """The row's own cells checked: its kind, region and active flag as read."""
        get = row.display.get
        name, code, short_name = get("nama", ""), get("kode", ""), get("singkatan", "")
        if not name:
            row.errors.append(_("name (nama) is empty"))
        elif len(name) > 200:
            row.errors.append(_("name (nama) is longer than 200 characters"))
        if len(code) > 40:
            row.errors.append(_("code (kode) is longer than 40 characters"))
        elif code in self.codes_elsewhere:
            row.errors.append(_("code (kode) %(value)s is already in use") % {"value": code})
        if len(short_name) > 60:
            row.errors.append(_("short name (singkatan) is longer than 60 characters"))
        kind = self.kinds.get(get("jenis", "").lower())
        if kind is None:
            row.errors.append(
                _("kind (jenis) %(value)r is unknown; use one of: %(choices)s")
                % {"value": get("jenis", ""), "choices": ", ".join(UnitKind.values)}
            )
        region = self.region_by_key.get(get("wilayah", "").lower())
        if region is None:
            row.errors.append(
                _("region (wilayah) %(value)r is not known (use the region code, e.g. 34.71)")
                % {"value": get("wilayah", "")}
            )
        active_text = get("aktif", "").lower()
        if active_text not in YES | NO:
            row.errors.append(
                _("active (aktif) must be 'ya' or 'tidak', not %(value)r")
                % {"value": get("aktif", "")}
            )
        return kind, region, active_text in YES

    def _parent(self, row: PlannedRow, region: Region | None) -> Unit | None:
        """The parent: an existing unit (returned) or an earlier row (``row.parent_row``), by
        code, by name in the row's region, or by name with a region qualifier ("Kecamatan Batu —
        Kota Batu")."""
        parent_ref = row.display.get("induk", "")
        if not parent_ref or region is None:
            return None
        parent_unit = None
        match = self.parents.resolve(parent_ref, within=region)
        if isinstance(match.target, Unit):
            parent_unit = match.target
        elif match.target is not None:
            row.parent_row = match.target
        elif match.problem is Problem.NOT_FOUND:
            row.errors.append(
                _(
                    "parent (induk) %(value)r not found: it must exist already or be "
                    "on an earlier row"
                )
                % {"value": parent_ref}
            )
        else:
            row.errors.append(
                # Translators: problem is a sentence that starts with the quoted parent.
                _("parent (induk) %(problem)s") % {"problem": explain(match)}
            )
        if row.parent_row is not None and row.parent_row.errors:
            row.errors.append(_("its parent's row has errors"))
        elif row.parent_row is not None and row.depth >= MAX_NEW_DEPTH:
            row.errors.append(
                _("more than %(count)s new levels under one another in one file")
                % {"count": MAX_NEW_DEPTH}
            )
        return parent_unit

    def _identify(self, row: PlannedRow, place: tuple, *, name: str, code: str) -> None:
        """The existing unit the row updates (``row.unit``), and the file's own duplicates."""
        if code:
            if code.lower() in self.file_codes:
                row.errors.append(
                    _("code (kode) %(code)s appears twice in the file (row %(row)s)")
                    % {"code": code, "row": self.file_codes[code.lower()].number}
                )
            row.unit = self.by_code.get(code.lower())
        elif row.parent_row is None:
            row.unit = self.by_place.get(place)
        if place in self.file_places and name:
            row.errors.append(
                _("unit %(name)r appears twice under the same parent (row %(row)s)")
                % {"name": name, "row": self.file_places[place].number}
            )
        if row.unit is None and row.parent_row is None and place in self.by_place and code:
            clash = self.by_place[place]
            if clash.code and clash.code.lower() != code.lower():
                row.errors.append(
                    _("a unit named %(name)r already exists there with code %(code)s")
                    % {"name": name, "code": clash.code}
                )

    def _changes(self, row: PlannedRow, parent_unit: Unit | None) -> None:
        """What updating ``row.unit`` would change (a unit placed under itself refused)."""
        if row.parent_row is None and parent_unit is not None:
            node_pk: int | None = parent_unit.pk
            while node_pk is not None:
                if node_pk == row.unit.pk:
                    row.errors.append(_("a unit cannot be placed under itself"))
                    break
                node_pk = self.by_pk[node_pk].parent_id
        values = row.values
        before = snapshot(row.unit, UNIT_FIELDS)
        after = {
            **{k: values[k] for k in ("kind", "name", "short_name", "code", "active")},
            "region": values["region"].pk if values["region"] else None,
            "parent": parent_unit.pk if parent_unit else None,
        }
        if row.parent_row is not None:
            after["parent"] = f"row {row.parent_row.number}"
        row.changes = {k: (before[k], after[k]) for k in UNIT_FIELDS if before[k] != after[k]}
        row.action = "update" if row.changes else "unchanged"


@transaction.atomic
def apply_unit_import(plan: ImportPlan, *, by, source: str = "") -> dict[str, int]:
    """Carry out a plan that has no errors. Side effects: bulk INSERT of new units (one statement
    per tree depth), bulk UPDATE of changed ones, one audit event per created/updated unit with
    action ``unit.import``. Raises ValueError for a plan with errors (nothing is written)."""
    if not plan.ok:
        raise ValueError("an import plan with errors cannot be applied")
    creates = [r for r in plan.rows if r.action == "create"]
    updates = [r for r in plan.rows if r.action == "update"]
    events = []
    for depth in sorted({r.depth for r in creates}):
        level = [r for r in creates if r.depth == depth]
        units = []
        for row in level:
            values = dict(row.values)
            if row.parent_row is not None:
                values["parent"] = row.parent_row.unit
            row.unit = Unit(**values)
            units.append(row.unit)
        Unit.objects.bulk_create(units)
    for row in creates:
        after = snapshot(row.unit, UNIT_FIELDS) | {"source": source}
        events.append(build_event(actor=by, action="unit.import", obj=row.unit, after=after))
    changed_fields: set[str] = set()
    now = timezone.now()
    for row in updates:
        row.unit.updated_at = now
        before = snapshot(row.unit, UNIT_FIELDS)
        for name in row.changes:
            value = row.values[name]
            if name == "parent" and row.parent_row is not None:
                value = row.parent_row.unit
            setattr(row.unit, name, value)
            changed_fields.add(name)
        after = snapshot(row.unit, UNIT_FIELDS)
        diff = [k for k in UNIT_FIELDS if before[k] != after[k]]
        events.append(
            build_event(
                actor=by,
                action="unit.import",
                obj=row.unit,
                before={k: before[k] for k in diff},
                after={k: after[k] for k in diff} | {"source": source},
            )
        )
    if updates:
        Unit.objects.bulk_update([r.unit for r in updates], [*sorted(changed_fields), "updated_at"])
    record_events(events)
    return {"created": len(creates), "updated": len(updates), "unchanged": plan.count("unchanged")}
