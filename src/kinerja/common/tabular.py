"""Reading CSV and XLSX tables uploaded by officials, with row numbers as the user sees them.

Row numbers are spreadsheet row numbers: the header is row 1, the first data row is row 2, for CSV
and XLSX alike, so an error message points at the same row the user sees in Excel.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

MAX_TABLE_BYTES = 10 * 1024 * 1024
MAX_TABLE_ROWS = 50_000


class TableError(ValueError):
    """The file is not a table we can read; the message is meant for the user."""


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def _normalise_header(value: object) -> str:
    return " ".join(str(value or "").strip().lower().split())


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(data: bytes, *, filename: str) -> Table:
    """Parse ``data`` as XLSX (by content: a ZIP with a workbook) or as UTF-8 CSV.

    The file name is only used in messages; the format is decided by the content.
    """
    if not data:
        raise TableError(_("The file is empty."))
    if len(data) > MAX_TABLE_BYTES:
        raise TableError(_("The file is too large (at most 10 MB)."))
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    return _read_csv(data)


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise TableError(_("The file is a ZIP archive but not an Excel workbook (.xlsx)."))
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except TableError:
        raise
    except Exception as exc:  # openpyxl raises many types for a damaged workbook
        raise TableError(
            _("The Excel workbook cannot be read: %(error)s") % {"error": exc}
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header_row = next(rows, None)
        if header_row is None:
            raise TableError(
                _("The first sheet is empty: the first row must hold the column names.")
            )
        headers = [_normalise_header(v) for v in header_row]
        table = Table(headers=headers)
        for number, values in enumerate(rows, start=2):
            cells = {h: _cell_text(v) for h, v in zip(headers, values, strict=False) if h}
            if any(cells.values()):
                table.rows.append((number, cells))
            if len(table.rows) > MAX_TABLE_ROWS:
                raise TableError(_("Too many rows (at most 50,000)."))
        return table
    finally:
        workbook.close()


def _read_csv(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TableError(
            _("The file is neither an Excel workbook (.xlsx) nor a UTF-8 CSV file.")
        ) from None
    if "\x00" in text:
        raise TableError(_("The file is neither an Excel workbook (.xlsx) nor a UTF-8 CSV file."))
    first_line = text.split("\n", 1)[0]
    # Excel in an Indonesian locale saves CSV with semicolons.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header_row = next(reader, None)
        if header_row is None:
            raise TableError(_("The file has no header row with the column names."))
        headers = [_normalise_header(v) for v in header_row]
        table = Table(headers=headers)
        for values in reader:
            number = reader.line_num
            cells = {h: _cell_text(v) for h, v in zip(headers, values, strict=False) if h}
            if any(cells.values()):
                table.rows.append((number, cells))
            if len(table.rows) > MAX_TABLE_ROWS:
                raise TableError(_("Too many rows (at most 50,000)."))
    except csv.Error as exc:
        raise TableError(_("The CSV file cannot be read: %(error)s") % {"error": exc}) from exc
    return table
