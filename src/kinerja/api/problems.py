"""Error bodies as RFC 9457 problem details (``application/problem+json``), the same shape for
every refusal: 401 without a valid token, 404 for what the caller may not see (never 403), 422
for a request that does not fit, 429 when a token sends too much."""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from kinerja.results.integrity import SnapshotAltered

PROBLEM_TYPE = "application/problem+json"


def problem(status: int, title: str, detail: str = "", **extra) -> JsonResponse:
    body = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    return JsonResponse(body, status=status, content_type=PROBLEM_TYPE)


def install(api) -> None:
    @api.exception_handler(Http404)
    def not_found(request, exc):
        return problem(404, "Not Found", _("There is nothing here you may see."))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        response = problem(401, "Unauthorized", _("Send a valid API token: Bearer knj_…"))
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(NinjaValidationError)
    def invalid(request, exc):
        return problem(
            422, "Unprocessable Content", _("The request does not fit."), errors=exc.errors
        )

    @api.exception_handler(SnapshotAltered)
    def altered(request, exc):
        return problem(
            409,
            "Conflict",
            _(
                "The frozen record of these results (version %(version)s) no longer matches "
                "its fingerprint, so it is not served. The organiser has been told."
            )
            % {"version": exc.determination.version},
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return problem(exc.status_code, str(exc))
