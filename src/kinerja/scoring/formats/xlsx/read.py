"""Reading an authoring workbook: cells to plain data, problems to sheet and cell."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from pydantic import ValidationError

from ...model.errors import InstrumentError, LocatedError, format_loc
from ...model.schema import Instrument
from .layout import NO, REQUIRED_SHEETS, SHEETS, YES, Loc

__all__ = ["instrument_from_xlsx"]


@dataclass
class Row:
    sheet: str
    number: int
    values: dict[str, Any]
    columns: dict[str, str]  # header -> column letter

    def cell(self, header: str) -> str:
        return f"{self.columns.get(header, 'A')}{self.number}"


@dataclass
class Reader:
    filename: str
    errors: list[LocatedError] = field(default_factory=list)
    places: dict[Loc, tuple[str, str, str]] = field(default_factory=dict)
    # A row had to be left out: the model would only add follow-up noise, so it is not built.
    structural: bool = False

    def drop(self, row: Row, header: str, message: str) -> None:
        self.structural = True
        self.error(row, header, message)

    def error(self, row: Row | None, header: str, message: str, sheet: str = "") -> None:
        if row is None:
            self.errors.append(LocatedError(self.filename, None, None, header, message, sheet))
        else:
            self.errors.append(
                LocatedError(
                    self.filename, None, None, header, message, row.sheet, row.cell(header)
                )
            )

    def place(self, loc: Loc, row: Row, header: str = "") -> None:
        self.places[loc] = (row.sheet, row.cell(header) if header else f"A{row.number}", header)

    # Cell readers: each returns the plain value for the model (or leaves bad input as it is,
    # so pydantic reports it at the registered place), and records where the value came from.

    def text(self, row: Row, header: str, loc: Loc | None = None) -> str | None:
        value = row.values.get(header)
        if loc is not None:
            self.place(loc, row, header)
        if value is None:
            return None
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float):
            value = _float_text(value)
        text = str(value).strip()
        return text or None

    def decimal(self, row: Row, header: str, loc: Loc | None = None) -> Any:
        value = row.values.get(header)
        if loc is not None:
            self.place(loc, row, header)
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, int):
            return value
        if isinstance(value, float):
            return Decimal(_float_text(value))
        text = str(value).strip()
        if not text:
            return None
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        try:
            return Decimal(text)
        except InvalidOperation:
            self.error(row, header, f"harus angka, bukan '{value}'")
            return BAD

    def integer(self, row: Row, header: str, loc: Loc | None = None) -> Any:
        value = self.decimal(row, header, loc)
        if isinstance(value, Decimal) and value == value.to_integral_value():
            return int(value)
        return value

    def boolean(self, row: Row, header: str, loc: Loc | None = None) -> Any:
        value = row.values.get(header)
        if loc is not None:
            self.place(loc, row, header)
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        text = str(value).strip().casefold()
        if not text:
            return None
        if text in YES:
            return True
        if text in NO:
            return False
        self.error(row, header, f"harus ya atau tidak, bukan '{value}'")
        return BAD

    def listing(self, row: Row, header: str, loc: Loc | None = None) -> list[str]:
        text = self.text(row, header, loc)
        if text is None:
            return []
        items = [item.strip() for item in text.split(",") if item.strip()]
        if loc is not None:
            for index in range(len(items)):
                self.place((*loc, index), row, header)
        return items


class Bad:
    """A value already reported; the model must not report it again."""


BAD: Any = Bad()


def _float_text(value: float) -> str:
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


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
    from .build import build

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
