"""Building blocks shared by the instrument models: frozen base model and exact field types."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic_core import InitErrorDetails, PydanticCustomError, ValidationError

from .errors import Problem
from .numbers import NotANumberError, check_bounds

__all__ = [
    "Code",
    "Dec",
    "FrozenModel",
    "Int",
    "Ref",
    "Text",
    "kinerja_error",
    "raise_problems",
]


class FrozenModel(BaseModel):
    """Immutable, strict about unknown keys (a typo like ``wieght`` is an error, not ignored)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


def kinerja_error(message: str) -> PydanticCustomError:
    """A pydantic error whose message is ours, verbatim (no "Value error, " prefix)."""
    # Passed as context so braces in user text are never read as format fields.
    return PydanticCustomError("kinerja", "{message}", {"message": message})


def raise_problems(title: str, problems: Iterable[Problem], data: Any = None) -> None:
    """Raise every problem at once as one pydantic ValidationError with precise locations.

    Pydantic passes a ValidationError raised inside a validator through, prefixing the locations
    with the validator's own position, so a model validator can report several located errors.
    """
    details = [
        InitErrorDetails(type=kinerja_error(problem.message), loc=problem.loc, input=data)
        for problem in problems
    ]
    if details:
        raise ValidationError.from_exception_data(title, details)


def _refuse_float(value: Any) -> Any:
    if isinstance(value, bool):
        raise kinerja_error(f"harus angka, bukan {str(value).lower()}")
    if isinstance(value, float):
        raise kinerja_error("angka float tidak diterima; tulis angka desimal (Decimal atau teks)")
    if isinstance(value, Decimal) and value.is_finite():
        # Bounded before any arithmetic: `weight: 1e100000000` is a short line of YAML.
        try:
            check_bounds(value)
        except NotANumberError as exc:
            raise kinerja_error(str(exc)) from None
    elif isinstance(value, int) and value.bit_length() > 64:
        raise kinerja_error("angka terlalu besar")
    return value


def _integer(value: Any) -> Any:
    value = _refuse_float(value)
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    return value


def _text(value: Any) -> Any:
    # YAML reads `ref: 1` or `version: 2023.1` as numbers; the exact source text is what was meant.
    if isinstance(value, bool):
        return value
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, str) and any(ord(c) < 32 and c not in "\t\n\r" for c in value):
        # A NUL or other control character cannot be stored by PostgreSQL nor shown to anyone.
        raise kinerja_error("teks memuat karakter kendali (mis. NUL) yang tidak diperbolehkan")
    return value


Dec = Annotated[Decimal, BeforeValidator(_refuse_float), Field(allow_inf_nan=False)]
Int = Annotated[int, BeforeValidator(_integer)]
Text = Annotated[
    str, BeforeValidator(_text), StringConstraints(strip_whitespace=True, min_length=1)
]
Code = Annotated[
    str,
    BeforeValidator(_text),
    StringConstraints(
        strip_whitespace=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9._+\-]*$", max_length=60
    ),
]
Ref = Code
