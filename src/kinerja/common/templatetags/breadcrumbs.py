"""The one breadcrumb trail: ``{% breadcrumbs %}`` with one ``{% crumb %}`` per step, rendered
by ``common/_breadcrumbs.html``::

    {% load breadcrumbs %}
    {% breadcrumbs %}
      {% crumb _("Cycles") "cycles:list" %}
      {% crumb cycle.name "cycles:detail" cycle.pk %}
      {% crumb _("Ranking") %}
    {% endbreadcrumbs %}

A crumb with a URL name (and its arguments, as ``{% url %}`` takes them) is a link; one without
is the current page, unless marked ``current=False`` (a step with no page of its own, like the
unit between a cycle and its appeals). Steps may sit inside ``{% if %}`` and ``{% for %}``.
``{% breadcrumbs nav_class="d-print-none" list_class="small" %}`` adds classes to the ``<nav>``
and the list. A view may also build the trail itself and include the partial with ``crumbs``, a
list of ``Crumb``.
"""

from __future__ import annotations

from typing import NamedTuple

from django import template
from django.urls import reverse

register = template.Library()

TEMPLATE = "common/_breadcrumbs.html"
# Where {% crumb %} finds the trail being built by the enclosing {% breadcrumbs %}.
TRAIL = "breadcrumbs_trail"


class Crumb(NamedTuple):
    label: str
    url: str = ""  # empty: the current page
    current: bool = True  # without a URL: False for a plain step that is not the current page


class BreadcrumbsNode(template.Node):
    def __init__(self, nodelist: template.NodeList, options: dict):
        self.nodelist = nodelist
        self.options = options

    def render(self, context) -> str:
        crumbs: list[Crumb] = []
        with context.push({TRAIL: crumbs}):
            self.nodelist.render(context)  # the crumbs' own output is only whitespace
        options = {name: value.resolve(context) for name, value in self.options.items()}
        partial = context.template.engine.get_template(TEMPLATE)
        return partial.render(context.new({"crumbs": crumbs, **options}))


@register.tag
def breadcrumbs(parser, token):
    """``{% breadcrumbs [nav_class=...] [list_class=...] %}…{% endbreadcrumbs %}``."""
    bits = token.split_contents()[1:]
    options = template.base.token_kwargs(bits, parser)
    if bits or set(options) - {"nav_class", "list_class"}:
        raise template.TemplateSyntaxError(
            "{% breadcrumbs %} takes only nav_class= and list_class="
        )
    nodelist = parser.parse(("endbreadcrumbs",))
    parser.delete_first_token()
    return BreadcrumbsNode(nodelist, options)


@register.simple_tag(takes_context=True)
def crumb(context, label, url_name: str = "", *args, current: bool = True) -> str:
    """One step of the enclosing ``{% breadcrumbs %}``: a link to ``url_name`` (reversed with
    ``args``), or the current page when no URL name is given (plain text with
    ``current=False``)."""
    trail = context.get(TRAIL)
    if trail is None:
        raise template.TemplateSyntaxError("{% crumb %} belongs inside {% breadcrumbs %}")
    trail.append(Crumb(label, reverse(url_name, args=args) if url_name else "", current))
    return ""
