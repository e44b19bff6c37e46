"""Year over year: one unit's determined results across the cycles of an instrument family.

Each cycle contributes the unit's row of a frozen snapshot: the announced determination, or, for
the organiser and the cycle's team, the current one not announced yet (a preview). Instrument
versions change between cycles, so aspects and indicators are matched by their stable ``ref``:
a ref missing from a cycle's version is shown as such, never as a zero. Changes are computed
exactly from the snapshot's fractions and rounded half-up once, for display; two versions on
different scales are not compared.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from kinerja.cycles.models import Cycle, Participant
from kinerja.results.awards import award_labels
from kinerja.results.models import Announcement, Determination
from kinerja.scoring.model.numbers import present, round_half_up, scaled_text

# Cell states: a score, a ref of the version without a score, a ref the version does not have.
VALUE, EMPTY, ABSENT = "value", "empty", "absent"


@dataclass(frozen=True)
class Change:
    """The change from the previous cycle; ``comparable`` is False across different scales."""

    comparable: bool
    exact: Fraction | None = None
    display: str = ""

    @property
    def direction(self) -> str:
        """``up``, ``down`` or ``same``, as the rounded value reads."""
        if not self.comparable or not self.display.strip("+-0."):
            return "same"
        return "down" if self.display.startswith("-") else "up"


@dataclass(frozen=True)
class Cell:
    state: str
    display: str = ""
    exact: Fraction | None = None
    change: Change | None = None


@dataclass(frozen=True)
class Line:
    """One aspect or indicator across the cycles, named as in the newest version holding it."""

    ref: str
    name: str
    former_names: tuple[str, ...]
    cells: tuple[Cell, ...]

    @property
    def renamed(self) -> bool:
        return bool(self.former_names)


@dataclass(frozen=True)
class Column:
    """One cycle: the unit's frozen result and what the snapshot says about the whole field."""

    cycle: Cycle
    version: str
    announced: bool
    participant_id: int
    display: str
    grade_code: str
    grade_label: str
    rank: int | None
    ranked: int
    award_names: tuple[str, ...]
    total: Fraction | None
    change: Change | None


@dataclass(frozen=True)
class History:
    unit_id: int
    family: str
    title: str
    columns: tuple[Column, ...]
    aspects: tuple[Line, ...]
    indicators: tuple[Line, ...]

    @property
    def has_preview(self) -> bool:
        return any(not column.announced for column in self.columns)


@dataclass(frozen=True)
class Entry:
    """A visible determination of one cycle and the unit's row in its snapshot."""

    cycle: Cycle
    row: dict[str, Any]
    announced: bool
    ranked: int


def visible_determinations(
    unit_id: int,
    family: str,
    *,
    preview_all: bool = False,
    preview_cycles: QuerySet | Iterable[int] | None = None,
) -> list[Determination]:
    """The determinations of the family's cycles the unit took part in that the viewer may see.

    Announced determinations are public; the current determination of any cycle is visible
    with ``preview_all`` (the organiser), of the cycles in ``preview_cycles`` (a subquery of
    cycle ids: the viewer's teams) otherwise. One query; each carries ``unit_participant_id``
    and ``announced``; ordered by year, then announced first and newest version first.
    """
    participant = Participant.objects.filter(cycle=OuterRef("cycle"), unit_id=unit_id)
    announced = Announcement.objects.filter(determination=OuterRef("pk"), withdrawn_at=None)
    visible = Q(announced=True)
    if preview_all:
        visible |= Q(reopened_at=None)
    elif preview_cycles is not None:
        visible |= Q(reopened_at=None, cycle__in=preview_cycles)
    return list(
        Determination.objects.filter(cycle__instrument_version__instrument__family=family)
        .annotate(
            unit_participant_id=Subquery(participant.values("pk")[:1]),
            announced=Exists(announced),
        )
        .filter(visible, unit_participant_id__isnull=False)
        .select_related("cycle__instrument_version__instrument")
        .order_by("cycle__year", "cycle_id", "-announced", "-version")
    )


def entries_of(unit_id: int, determinations: Iterable[Determination]) -> list[Entry]:
    """One entry per cycle (the announced determination before a preview), in the given order;
    cycles whose snapshot has no row for the unit are left out."""
    entries: list[Entry] = []
    seen: set[int] = set()
    for determination in determinations:
        if determination.cycle_id in seen:
            continue
        participant_id = getattr(determination, "unit_participant_id", None)
        snapshot = determination.snapshot or []
        row = next(
            (
                r
                for r in snapshot
                if r.get("participant_id") == participant_id or r.get("unit_id") == unit_id
            ),
            None,
        )
        if row is None:
            continue
        seen.add(determination.cycle_id)
        entries.append(
            Entry(
                cycle=determination.cycle,
                row=row,
                announced=bool(getattr(determination, "announced", False)),
                ranked=sum(1 for r in snapshot if r.get("rank") is not None),
            )
        )
    return entries


