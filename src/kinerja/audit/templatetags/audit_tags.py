"""``{% readable_events events as rows %}``: audit events in words (audit/readable.py)."""

from django import template

from kinerja.audit.readable import readable

register = template.Library()


@register.simple_tag
def readable_events(events):
    return readable(events)
