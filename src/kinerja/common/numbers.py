"""Numbers as people read them in the active language: "85,70" and "1.234,5" in Indonesian,
"85.70" and "1,234.5" in English.

The scoring engine writes its rounded values as plain text with a decimal point ("85.70"), so
that they are stable in snapshots and hashes; pages, PDFs and messages show them through
``local_number`` (the ``|num`` filter in templates), which keeps the written decimals.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from django.utils import formats


def local_number(value, decimals: int | None = None) -> str:
    """``value`` (text like "85.70", a Decimal, int, float or Fraction) in the active language's
    format, with its own number of decimals (or ``decimals``); anything that is not a number
    ("—", "A", "") comes back unchanged as text."""
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    number = _as_decimal(value)
    if number is None:
        return str(value)
    if decimals is None:
        exponent = number.as_tuple().exponent
        decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    else:
        # Django's number_format cuts digits off; a value shown rounded is rounded half-up.
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return formats.number_format(number, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def _as_decimal(value) -> Decimal | None:
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    text = str(value).strip()
    if not text or not (text[0].isdigit() or (text[0] in "+-" and text[1:2].isdigit())):
        return None
    if not all(ch.isdigit() or ch in "+-." for ch in text) or not text.isascii():
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None
