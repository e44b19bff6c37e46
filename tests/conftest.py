"""Shared personas and helpers (STYLE.md: the same cast in every permission test)."""

from __future__ import annotations

import pytest

from kinerja.accounts.services import create_user
from kinerja.instruments.services import ensure_library
from kinerja.tenancy.services import seat_organiser
from kinerja.units.enums import RegionKind, UnitKind
from kinerja.units.models import Region, Unit

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The shipped instrument library, imported once into each test database (each xdist
    worker's). Every test's transaction starts from it, so a fixture's ``ensure_library()``
    finds the ten versions unchanged in one query instead of importing ten files again.
    A transactional test (the browser tests) empties the database when it ends; those run
    last, and an ``ensure_library()`` after them imports the library again."""
    with django_db_blocker.unblock():
        ensure_library()


@pytest.fixture
def make_user(db):
    def make(username: str, *, organiser_of: Unit | None = None, **extra):
        user = create_user(username=username, password=PASSWORD, **extra)
        if organiser_of is not None:
            seat_organiser(user, organiser_of, by=None)
        return user

    return make


@pytest.fixture
def organiser(make_user, pemkot):
    """Organises for the Pemerintah Kota Yogyakarta, and so for every body under it."""
    return make_user("organiser", organiser_of=pemkot, full_name="Penyelenggara Uji")


@pytest.fixture
def plain_user(make_user):
    return make_user("operator_a", full_name="Operator A")


@pytest.fixture
def region_jogja(db):
    province = Region.objects.create(code="34", name="Provinsi DIY", kind=RegionKind.PROVINSI)
    return Region.objects.create(
        code="34.71", name="Kota Yogyakarta", kind=RegionKind.KOTA, parent=province
    )


@pytest.fixture
def pemkot(region_jogja):
    return Unit.objects.create(
        kind=UnitKind.PEMDA, name="Pemerintah Kota Yogyakarta", region=region_jogja
    )


@pytest.fixture
def kemantren(pemkot):
    return Unit.objects.create(
        kind=UnitKind.KEMANTREN,
        name="Kemantren Mantrijeron",
        short_name="Mantrijeron",
        code="34.71.01",
        region=pemkot.region,
        parent=pemkot,
    )


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"kinerja database: {engine}"
