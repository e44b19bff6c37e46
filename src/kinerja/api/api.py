"""The REST API, ``/api/v1/``: django-ninja over the existing queries and rules, one module per
resource (``api/resources``), its OpenAPI 3 document at ``/api/v1/openapi.json`` and browsable
docs at ``/api/v1/docs`` (served from the app's static files). Every endpoint needs a token or a
session and answers with the web's rights; errors are RFC 9457 problem details."""

from __future__ import annotations

from django.views.decorators.http import require_GET
from ninja import NinjaAPI

from kinerja.api import problems
from kinerja.api.auth import Session, TokenAuth
from kinerja.api.resources import (
    announcements,
    cycles,
    ikm,
    innovations,
    jobs,
    participants,
    results,
    surveys,
    units,
)

api = NinjaAPI(
    title="Kinerja API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), Session()],
    docs_decorator=require_GET,
    description=(
        "Read Kinerja's regions and units, cycles, results (live for the team, the announced "
        "snapshot for everyone else), announcements and report cards, published IKM and jobs; "
        "write a kiosk's survey answers. Authenticate with `Authorization: Bearer knj_…` (a "
        "personal or service token from /api/token/); you see what you see on the web."
    ),
)
problems.install(api)
for module in (
    units,
    cycles,
    participants,
    results,
    announcements,
    ikm,
    innovations,
    surveys,
    jobs,
):
    api.add_router("", module.router)
