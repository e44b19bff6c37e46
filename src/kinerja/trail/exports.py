"""The audit trail of a filtered view as an XLSX workbook, read in chunks and written in
write-only mode, so memory stays flat however long the trail."""

from __future__ import annotations

import tempfile

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from kinerja.audit.readable import readable

CHUNK = 1000


def _change_text(row) -> str:
    if row.created:
        return "\n".join(f"{c.label}: {c.after}" for c in row.changes)
    return "\n".join(f"{c.label}: {c.before} → {c.after}" for c in row.changes)


def trail_response(events: QuerySet, *, filename: str) -> FileResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Audit trail")[:31])
    bold = Font(bold=True)
    titles = [_("Time"), _("Actor"), _("Action"), _("Code"), _("Object"), _("Change")]
    header = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    chunk = []
    for event in events.select_related("actor").iterator(chunk_size=CHUNK):
        chunk.append(event)
        if len(chunk) == CHUNK:
            _write(sheet, chunk)
            chunk = []
    _write(sheet, chunk)
    stream = tempfile.TemporaryFile()  # noqa: SIM115 -- FileResponse closes it when sent
    workbook.save(stream)
    stream.seek(0)
    return FileResponse(stream, as_attachment=True, filename=filename)


def _write(sheet, events) -> None:
    for row in readable(events):
        sheet.append(
            [row.when, row.actor, row.action, row.event.action, row.subject, _change_text(row)]
        )


def export_name() -> str:
    return f"jejak-audit-{timezone.localdate():%Y%m%d}.xlsx"
