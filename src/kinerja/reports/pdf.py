"""PDF documents (berita acara, report cards, certificates, rankings) from HTML templates.

WeasyPrint renders the same templates and SVG charts the web pages use. Nothing is fetched from
the network: stylesheets and images under STATIC_URL are read from the app's own static files,
``data:`` URIs are allowed, and every other URL is refused.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

PDF_CONTENT_TYPE = "application/pdf"


class ExternalResourceRefused(ValueError):
    """A document tried to load something that is not one of the app's own static files."""


def _static_path(url: str) -> str | None:
    # PDF templates write ``static:reports/pdf.css``: found through the finders, so it works
    # before collectstatic and with hashed (manifest) static names alike.
    for prefix in (f"static:{settings.STATIC_URL}", "static:/", "static:", settings.STATIC_URL):
        if url.startswith(prefix):
            return url[len(prefix) :].split("?", 1)[0].split("#", 1)[0]
    return None


def local_url_fetcher(url: str) -> dict[str, Any]:
    """``/static/…`` (or ``static:…``) from the app's own static files; anything else refused."""
    relative = _static_path(url)
    if relative is None:
        raise ExternalResourceRefused(f"external resource refused: {url!r}")
    path = finders.find(relative)
    if not path:
        raise ExternalResourceRefused(f"no static file {relative!r}")
    mime, _ = mimetypes.guess_type(path)
    return {"string": Path(path).read_bytes(), "mime_type": mime or "application/octet-stream"}


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalFetcher(URLFetcher):
        """WeasyPrint's fetcher limited to ``data:`` URIs and our static files."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            found = local_url_fetcher(url)
            return URLFetcherResponse(url, found["string"], {"Content-Type": found["mime_type"]})

    return LocalFetcher(allowed_protocols={"data", "static"})


def html_to_pdf(html: str) -> bytes:
    """Render an HTML string (with /static/ references) to PDF bytes, offline."""
    from weasyprint import HTML

    return HTML(string=html, base_url="static:/", url_fetcher=_fetcher()).write_pdf()


def render_pdf(template_name: str, context: dict[str, Any], *, request=None) -> bytes:
    """Render a Django template to PDF bytes (templates extend ``reports/base_pdf.html``)."""
    return html_to_pdf(render_to_string(template_name, context, request=request))
