"""Exact numbers: reading raw answers as fractions and presenting values half-up.

Nothing here touches binary floats: a float is refused, because 0.1 as a float is not 1/10 and a
score computed from it could land on the wrong side of a grade boundary.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction

__all__ = [
    "NotANumberError",
    "check_bounds",
    "decimal_text",
    "fraction_text",
    "parse_exact",
    "present",
    "read_number",
    "round_half_up",
    "scaled_text",
    "to_fraction",
]


# Bounds of a number somebody typed or a file carried, checked on its text before any
# arithmetic: "1e10000000" is a short text but a ten-million-digit integer, and turning it into
# a Fraction (or printing it) took minutes of CPU and gigabytes. No indicator of any instrument
# needs more than a quintillion in rupiah or more decimals than Decimal's own precision.
MAX_NUMBER_TEXT = 64
MAX_INTEGER_DIGITS = 18
MAX_DECIMAL_PLACES = 30
# parse_exact also reads computed values back from their stored text; it refuses only exponents
# no stored value can have, so a hostile text never reaches Fraction() from any caller.
_MAX_STORED_EXPONENT = 400


class NotANumberError(ValueError):
    """A raw value is not an exact number (the message names what was found)."""


def _shown(raw: object) -> str:
    if isinstance(raw, str):
        text = raw
    elif isinstance(raw, Decimal):
        text = str(raw)  # scientific notation: short however large
    elif isinstance(raw, int) and raw.bit_length() > 256:
        text = f"bilangan bulat {raw.bit_length()} bit"
    else:
        text = repr(raw)
    return text if len(text) <= 40 else text[:40] + "…"


def parse_exact(raw: object) -> Fraction:
    """Read ``raw`` (int, Decimal, Fraction or numeric text) as an exact Fraction.

    Text may use a decimal comma ("3,5") the way Indonesian spreadsheets write it, as long as it
    has no dot as well (then "1.234,5" would be ambiguous, so it is refused).
    """
    if isinstance(raw, bool):
        raise NotANumberError(f"{_shown(raw)} bukan angka")
    if isinstance(raw, int):
        return Fraction(raw)
    if isinstance(raw, Fraction):
        return raw
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise NotANumberError(f"{_shown(raw)} bukan angka terhingga")
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
            if len(text) > 2 * _MAX_STORED_EXPONENT:
                raise NotANumberError(f"'{_shown(raw)}' bukan angka") from None
            if "/" in text:
                try:
                    return Fraction(text)
                except (ValueError, ZeroDivisionError):
                    pass
            raise NotANumberError(f"'{_shown(raw)}' bukan angka") from None
        if not value.is_finite():
            raise NotANumberError(f"'{_shown(raw)}' bukan angka terhingga")
        if value.is_zero():
            return Fraction(0)
        if abs(value.adjusted()) > _MAX_STORED_EXPONENT:
            raise NotANumberError(f"'{_shown(raw)}' di luar rentang angka yang dapat diolah")
        return Fraction(value)
    raise NotANumberError(f"{_shown(raw)} bukan angka")


def check_bounds(value: Decimal, *, shown: object = None) -> None:
    """Refuse a finite Decimal beyond the bounds of a typed number (``NotANumberError``).

    Judged on its digits and exponent only, so it costs nothing however large the number is.
    """
    raw = value if shown is None else shown
    _sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):
        return  # infinity and NaN are refused by every caller on their own terms
    if len(digits) > MAX_NUMBER_TEXT:
        raise NotANumberError(f"'{_shown(raw)}' terlalu panjang untuk sebuah angka")
    significant = len(digits)
    while significant and digits[significant - 1] == 0:
        significant -= 1
        exponent += 1
    if significant == 0:
        return
    if significant + exponent > MAX_INTEGER_DIGITS:
        raise NotANumberError(
            f"'{_shown(raw)}' terlalu besar (paling banyak {MAX_INTEGER_DIGITS} digit)"
        )
    if -exponent > MAX_DECIMAL_PLACES:
        raise NotANumberError(
            f"'{_shown(raw)}' terlalu banyak desimal (paling banyak {MAX_DECIMAL_PLACES})"
        )


def read_number(raw: object) -> Fraction:
    """Read a raw *answer* (typed in a form, carried by a file) as an exact Fraction, bounded.

    Like ``parse_exact``, but refuses text longer than ``MAX_NUMBER_TEXT`` characters and
    numbers with more than ``MAX_INTEGER_DIGITS`` integer digits or ``MAX_DECIMAL_PLACES``
    decimal places, judged on the written digits and exponent before any arithmetic. A
    fraction ("1/3") must have a numerator and denominator within the same bounds.
    """
    if isinstance(raw, str):
        text = raw.strip()
        if len(text) > MAX_NUMBER_TEXT:
            raise NotANumberError(f"'{_shown(raw)}' terlalu panjang untuk sebuah angka")
        if text and not text.isascii():
            # Decimal() reads "²" or Arabic-Indic digits as numbers; nobody types those on purpose.
            raise NotANumberError(f"'{_shown(raw)}' bukan angka")
    if isinstance(raw, int) and not isinstance(raw, bool):
        if raw.bit_length() > 4 * MAX_INTEGER_DIGITS or len(str(abs(raw))) > MAX_INTEGER_DIGITS:
            raise NotANumberError(
                f"{_shown(raw)} terlalu besar (paling banyak {MAX_INTEGER_DIGITS} digit)"
            )
        return Fraction(raw)
    if isinstance(raw, Decimal) and raw.is_finite():
        check_bounds(raw)
        return Fraction(raw)
    if isinstance(raw, str):
        text = raw.strip().replace("_", "")
        if "," in text and "." not in text and text.count(",") == 1:
            text = text.replace(",", ".")
        try:
            decimal = Decimal(text)
        except InvalidOperation:
            decimal = None
        if decimal is not None and decimal.is_finite():
            check_bounds(decimal, shown=raw)
    value = parse_exact(raw)
    limit = 10 ** (MAX_INTEGER_DIGITS + MAX_DECIMAL_PLACES)
    if abs(value.numerator) >= limit or value.denominator >= limit:
        raise NotANumberError(f"'{_shown(raw)}' di luar rentang angka yang dapat diolah")
    return value


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
