"""The XLSX rekap: one row per participant with every aspect and indicator score, one sheet per
top-level aspect, written in constant memory (openpyxl write-only mode).

The rekap is written from rows in the determination snapshot's shape (``services.build_snapshot``)
and has two sources:

- the current determination: its frozen snapshot, read from the database one row at a time
  (``snapshot_rows``), so the rekap says what the record says, whatever reviews change later;
- live results (before determination, organiser and team only): the stored ``Result`` rows in
  ranking order, with indicator scores from the engine, a chunk of participants at a time, so
  memory stays flat and the queries per chunk are a fixed number.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from kinerja.results.awards import award_labels
from kinerja.results.models import Determination
from kinerja.results.services import CHUNK_SIZE, live_rows

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def _title(text: str, used: set[str]) -> str:
    base = _BAD_TITLE.sub(" ", text)[:31].strip() or "Aspek"
    title, n = base, 1
    while title.lower() in used:
        n += 1
        title = f"{base[:27]} ({n})"
    used.add(title.lower())
    return title


def _number(sheet, display: str):
    """A shown score ("85.70") as a number cell that keeps its decimals: the format code
    ("#,##0.00") is the file's, and Excel or LibreOffice show it with the reader's separators
    ("85,70" on an Indonesian desktop)."""
    if not display:
        return None
    try:
        value = Decimal(display)
    except InvalidOperation:
        return display
    exponent = value.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = "#,##0" + ("." + "0" * decimals if decimals else "")
    return cell


# --- sources ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RekapSource:
    """Rows in snapshot shape (ranking order) and the lines of the workbook's Info sheet."""

    rows: Iterable[dict[str, Any]]
    info: list[tuple[str, Any]]
    filename: str


def snapshot_rows(
    determination: Determination, *, fetch: int = 500, piece: int = 1 << 20
) -> Iterator[dict[str, Any]]:
    """The rows of a determination's snapshot in their frozen order.

    When the snapshot is not loaded (``defer("snapshot")``) it is read one row at a time, so the
    10,000-row record is never held whole in this process: PostgreSQL hands out the array's
    elements through a server-side cursor; SQLite's stored JSON text is read in pieces and
    decoded element by element (its ``json_each`` would parse the whole array in this process).
    A loaded snapshot is simply iterated. ``fetch`` rows per round trip (PostgreSQL), ``piece``
    bytes per read (SQLite).
    """
    if "snapshot" not in determination.get_deferred_fields():
        yield from determination.snapshot
        return
    meta = Determination._meta
    if connection.vendor == "sqlite":
        column = meta.get_field("snapshot").column
        yield from _sqlite_array(meta.db_table, column, determination.pk, size=piece)
        return
    if connection.vendor != "postgresql":
        yield from Determination.objects.values_list("snapshot", flat=True).get(pk=determination.pk)
        return
    sql = (
        f"SELECT e.value::text FROM {connection.ops.quote_name(meta.db_table)} d "  # noqa: S608
        "CROSS JOIN LATERAL jsonb_array_elements(d.snapshot) WITH ORDINALITY AS e(value, n) "
        "WHERE d.id = %s ORDER BY e.n"
    )
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, [determination.pk])
        while batch := cursor.fetchmany(fetch):
            for (text,) in batch:
                yield json.loads(text)


def _sqlite_array(table: str, column: str, rowid: int, *, size: int = 1 << 20) -> Iterator[Any]:
    """The items of the JSON array stored as text in one SQLite cell, read ``size`` bytes at a
    time through an incremental blob handle and decoded one item at a time."""
    connection.ensure_connection()
    decoder = json.JSONDecoder()
    utf8 = codecs.getincrementaldecoder("utf-8")()
    text, pos, done, opened = "", 0, False, False
    with connection.connection.blobopen(table, column, rowid, readonly=True) as blob:
        while True:
            while pos < len(text) and (text[pos].isspace() or text[pos] == ","):
                pos += 1
            if pos < len(text):
                if not opened:
                    if text[pos] != "[":
                        raise ValueError(f"{table}.{column} {rowid} is not a JSON array")
                    opened, pos = True, pos + 1
                    continue
                if text[pos] == "]":
                    return
                try:
                    item, end = decoder.raw_decode(text, pos)
                except json.JSONDecodeError:
                    if done:
                        raise
                else:
                    # An item ends before the text does (a "," or "]" follows), unless the text
                    # was cut inside it: then read on.
                    if end < len(text) or done:
                        pos = end
                        yield item
                        continue
            elif done:
                raise ValueError(f"{table}.{column} {rowid}: the JSON array is cut short")
            chunk = blob.read(size)
            done = not chunk
            text, pos = text[pos:] + utf8.decode(chunk, final=done), 0


def _local(moment: dt.datetime, cycle) -> dt.datetime:
    # Excel has no time zones: the cycle's local wall time.
    return moment.astimezone(ZoneInfo(cycle.time_zone)).replace(tzinfo=None)


def rekap_filename(cycle_id: int, version: int | None = None) -> str:
    """The download's name: a determination's version, or the live results (no version)."""
    if version is None:
        return f"rekap-{cycle_id}-langsung.xlsx"
    return f"rekap-{cycle_id}-penetapan-{version}.xlsx"


