"""The cells of an authoring workbook: rows with their cell names, and the reader that turns cell
values into the model's plain data while recording where each value came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ...model.errors import LocatedError
from .layout import NO, YES, Loc

__all__ = ["BAD", "Bad", "Reader", "Row"]


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
