from django import template

register = template.Library()


@register.filter
def item(mapping, key):
    """``row.components|item:code`` — a dict lookup by a variable key."""
    if not isinstance(mapping, dict):
        return None
    return mapping.get(key)
