"""The one breadcrumb component: ``{% breadcrumbs %}`` with its ``{% crumb %}`` steps."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.template import Context, Template, TemplateSyntaxError
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import translation

from kinerja.common.templatetags.breadcrumbs import Crumb

# The trails link to these (this module is the URL conf of its tests).
urlpatterns = [
    path("", lambda request: HttpResponse(), name="home"),
    path("wilayah/<str:code>/", lambda request, code: HttpResponse(), name="region"),
]
pytestmark = pytest.mark.urls(__name__)


def render(text: str, **context) -> str:
    return Template("{% load breadcrumbs %}" + text).render(Context(context))


def items(html: str) -> list[str]:
    return [line.strip() for line in html.splitlines() if "<li" in line]


def test_trail_links_every_step_but_the_current_page():
    html = render(
        "{% breadcrumbs %}"
        '{% crumb "Instruments" "home" %}'
        '{% crumb name "region" code %}'
        '{% crumb "Compare" %}'
        "{% endbreadcrumbs %}",
        name="EKK <2025>",
        code="ekk-yogyakarta",
    )

    assert html.startswith('<nav aria-label="breadcrumb"><ol class="breadcrumb">')
    assert items(html) == [
        f'<li class="breadcrumb-item"><a href="{reverse("home")}">Instruments</a></li>',
        '<li class="breadcrumb-item"><a href="'
        + reverse("region", args=["ekk-yogyakarta"])
        + '">EKK &lt;2025&gt;</a></li>',
        '<li class="breadcrumb-item active" aria-current="page">Compare</li>',
    ]
    assert html.rstrip().endswith("</ol></nav>")


def test_steps_may_be_conditional_and_repeated():
    html = render(
        "{% breadcrumbs %}"
        '{% crumb "Units" "home" %}'
        '{% for code in codes %}{% crumb code "region" code %}{% endfor %}'
        '{% if shown %}{% crumb "Hidden" "home" %}{% endif %}'
        '{% crumb "Here" %}'
        "{% endbreadcrumbs %}",
        codes=["34", "34.71"],
        shown=False,
    )

    assert items(html) == [
        f'<li class="breadcrumb-item"><a href="{reverse("home")}">Units</a></li>',
        f'<li class="breadcrumb-item"><a href="{reverse("region", args=["34"])}">34</a></li>',
        f'<li class="breadcrumb-item"><a href="{reverse("region", args=["34.71"])}">34.71</a></li>',
        '<li class="breadcrumb-item active" aria-current="page">Here</li>',
    ]


def test_step_marked_not_current_is_plain_text():
    html = render(
        "{% breadcrumbs %}"
        '{% crumb "Units" "home" %}'
        '{% crumb "Kota Yogyakarta" current=False %}'
        '{% crumb "Appeals" %}'
        "{% endbreadcrumbs %}"
    )

    assert items(html) == [
        f'<li class="breadcrumb-item"><a href="{reverse("home")}">Units</a></li>',
        '<li class="breadcrumb-item">Kota Yogyakarta</li>',
        '<li class="breadcrumb-item active" aria-current="page">Appeals</li>',
    ]


def test_labels_are_translated():
    with translation.override("id"):
        html = render('{% breadcrumbs %}{% crumb _("Cycles") "home" %}{% endbreadcrumbs %}')

    assert f'<a href="{reverse("home")}">Evaluasi</a>' in html


def test_nav_and_list_take_extra_classes():
    html = render(
        '{% breadcrumbs nav_class="d-print-none" list_class="small" %}'
        '{% crumb "Here" %}{% endbreadcrumbs %}'
    )

    assert html.startswith(
        '<nav aria-label="breadcrumb" class="d-print-none"><ol class="breadcrumb small">'
    )


def test_crumb_outside_a_trail_is_refused():
    with pytest.raises(TemplateSyntaxError):
        render('{% crumb "Lost" %}')


def test_unknown_option_is_refused():
    with pytest.raises(TemplateSyntaxError):
        render('{% breadcrumbs colour="red" %}{% endbreadcrumbs %}')


def test_partial_renders_a_trail_built_in_a_view():
    html = render_to_string(
        "common/_breadcrumbs.html", {"crumbs": [Crumb("Cycles", "/siklus/"), Crumb("EKK 2025")]}
    )

    assert items(html) == [
        '<li class="breadcrumb-item"><a href="/siklus/">Cycles</a></li>',
        '<li class="breadcrumb-item active" aria-current="page">EKK 2025</li>',
    ]
