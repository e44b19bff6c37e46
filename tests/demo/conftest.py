"""The demo world, loaded once for the tests of this package.

Loading it replays whole cycles through the services (EKK 2024 alone records some 1,500
reviews), so each test asks for ``demo_world`` instead of loading its own: it is loaded twice
(the second load must change nothing) inside one transaction that is rolled back when the
package's tests are done. Every test still runs in its own savepoint (``django_db``).

Each test module here says ``pytestmark = DEMO_WORLD``: under xdist (``--dist loadgroup``) they
all run on one worker, which loads the world once per database instead of once per worker.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import connection, transaction

from kinerja.demo.world import DemoLogin, load_demo_world

DEMO_WORLD = [pytest.mark.django_db, pytest.mark.xdist_group("demo-world")]


@dataclass(frozen=True)
class LoadedWorld:
    logins: list[DemoLogin]
    counts_first: dict[str, int]
    counts_second: dict[str, int]


def analyze() -> None:
    """Let PostgreSQL's planner see the rows this (uncommitted) transaction loaded: without
    statistics it takes the tables for empty and joins the 7,800 regions by nested seq scans
    (the permission matrix then took 20 minutes instead of two). ANALYZE inside a transaction
    samples the transaction's own rows."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def world_counts() -> dict[str, int]:
    """Row counts of every model holding rows (sessions and login attempts aside)."""
    from django.apps import apps

    counts = {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label not in {"sessions", "contenttypes", "axes"}
    }
    return {label: count for label, count in counts.items() if count}


@pytest.fixture(scope="package")
def demo_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        logins = load_demo_world()
        first = world_counts()
        load_demo_world()
        analyze()
        yield LoadedWorld(logins=logins, counts_first=first, counts_second=world_counts())
        transaction.set_rollback(True)