def _exact(text: Any) -> Fraction | None:
    """The exact value of a snapshot's fraction text ("n/d"), None when absent or unreadable."""
    if not text or not isinstance(text, str):
        return None
    try:
        return Fraction(text)
    except (ValueError, ZeroDivisionError):
        return None


def _signed(value: Fraction, decimals: int) -> str:
    scaled = round_half_up(value, decimals)
    return ("+" if scaled > 0 else "") + scaled_text(scaled, decimals)


def _change(before: Fraction | None, after: Fraction | None, same_scale: bool, decimals: int):
    if before is None or after is None:
        return None
    if not same_scale:
        return Change(comparable=False)
    difference = after - before
    return Change(comparable=True, exact=difference, display=_signed(difference, decimals))


def _scale(instrument) -> tuple[Fraction, Fraction]:
    return Fraction(instrument.scale.min), Fraction(instrument.scale.max)


def _aspect_nodes(instrument) -> dict[str, str]:
    # The snapshot keeps the top-level aspects (of every component), so these are the rows.
    return {aspect.ref: aspect.name for aspect in instrument.aspects}


def _indicator_nodes(instrument) -> dict[str, str]:
    # Text answers are recorded, never scored: they would only ever show "—".
    return {i.ref: i.name for i in instrument.iter_indicators() if i.scored}


def _lines(entries: list[Entry], instruments: list, section: str, nodes_of) -> tuple[Line, ...]:
    nodes = [nodes_of(instrument) for instrument in instruments]
    # The newest version's order first, then refs only older versions have (newest first).
    refs: dict[str, None] = {}
    for version_nodes in reversed(nodes):
        refs.update(dict.fromkeys(ref for ref in version_nodes if ref not in refs))
    scales = [_scale(instrument) for instrument in instruments]
    lines = []
    for ref in refs:
        names = [version_nodes[ref] for version_nodes in nodes if ref in version_nodes]
        newest = names[-1]
        former = tuple(dict.fromkeys(name for name in names if name != newest))
        cells: list[Cell] = []
        for index, (entry, instrument) in enumerate(zip(entries, instruments, strict=True)):
            if ref not in nodes[index]:
                cells.append(Cell(ABSENT))
                continue
            item = (entry.row.get(section) or {}).get(ref) or {}
            exact = _exact(item.get("score"))
            if exact is None:
                cells.append(Cell(EMPTY))
                continue
            change = None
            if index and cells[index - 1].state == VALUE:
                change = _change(
                    cells[index - 1].exact,
                    exact,
                    scales[index - 1] == scales[index],
                    instrument.decimals,
                )
            display = item.get("display") or present(exact, instrument.decimals)
            cells.append(Cell(VALUE, display=display, exact=exact, change=change))
        lines.append(Line(ref=ref, name=newest, former_names=former, cells=tuple(cells)))
    return tuple(lines)


def build_history(unit_id: int, family: str, entries: list[Entry]) -> History | None:
    """The comparison table of ``entries`` (ordered by year); None without any entry.

    No query: instrument definitions are parsed from the versions already loaded.
    """
    if not entries:
        return None
    instruments = [entry.cycle.instrument_version.definition for entry in entries]
    columns: list[Column] = []
    for index, (entry, instrument) in enumerate(zip(entries, instruments, strict=True)):
        row = entry.row
        total = _exact(row.get("total_exact"))
        change = None
        if index:
            change = _change(
                columns[-1].total,
                total,
                _scale(instruments[index - 1]) == _scale(instrument),
                instrument.decimals,
            )
        if "award_names" in row:
            names = tuple(row["award_names"])
        else:  # older snapshots kept only the codes
            labels = award_labels(entry.cycle)
            names = tuple(labels.get(code, code) for code in row.get("awards") or [])
        columns.append(
            Column(
                cycle=entry.cycle,
                version=entry.cycle.instrument_version.label,
                announced=entry.announced,
                participant_id=row["participant_id"],
                display=row.get("display") or "",
                grade_code=row.get("grade_code") or "",
                grade_label=row.get("grade_label") or "",
                rank=row.get("rank"),
                ranked=entry.ranked,
                award_names=names,
                total=total,
                change=change,
            )
        )
    return History(
        unit_id=unit_id,
        family=family,
        title=entries[-1].cycle.instrument_version.title,
        columns=tuple(columns),
        aspects=_lines(entries, instruments, "aspects", _aspect_nodes),
        indicators=_lines(entries, instruments, "indicators", _indicator_nodes),
    )


def unit_history(
    unit_id: int,
    family: str,
    *,
    preview_all: bool = False,
    preview_cycles: QuerySet | Iterable[int] | None = None,
) -> History | None:
    """The unit's year-over-year comparison in ``family`` as the viewer may see it (one query),
    or None when no cycle is visible."""
    determinations = visible_determinations(
        unit_id, family, preview_all=preview_all, preview_cycles=preview_cycles
    )
    return build_history(unit_id, family, entries_of(unit_id, determinations))
