"""Reads run in autocommit, each writing request in one transaction (common/transactions.py).

These tests need real transactions (``transaction=True``): inside the usual test transaction
every query would look atomic.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test import Client
from django.utils import timezone
from django.utils.module_loading import import_string

from kinerja.units.models import Region

pytestmark = pytest.mark.django_db(transaction=True)


class Recorder:
    """Records each query's first word and whether it ran inside an atomic block."""

    def __init__(self):
        self.queries: list[tuple[str, bool]] = []

    def __call__(self, execute, sql, params, many, context):
        self.queries.append((sql.split()[0].upper(), connection.in_atomic_block))
        return execute(sql, params, many, context)


def test_healthz_runs_its_query_outside_any_transaction(client):
    recorder = Recorder()

    with connection.execute_wrapper(recorder):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert recorder.queries == [("SELECT", False)]


def test_healthz_answers_while_another_connection_holds_the_write_lock(client):
    holder = connections.create_connection("default")
    holder.set_autocommit(False)
    with holder.cursor() as cursor:
        cursor.execute(
            "INSERT INTO django_session (session_key, session_data, expire_date) "
            "VALUES (%s, %s, %s)",
            ["held-by-another-connection", "", timezone.now() + dt.timedelta(hours=1)],
        )

    try:
        response = client.get("/healthz")
    finally:
        holder.rollback()
        holder.close()

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.urls("tests.common.transaction_urls")
def test_post_runs_its_view_in_one_transaction_and_commits(client):
    recorder = Recorder()

    with connection.execute_wrapper(recorder):
        response = client.post("/write/")

    assert response.status_code == 204
    inserts = [atomic for first_word, atomic in recorder.queries if first_word == "INSERT"]
    assert inserts == [True, True]
    assert sorted(Region.objects.values_list("code", flat=True)) == ["90", "91"]


@pytest.mark.urls("tests.common.transaction_urls")
def test_failing_post_rolls_back_everything_it_wrote():
    client = Client(raise_request_exception=False)

    response = client.post("/write-then-fail/")

    assert response.status_code == 500
    assert Region.objects.count() == 0


@pytest.mark.urls("tests.common.transaction_urls")
def test_get_that_writes_commits_each_write_outside_a_transaction(client):
    recorder = Recorder()

    with connection.execute_wrapper(recorder):
        response = client.get("/write/")

    assert response.status_code == 204
    inserts = [atomic for first_word, atomic in recorder.queries if first_word == "INSERT"]
    assert inserts == [False, False]
    assert Region.objects.count() == 2


def test_write_transaction_wraps_the_view_after_csrf_and_every_other_view_hook():
    names = list(settings.MIDDLEWARE)
    position = names.index("kinerja.common.transactions.WriteTransactionMiddleware")
    later_view_hooks = [
        name for name in names[position + 1 :] if hasattr(import_string(name), "process_view")
    ]

    assert names.index("django.middleware.csrf.CsrfViewMiddleware") < position
    assert later_view_hooks == []
