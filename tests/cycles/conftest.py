import datetime as dt

import pytest

from kinerja.accounts.services import create_user
from kinerja.cycles import services
from kinerja.cycles.enums import MemberRole
from kinerja.cycles.models import ParticipantMember
from kinerja.instruments.services import ensure_library
from kinerja.units.models import Unit

from ..conftest import PASSWORD


@pytest.fixture
def ekk_version(db):
    return {v.instrument.code: v for v, _ in ensure_library()}["ekk-yogyakarta"]


@pytest.fixture
def yogya_units(pemkot):
    units = {
        "tapem": Unit.objects.create(
            kind="bagian",
            name="Bagian Tata Pemerintahan",
            short_name="Tapem",
            region=pemkot.region,
            parent=pemkot,
        ),
        "dinkes": Unit.objects.create(
            kind="dinas",
            name="Dinas Kesehatan",
            short_name="Dinkes",
            region=pemkot.region,
            parent=pemkot,
        ),
    }
    for code, name in (
        ("34.71.01", "Mantrijeron"),
        ("34.71.02", "Kraton"),
        ("34.71.05", "Kotagede"),
    ):
        units[name.lower()] = Unit.objects.create(
            kind="kemantren",
            name=f"Kemantren {name}",
            short_name=name,
            code=code,
            region=pemkot.region,
            parent=pemkot,
        )
    return units


@pytest.fixture
def cycle(ekk_version, yogya_units, organiser):
    # The F01 stage (2nd, after a 7-day socialisation) runs from 8 Sept 2025 for its length.
    cycle = services.create_cycle(
        version=ekk_version,
        name="EKK 2025",
        year=2025,
        organiser_unit=yogya_units["tapem"],
        starts_on=dt.date(2025, 9, 1),
        by=organiser,
    )
    services.add_participants(
        cycle,
        [yogya_units["mantrijeron"], yogya_units["kraton"], yogya_units["kotagede"]],
        by=organiser,
    )
    return cycle


@pytest.fixture
def people(cycle, yogya_units, organiser):
    """The shared cast: two operators of different units, a head, an assigned evaluator, an
    unassigned evaluator, the organiser."""
    mantrijeron = cycle.participants.get(unit=yogya_units["mantrijeron"])
    kraton = cycle.participants.get(unit=yogya_units["kraton"])
    cast = {"organiser": organiser}
    for name, participant, role in (
        ("operator_a", mantrijeron, MemberRole.OPERATOR),
        ("head_a", mantrijeron, MemberRole.HEAD),
        ("operator_b", kraton, MemberRole.OPERATOR),
    ):
        cast[name] = create_user(username=name, password=PASSWORD)
        ParticipantMember.objects.create(participant=participant, user=cast[name], role=role)
    cast["evaluator"] = create_user(username="evaluator", password=PASSWORD)
    cast["outsider"] = create_user(username="outsider", password=PASSWORD)
    assigned = services.add_team_member(
        cycle, user=cast["evaluator"], agency=yogya_units["dinkes"], by=organiser
    )
    services.add_team_member(
        cycle, user=cast["outsider"], agency=yogya_units["tapem"], by=organiser
    )
    services.assign(cycle, evaluator=assigned, participant=mantrijeron, by=organiser)
    cast["participant_a"] = mantrijeron
    cast["participant_b"] = kraton
    return cast