def determined_source(cycle, determination: Determination) -> RekapSource:
    """The frozen record: the determination's snapshot with its decree, version and hash."""
    return RekapSource(
        rows=snapshot_rows(determination),
        info=[
            (_("Cycle"), cycle.name),
            (_("Source"), _("Determined results (frozen snapshot)")),
            (_("Version"), determination.version),
            (_("Decree number"), determination.decree_number),
            (_("Decree date"), determination.decree_date),
            (_("Signatory name"), determination.signatory_name),
            (_("Signatory position"), determination.signatory_position),
            (_("Determined"), _local(determination.determined_at, cycle)),
            (_("SHA-256"), determination.sha256),
        ],
        filename=rekap_filename(cycle.pk, determination.version),
    )


def live_source(cycle, *, chunk_size: int = CHUNK_SIZE) -> RekapSource:
    """The results computed so far (not determined, not public)."""
    return RekapSource(
        rows=live_rows(cycle, chunk_size=chunk_size),
        info=[
            (_("Cycle"), cycle.name),
            (_("Source"), _("Live results (not determined, not for publication)")),
            (_("Generated"), _local(timezone.now(), cycle)),
        ],
        filename=rekap_filename(cycle.pk),
    )


# --- the workbook ----------------------------------------------------------------------------


def _award_names(row: dict[str, Any], labels: dict[str, str]) -> list[str]:
    # Snapshots frozen before award names were kept hold only the codes.
    if "award_names" in row:
        return row["award_names"]
    return [labels.get(code, code) for code in row.get("awards") or []]


def write_rekap(cycle, stream: BinaryIO, source: RekapSource) -> None:
    """Write the rekap of ``source`` to ``stream``: a recap sheet (rank, unit, total, grade,
    awards, top-level aspect scores), one sheet per top-level aspect with its indicator scores,
    and an Info sheet naming the source (decree, version and SHA-256 of a determination).

    One pass over the rows, every sheet appended at once, so memory does not grow with them.
    """
    instrument = cycle.instrument_version.definition
    aspects = [a for c in instrument.components for a in instrument.top_aspects(c.code)]
    labels = award_labels(cycle)
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    bold = Font(bold=True)

    def header(sheet, texts: list[str]) -> None:
        cells = []
        for text in texts:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = bold
            cells.append(cell)
        sheet.append(cells)

    summary = workbook.create_sheet(_title(_("Recap"), used))
    header(
        summary,
        [_("Rank"), _("Unit"), _("Total"), _("Grade"), _("Award")]
        + [f"{a.ref}. {a.name}" for a in aspects],
    )
    sheets = []
    for aspect in aspects:
        sheet = workbook.create_sheet(_title(f"{aspect.ref} {aspect.name}", used))
        indicators = [i.ref for i in aspect.iter_indicators()]
        header(sheet, [_("Unit")] + [f"{i.ref} {i.name}"[:120] for i in aspect.iter_indicators()])
        sheets.append((sheet, indicators))
    for row in source.rows:
        row_aspects = row.get("aspects") or {}
        summary.append(
            [
                row.get("rank"),
                row["unit"],
                _number(summary, row.get("display") or ""),
                row.get("grade_code") or "",
                ", ".join(_award_names(row, labels)),
            ]
            + [_number(summary, (row_aspects.get(a.ref) or {}).get("display", "")) for a in aspects]
        )
        scored = row.get("indicators") or {}
        for sheet, refs in sheets:
            sheet.append(
                [row["unit"]]
                + [
                    _number(sheet, scored[ref]["display"]) if ref in scored else None
                    for ref in refs
                ]
            )
    info = workbook.create_sheet(_title(_("Info"), used))
    for label, value in source.info:
        cell = WriteOnlyCell(info, value=value)
        if isinstance(value, dt.datetime):
            cell.number_format = "yyyy-mm-dd hh:mm"
        elif isinstance(value, dt.date):
            cell.number_format = "yyyy-mm-dd"
        info.append([label, cell])
    workbook.save(stream)


def rekap_response(cycle, source: RekapSource) -> FileResponse:
    """The rekap as a download, spooled through a temporary file (flat server memory)."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 -- FileResponse closes it when sent
    write_rekap(cycle, handle, source)
    handle.seek(0)
    return FileResponse(
        handle, as_attachment=True, filename=source.filename, content_type=XLSX_TYPE
    )


def rekap_as_job(participants: int) -> bool:
    """A cycle of more than ``KINERJA_EXPORT_AS_JOB_ABOVE`` participants has its team rekap
    written by a worker (``results.jobs.rekap``) rather than in the request."""
    return participants > settings.KINERJA_EXPORT_AS_JOB_ABOVE


def rekap_path(job) -> str:
    """Where the rekap job ``job`` (a large cycle's, ``results.jobs.rekap``) keeps its workbook."""
    return f"rekap/rekap-{job.cycle_id}-job{job.pk}.xlsx"


def store_rekap(cycle, source: RekapSource, path: str) -> str:
    """The rekap written to storage at ``path`` (through a temporary file: flat memory)."""
    with tempfile.TemporaryFile() as handle:
        write_rekap(cycle, handle, source)
        handle.seek(0)
        if default_storage.exists(path):
            default_storage.delete(path)
        return default_storage.save(path, File(handle))
