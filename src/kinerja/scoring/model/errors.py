"""Errors of the scoring package, located where the user can find them.

An instrument error names the file and the line (YAML) or the sheet and cell (XLSX); an answer
error names the value and what was expected. Messages are short Indonesian sentences meant to be
shown to officials as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

__all__ = [
    "AnswerError",
    "InstrumentError",
    "InstrumentNotFoundError",
    "LocatedError",
    "Problem",
    "ScoreInputError",
    "format_loc",
    "message_for",
]

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One validation problem before it is located in a file: a path into the data and a text."""

    loc: Loc
    message: str


@dataclass(frozen=True)
class LocatedError:
    """One problem of an instrument file, with where it is.

    ``line``/``column`` are 1-based (YAML); ``sheet``/``cell`` are set for XLSX workbooks.
    ``field`` is the dotted path into the instrument, e.g. ``aspects[0].indicators[2].weight``.
    """

    file: str
    line: int | None
    column: int | None
    field: str
    message: str
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.sheet is not None:
            where = f"{where}: {self.sheet}" + (f"!{self.cell}" if self.cell else "")
        elif self.line is not None:
            where = f"{where}:{self.line}"
        if self.field:
            return f"{where}: {self.field}: {self.message}"
        return f"{where}: {self.message}"


class InstrumentError(ValueError):
    """An instrument could not be read; ``errors`` lists every problem found, in file order."""

    def __init__(self, errors: Sequence[LocatedError]) -> None:
        self.errors: list[LocatedError] = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


class InstrumentNotFoundError(LookupError):
    """No instrument with that code (and version) in the library."""


class AnswerError(ValueError):
    """A raw answer does not fit its indicator's answer type (message says what is expected)."""


class ScoreInputError(ValueError):
    """Input for the score calculator is wrong; ``errors`` lists every problem, each located."""

    def __init__(self, errors: Sequence[str] | str) -> None:
        self.errors: list[str] = [errors] if isinstance(errors, str) else list(errors)
        super().__init__("\n".join(self.errors))


def format_loc(loc: Iterable[str | int]) -> str:
    """``("aspects", 0, "weight")`` -> ``"aspects[0].weight"``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


# Pydantic's own messages are English and generic; these say the same in the users' language.
_MESSAGES: dict[str, str] = {
    "missing": "wajib diisi",
    "extra_forbidden": "kunci tidak dikenal",
    "string_type": "harus berupa teks",
    "string_too_short": "tidak boleh kosong",
    "string_too_long": "terlalu panjang (maksimal {max_length} karakter)",
    "string_pattern_mismatch": "format tidak sah (harus cocok dengan pola {pattern})",
    "int_type": "harus bilangan bulat",
    "int_parsing": "harus bilangan bulat",
    "int_from_float": "harus bilangan bulat",
    "decimal_type": "harus angka",
    "decimal_parsing": "harus angka",
    "finite_number": "harus angka terhingga",
    "bool_type": "harus true atau false",
    "bool_parsing": "harus true atau false",
    "literal_error": "harus salah satu dari: {expected}",
    "enum": "harus salah satu dari: {expected}",
    "union_tag_invalid": "jenis '{tag}' tidak dikenal; pilihan: {expected_tags}",
    "union_tag_not_found": "kunci '{discriminator}' wajib diisi",
    "too_short": "minimal {min_length} butir",
    "too_long": "maksimal {max_length} butir",
    "greater_than": "harus lebih dari {gt}",
    "greater_than_equal": "harus paling sedikit {ge}",
    "less_than": "harus kurang dari {lt}",
    "less_than_equal": "harus paling banyak {le}",
    "model_type": "harus berupa pemetaan (kunci: nilai)",
    "model_attributes_type": "harus berupa pemetaan (kunci: nilai)",
    "dict_type": "harus berupa pemetaan (kunci: nilai)",
    "list_type": "harus berupa daftar",
    "tuple_type": "harus berupa daftar",
    "model_attributes_type_": "harus berupa pemetaan (kunci: nilai)",
}


def message_for(error: dict[str, Any]) -> str:
    """An Indonesian message for one pydantic error dict (our own errors keep their text)."""
    kind = error.get("type", "")
    if kind == "kinerja":
        return str(error["msg"])
    template = _MESSAGES.get(kind)
    if template is None:
        return str(error.get("msg", kind))
    if kind == "extra_forbidden" and error.get("input") is None:
        # `{name: A, B}` in flow style makes "B" a key without value: the usual cause.
        return "kunci tidak dikenal (tanpa nilai): teks yang memuat koma harus diberi tanda kutip"
    context = {key: _context_text(value) for key, value in (error.get("ctx") or {}).items()}
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return template


def _context_text(value: object) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)
