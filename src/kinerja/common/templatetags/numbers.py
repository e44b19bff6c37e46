"""``{{ row.display|num }}``: a number in the active language's format (common/numbers.py)."""

from django import template

from kinerja.common.numbers import local_number

register = template.Library()


@register.filter
def num(value, decimals=None):
    """``"85.70"|num`` → "85,70" in Indonesian; ``value|num:2`` rounds to two places."""
    return local_number(value, None if decimals in (None, "") else int(decimals))
