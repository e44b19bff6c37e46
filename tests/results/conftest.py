import datetime as dt

import pytest

from kinerja.accounts.models import User
from kinerja.cycles import services as cycle_services
from kinerja.instruments.services import ensure_library
from kinerja.reviews.models import Review
from kinerja.units.models import Unit


@pytest.fixture
def pekppp_cycle(db, pemkot, organiser):
    version = {v.instrument.code: v for v, _ in ensure_library()}["pekppp"]
    units = Unit.objects.bulk_create(
        Unit(kind="ukpd", name=f"UKPD {i}", region=pemkot.region, parent=pemkot) for i in range(4)
    )
    cycle = cycle_services.create_cycle(
        version=version,
        name="PEKPPP 2025",
        year=2025,
        organiser_unit=pemkot,
        starts_on=dt.date(2025, 7, 1),
        by=organiser,
    )
    cycle_services.add_participants(cycle, units, by=organiser)
    team = [
        cycle_services.add_team_member(
            cycle, user=User.objects.create(username=f"e{i}"), by=organiser
        )
        for i in range(3)
    ]
    return cycle, list(cycle.participants.order_by("unit__name")), team


def put(participant, evaluator, ref, value):
    Review.objects.update_or_create(
        evaluator=evaluator,
        participant=participant,
        indicator_ref=ref,
        round="",
        defaults={"component": "f02", "value": value},
    )


def all_refs(cycle):
    return [i.ref for i in cycle.instrument_version.definition.iter_indicators("f02")]
