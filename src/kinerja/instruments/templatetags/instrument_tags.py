from django import template

from kinerja.instruments.enums import LABELS

register = template.Library()


@register.filter
def code_label(value, kind):
    """The translated label of an instrument code (``"mean"|code_label:"aggregation"``)."""
    return LABELS.get(kind, {}).get(value, value)
