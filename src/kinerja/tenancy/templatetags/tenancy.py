"""``{% if request.user|organises:cycle %}``: the organiser check of ``tenancy.rules`` in a
template (``perms`` cannot take an object)."""

from django import template

from kinerja.tenancy.rules import is_cycle_organiser

register = template.Library()


@register.filter
def organises(user, obj) -> bool:
    return bool(user is not None and is_cycle_organiser.test(user, obj))
