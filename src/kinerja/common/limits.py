"""Refuse an oversized request body before anything reads it (answer 413).

Django reads a body only when a view or middleware asks (CSRF reads ``request.POST``), and then
streams file parts to temporary files without a size cap: a 300 MB body from an anonymous client
was read in full. This middleware looks only at ``CONTENT_LENGTH``, first in the chain:

- ``multipart/form-data`` (the forms that upload a file: evidence, photos, instrument and import
  files) may carry ``KINERJA_UPLOAD_MAX_BYTES`` plus ``FORM_OVERHEAD_BYTES`` for the other fields;
- every other body may carry ``DATA_UPLOAD_MAX_MEMORY_SIZE``.

A body without a length (chunked) is never read past its declared length by Django's WSGI
handler, so it cannot grow either. The reverse proxy should refuse earlier still
(``client_max_body_size`` in nginx; README.md "Deployment").

A NUL character in a query or form value is refused as well (400): nobody types one, and
PostgreSQL refuses to store it, which would otherwise surface as a 500 in whichever form it
reached first. (Uploaded files are not form values; their bytes are theirs.)
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

__all__ = ["FORM_OVERHEAD_BYTES", "RequestSizeLimitMiddleware", "body_limit", "has_nul"]

FORM_OVERHEAD_BYTES = 1024 * 1024


def body_limit(content_type: str) -> int:
    """The largest body, in bytes, a request of ``content_type`` may declare."""
    if content_type.split(";", 1)[0].strip().lower() == "multipart/form-data":
        return int(settings.KINERJA_UPLOAD_MAX_BYTES) + FORM_OVERHEAD_BYTES
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0) + FORM_OVERHEAD_BYTES


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        declared = request.META.get("CONTENT_LENGTH") or "0"
        if not (declared.isascii() and declared.isdigit() and len(declared) <= 18):
            return refusal(request, 400, _("The request declares an invalid length."))
        limit = body_limit(request.META.get("CONTENT_TYPE", ""))
        if int(declared) > limit:
            return refusal(
                request,
                413,
                _("The request is too large (at most %(size)s MB).")
                % {"size": limit // (1024 * 1024)},
            )
        # The REST API reads its bodies as JSON against its schemas (which refuse NUL); reading
        # request.POST here would consume a form-encoded body the API then cannot read.
        form_body = request.method == "POST" and not request.path.startswith("/api/")
        if has_nul(request.GET) or (form_body and has_nul(request.POST)):
            return refusal(
                request, 400, _("The request contains a NUL character, which no field accepts.")
            )
        return self.get_response(request)


TITLES = {400: "Bad Request", 413: "Content Too Large"}


def refusal(request, status: int, text: str) -> HttpResponse:
    """The refusal as plain text, or as RFC 9457 problem details for the REST API (/api/)."""
    if request.path.startswith("/api/"):
        body = {"type": "about:blank", "title": TITLES[status], "status": status, "detail": text}
        return JsonResponse(body, status=status, content_type="application/problem+json")
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


def has_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in data.lists())
