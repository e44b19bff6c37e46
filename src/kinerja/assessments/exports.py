"""The F01 monitoring table as an XLSX workbook (openpyxl write-only: constant memory)."""

from __future__ import annotations

import datetime as dt
import tempfile
from zoneinfo import ZoneInfo

from django.http import FileResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from kinerja.assessments.enums import AssessmentStatus
from kinerja.assessments.queries import cycle_participants, monitoring_rows, scope_for
from kinerja.cycles.models import Cycle

BATCH = 500
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _local(moment: dt.datetime | None, zone: ZoneInfo) -> dt.datetime | None:
    # Excel has no time zones: write the cycle's local wall time.
    return moment.astimezone(zone).replace(tzinfo=None) if moment else None


def monitoring_headers(cycle: Cycle) -> list[str]:
    scope = scope_for(cycle)
    return [
        _("No."),
        _("Unit"),
        _("Status"),
        _("Indicators answered"),
        _("Indicators"),
        _("Completion (%)"),
        *[f"{a.ref}. {a.aspect.name} (%)" for a in scope.aspects],
        _("Required documents missing"),
        _("Last activity"),
        _("Submitted"),
        _("Remarks"),
    ]


def write_monitoring(cycle: Cycle, target) -> None:
    """Write the table for every participant of ``cycle`` to ``target`` (a path or file).

    Participants are read in batches, each batch's progress in a fixed number of queries.
    """
    zone = ZoneInfo(cycle.time_zone)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Monitoring"))
    bold = Font(bold=True)
    header = []
    for text in monitoring_headers(cycle):
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    participants = cycle_participants(cycle)
    number = 0
    offset = 0
    while True:
        batch = list(participants[offset : offset + BATCH])
        if not batch:
            break
        offset += BATCH
        for participant, progress in monitoring_rows(cycle, batch):
            number += 1
            remarks = []
            if progress.late:
                remarks.append(_("Late"))
            if progress.not_started:
                remarks.append(_("Not started"))
            row = [
                number,
                str(participant.unit),
                str(AssessmentStatus(progress.status).label),
                progress.answered,
                progress.total,
                progress.percent,
                *[a.percent for a in progress.aspects],
                progress.missing_documents,
            ]
            for moment in (progress.last_activity_at, progress.submitted_at):
                cell = WriteOnlyCell(sheet, value=_local(moment, zone))
                cell.number_format = "yyyy-mm-dd hh:mm"
                row.append(cell)
            row.append(", ".join(remarks))
            sheet.append(row)
    workbook.save(target)


def monitoring_xlsx_response(cycle: Cycle) -> FileResponse:
    handle = tempfile.TemporaryFile()  # noqa: SIM115 — FileResponse closes it when sent
    write_monitoring(cycle, handle)
    handle.seek(0)
    name = f"pemantauan-f01-{slugify(cycle.name) or cycle.pk}.xlsx"
    return FileResponse(handle, as_attachment=True, filename=name, content_type=XLSX_TYPE)
