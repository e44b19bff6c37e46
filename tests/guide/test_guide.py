"""The user guide: a page per role, linked from every page, every picture it names present
(made by ``make guide``), and the whole guide as one PDF."""

import io
import re

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import get_template
from django.urls import reverse
from pypdf import PdfReader

from kinerja.guide.pages import PAGES

FIGURE = re.compile(r'"guide/_figure.html" with name="([a-z0-9-]+)"')


def _figures(page) -> list[str]:
    return FIGURE.findall(get_template(page.template).template.source)


def test_every_role_has_a_page_with_pictures():
    assert [p.slug for p in PAGES] == [
        "penyelenggara",
        "operator-unit",
        "kepala-unit",
        "penilai",
        "ketua-tim",
        "survei",
        "masyarakat",
    ]
    for page in PAGES:
        names = _figures(page)
        assert page.slug == "kepala-unit" or len(names) >= 1, page.slug
        for name in names:
            assert finders.find(f"guide/img/{name}.png"), f"run make guide: {name}.png is missing"


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.slug)
def test_guide_pages_are_public_and_show_their_pictures(client, page):
    response = client.get(reverse("guide:page", kwargs={"slug": page.slug}))

    body = response.content.decode()
    assert response.status_code == 200
    assert f'<h1 class="h3">{page.title}</h1>' in body
    for name in _figures(page):
        assert f"guide/img/{name}.png" in body


@pytest.mark.django_db
def test_guide_is_linked_from_every_page_and_unknown_pages_are_404(client):
    home = client.get(reverse("common:home")).content.decode()

    assert f'href="{reverse("guide:index")}" data-testid="guide-link"' in home
    assert client.get(reverse("guide:page", kwargs={"slug": "tidak-ada"})).status_code == 404


@pytest.mark.django_db
def test_guide_pdf_has_a_page_per_role_with_its_pictures(client):
    response = client.get(reverse("guide:pdf"))

    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(p.extract_text() for p in reader.pages)
    for page in PAGES:
        assert page.title in text
    images = sum(len(p.images) for p in reader.pages)
    # Every screenshot is drawn (WeasyPrint may cut one picture into several image objects).
    assert images >= sum(len(_figures(p)) for p in PAGES)
    assert len(reader.pages) >= len(PAGES) + 1
