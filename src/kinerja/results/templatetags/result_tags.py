from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django import template

register = template.Library()


@register.filter
def item(mapping, key):
    """``row.components|item:code`` — a dict lookup by a variable key."""
    if not isinstance(mapping, dict):
        return None
    return mapping.get(key)


@register.filter
def exact(text):
    """An exact fraction as stored (``"171/2"``) as a Decimal of two places, half up, for
    ``|floatformat:2`` to show in the active language ("85,50"); "" when there is none."""
    if not text:
        return ""
    value = Fraction(text)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
