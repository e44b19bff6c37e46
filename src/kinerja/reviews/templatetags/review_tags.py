from django import template

from kinerja.common.numbers import local_number

register = template.Library()


@register.filter
def raw_text(value) -> str:
    """A stored raw answer as people read it, numbers in the active language: ``3``, ``Y``,
    ``12,5``, ``90 / 100``."""
    if value is None:
        return "—"
    if isinstance(value, dict):
        return f"{local_number(value.get('actual', ''))} / {local_number(value.get('target', ''))}"
    return local_number(value)


@register.filter
def same_value(left, right) -> bool:
    """Compare a stored or typed answer with a level value or option key, as text."""
    if left is None or left == "":
        return False
    return str(left) == str(right)
