from django import template

register = template.Library()


@register.filter
def raw_text(value) -> str:
    """A stored raw answer as people read it: ``3``, ``Y``, ``12.5``, ``90 / 100``."""
    if value is None:
        return "—"
    if isinstance(value, dict):
        return f"{value.get('actual', '')} / {value.get('target', '')}"
    return str(value)


@register.filter
def same_value(left, right) -> bool:
    """Compare a stored or typed answer with a level value or option key, as text."""
    if left is None or left == "":
        return False
    return str(left) == str(right)
