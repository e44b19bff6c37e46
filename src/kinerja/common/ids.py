"""Reading an object id from a query string or a posted value, never trusting its text.

``"²".isdigit()`` is true but ``int("²")`` fails; a 5,000-digit id fails ``int()`` in Python 3.11
and a 20-digit one overflows the database's integer. Both were 500s; an id we cannot read is no id.
"""

from __future__ import annotations

__all__ = ["MAX_ID_DIGITS", "parse_id"]

# Primary keys are 64-bit signed integers (BigAutoField): at most 19 digits, 18 always fit.
MAX_ID_DIGITS = 18


def parse_id(text: object) -> int | None:
    """The positive integer ``text`` spells in ASCII digits, or None for anything else."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if not (0 < len(text) <= MAX_ID_DIGITS and text.isascii() and text.isdigit()):
        return None
    return int(text)
