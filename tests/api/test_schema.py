"""The API against its own OpenAPI document (schemathesis): generated requests to every
operation, with a valid token and with a wrong one; never a server error, every answer one the
document describes, in the shape it describes."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import content_type_conformance, positive_data_acceptance

from kinerja.api.services import create_token


@pytest.fixture
def api_schema(db):
    """The document loaded through the real WSGI application. As Django's test client does, the
    handler's per-request connection clean-up is off for the test: it would close the
    connection that holds the test's transaction (PostgreSQL)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def bearer(organiser, pekppp_cycle):
    """A valid token of the organiser of a PEKPPP cycle."""
    return create_token(by=organiser, name="Uji skema", scope="read")[1]


FUZZ = settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
# Errors are application/problem+json (RFC 9457): JSON, in the shape the document gives them.
# A cursor is opaque: a made-up one is refused (422, as documented), not "valid data rejected".
CHECKS = {"excluded_checks": [content_type_conformance, positive_data_acceptance]}


@schema.parametrize()
@FUZZ
def test_the_api_answers_as_its_document_says_with_a_token(case, bearer):
    case.call_and_validate(headers={"Authorization": f"Bearer {bearer}"}, **CHECKS)


@schema.parametrize()
@FUZZ
def test_the_api_answers_as_its_document_says_with_a_wrong_token(case, db):
    case.call_and_validate(headers={"Authorization": "Bearer knj_wrong"}, **CHECKS)
