"""Reading an authoring workbook: cells to plain data, problems to sheet and cell."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from pydantic import ValidationError

from ...model.errors import InstrumentError, LocatedError, format_loc
from ...model.schema import Instrument
from .build import build
from .cells import Bad, Reader, Row
from .layout import REQUIRED_SHEETS, SHEETS, Loc

__all__ = ["instrument_from_xlsx"]


def _read_rows(workbook: Any, title: str, reader: Reader) -> list[Row] | None:
    if title not in workbook.sheetnames:
        if title in REQUIRED_SHEETS:
            reader.error(None, "", f"lembar '{title}' tidak ada", title)
        return None
    sheet = workbook[title]
    rows = sheet.iter_rows(values_only=True)
    header_row = next(rows, None)
    if header_row is None:
        if title in REQUIRED_SHEETS:
            reader.error(None, "", "lembar kosong; baris 1 harus berisi judul kolom", title)
        return None
    columns: dict[str, str] = {}
    positions: dict[str, int] = {}
    for index, header in enumerate(header_row):
        if header is None:
            continue
        name = " ".join(str(header).strip().casefold().split())
        if name in SHEETS[title] and name not in columns:
            columns[name] = get_column_letter(index + 1)
            positions[name] = index
    for header in SHEETS[title]:
        if header not in columns and title in REQUIRED_SHEETS and header in _KEY_HEADERS[title]:
            reader.error(None, "", f"kolom '{header}' tidak ada di baris judul", title)
    out = []
    for number, values in enumerate(rows, start=2):
        if values is None or all(
            v is None or (isinstance(v, str) and not v.strip()) for v in values
        ):
            continue
        row = {
            header: (values[index] if index < len(values) else None)
            for header, index in positions.items()
        }
        out.append(Row(title, number, row, columns))
    return out


_KEY_HEADERS = {
    "Instrumen": ("kunci", "nilai"),
    "Komponen": ("kode", "nama", "bobot"),
    "Indikator": ("ref", "nama", "bobot"),
}


def instrument_from_xlsx(data: bytes, *, filename: str = "<xlsx>") -> Instrument:
    """Read an authoring workbook; ``InstrumentError`` names the sheet and cell of every problem."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InstrumentError(
            [LocatedError(filename, None, None, "", f"bukan berkas XLSX yang sah ({exc})")]
        ) from None
    reader = Reader(filename)
    try:
        tables = {title: _read_rows(workbook, title, reader) for title in SHEETS}
    finally:
        workbook.close()
    if reader.errors:
        raise InstrumentError(reader.errors)
    data_ = build(tables, reader)
    if reader.structural:
        raise InstrumentError(_sorted(reader.errors))
    try:
        instrument = Instrument.model_validate(data_)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            if isinstance(error.get("input"), Bad):
                continue
            sheet, cell, header = _find_place(reader.places, loc)
            exact = reader.places.get(loc)
            name = header if exact is not None and header else format_loc(loc)
            reader.errors.append(
                LocatedError(filename, None, None, name, error["msg"], sheet, cell)
            )
    if reader.errors:
        raise InstrumentError(_sorted(reader.errors))
    return instrument


def _find_place(
    places: dict[Loc, tuple[str, str, str]], loc: Loc
) -> tuple[str | None, str | None, str]:
    for end in range(len(loc), 0, -1):
        found = places.get(loc[:end])
        if found is not None:
            return found
    return "Instrumen", None, ""


def _sorted(errors: list[LocatedError]) -> list[LocatedError]:
    order = {title: index for index, title in enumerate(SHEETS)}

    def key(error: LocatedError) -> tuple[int, int, str]:
        cell = error.cell or ""
        digits = "".join(ch for ch in cell if ch.isdigit())
        letters = "".join(ch for ch in cell if ch.isalpha())
        return (order.get(error.sheet or "", -1), int(digits or 0), letters)

    return sorted(errors, key=key)
