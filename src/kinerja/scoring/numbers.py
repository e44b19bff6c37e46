"""Exact numbers: reading raw answers as fractions and presenting values half-up.

Nothing here touches binary floats: a float is refused, because 0.1 as a float is not 1/10 and a
score computed from it could land on the wrong side of a grade boundary.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction

__all__ = [
    "NotANumberError",
    "decimal_text",
    "fraction_text",
    "parse_exact",
    "present",
    "round_half_up",
    "scaled_text",
    "to_fraction",
]


class NotANumberError(ValueError):
    """A raw value is not an exact number (the message names what was found)."""


def parse_exact(raw: object) -> Fraction:
    """Read ``raw`` (int, Decimal, Fraction or numeric text) as an exact Fraction.

    Text may use a decimal comma ("3,5") the way Indonesian spreadsheets write it, as long as it
    has no dot as well (then "1.234,5" would be ambiguous, so it is refused).
    """
    if isinstance(raw, bool):
        raise NotANumberError(f"{raw!r} bukan angka")
    if isinstance(raw, int):
        return Fraction(raw)
    if isinstance(raw, Fraction):
        return raw
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise NotANumberError(f"{raw} bukan angka terhingga")
        return Fraction(raw)
    if isinstance(raw, float):
        # Binary floats are not exact; callers must pass Decimal, int or text.
        raise NotANumberError(f"{raw!r} adalah float; gunakan Decimal, bilangan bulat atau teks")
    if isinstance(raw, str):
        text = raw.strip().replace("_", "")
        if "," in text and "." not in text and text.count(",") == 1:
            text = text.replace(",", ".")
        try:
            value = Decimal(text)
        except InvalidOperation:
            if "/" in text:
                try:
                    return Fraction(text)
                except (ValueError, ZeroDivisionError):
                    pass
            raise NotANumberError(f"'{raw}' bukan angka") from None
        if not value.is_finite():
            raise NotANumberError(f"'{raw}' bukan angka terhingga")
        return Fraction(value)
    raise NotANumberError(f"{raw!r} bukan angka")


def to_fraction(value: int | Decimal | Fraction | str) -> Fraction:
    """Exact Fraction of a number given as int, Decimal, Fraction or text."""
    return parse_exact(value)


def round_half_up(value: Fraction, decimals: int) -> int:
    """``value`` rounded half-up (away from zero on a tie) to ``decimals``, as a scaled integer.

    3.865 with 2 decimals gives 387 (meaning 3.87); -3.865 gives -387, like ROUND_HALF_UP.
    """
    scaled = value * 10**decimals
    num, den = scaled.numerator, scaled.denominator
    if num >= 0:
        return (2 * num + den) // (2 * den)
    return -((2 * -num + den) // (2 * den))


def scaled_text(scaled: int, decimals: int) -> str:
    """Text of a scaled integer: ``scaled_text(387, 2) == "3.87"``."""
    sign = "-" if scaled < 0 else ""
    digits = str(abs(scaled))
    if decimals == 0:
        return sign + digits
    digits = digits.rjust(decimals + 1, "0")
    return f"{sign}{digits[:-decimals]}.{digits[-decimals:]}"


def present(value: Fraction | Decimal | int | str, decimals: int) -> str:
    """The exact ``value`` rounded once, half-up, to ``decimals`` places, as text ("3.87")."""
    return scaled_text(round_half_up(to_fraction(value), decimals), decimals)


def decimal_text(value: Decimal) -> str:
    """A Decimal as plain positional text, keeping its written digits ("0.66", "17", "4.50")."""
    if value.is_zero():
        value = abs(value)  # "-0" is not a number anybody wrote on purpose
    return format(value, "f")


def fraction_text(value: Fraction) -> str:
    """An exact fraction as text: "3/8", or "5" when it is whole."""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"
