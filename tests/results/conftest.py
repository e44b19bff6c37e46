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


DESK = {"ADM1": 30, "ADM2": 45, "ADM3": 20, "ADM4": 30, "ADM5": 50, "ADM6": 20, "ADM7": 15}
TALK = {"PPR1": 20, "PPR2": 35, "PPR3": 20, "PPR4": 30, "PPR5": 45, "PPR6": 20, "PPR7": 15}
FIELD = {"LAP1": 60, "LAP2": 55, "LAP3": 40, "LAP4": 40, "LAP5": 29, "LAP6": 15}


@pytest.fixture
def skk_cycle(db, pemkot, organiser):
    version = {(v.instrument.code, v.version): v for v, _ in ensure_library()}[
        ("skk-jatim", "2023.1")
    ]
    units = Unit.objects.bulk_create(
        Unit(kind="kecamatan", name=f"Kecamatan {c}", region=pemkot.region, parent=pemkot)
        for c in "ABCDEFGHIJ"
    )
    cycle = cycle_services.create_cycle(
        version=version,
        name="SKK Jatim 2023",
        year=2023,
        organiser_unit=pemkot,
        starts_on=dt.date(2023, 8, 1),
        by=organiser,
    )
    cycle_services.add_participants(cycle, units, by=organiser)
    juror = cycle_services.add_team_member(
        cycle, user=User.objects.create(username="juri"), by=organiser
    )
    participants = {p.unit.name[-1]: p for p in cycle.participants.select_related("unit")}
    reviews = []
    for drop, (key, participant) in enumerate(sorted(participants.items())):
        scores = dict(DESK, ADM5=50 - drop) | TALK
        if key in "ABCDEFGH":  # H was 8th after Tahap II, yet has field points
            scores |= dict(FIELD, LAP1=0, LAP2=0) if key in "FG" else FIELD
        for ref, value in scores.items():
            component = {"A": "administrasi", "P": "paparan", "L": "lapangan"}[ref[0]]
            reviews.append(
                Review(
                    evaluator=juror,
                    participant=participant,
                    indicator_ref=ref,
                    component=component,
                    round="",
                    value=value,
                )
            )
    Review.objects.bulk_create(reviews)
    return cycle, participants


@pytest.fixture
def kovablik_cycle(db, pemkot, organiser):
    """KOVABLIK-style: A failed the administrative check but has the best desk score, B is
    below the desk pass mark 85, C and D pass both (C better in the presentation)."""
    version = {v.instrument.code: v for v, _ in ensure_library()}["inovasi"]
    units = Unit.objects.bulk_create(
        Unit(kind="dinas", name=f"Dinas {c}", region=pemkot.region, parent=pemkot) for c in "ABCD"
    )
    cycle = cycle_services.create_cycle(
        version=version,
        name="KOVABLIK 2023",
        year=2023,
        organiser_unit=pemkot,
        starts_on=dt.date(2023, 5, 1),
        by=organiser,
    )
    cycle_services.add_participants(cycle, units, by=organiser)
    juror = cycle_services.add_team_member(
        cycle, user=User.objects.create(username="panel"), by=organiser
    )
    participants = {p.unit.name[-1]: p for p in cycle.participants.select_related("unit")}
    plan = {
        "A": ("T", 99, 95),
        "B": ("Y", 84, 99),
        "C": ("Y", 88, 90),
        "D": ("Y", 90, 60),
    }
    reviews = []
    for key, (adm1, desk, talk) in plan.items():
        scores = {"ADM1": adm1, "ADM2": "Y", "ADM3": "Y", "ADM4": "Y"}
        scores |= {f"SUB{n}": desk for n in range(1, 9)} | {f"PRS{n}": talk for n in (1, 2, 3)}
        for ref, value in scores.items():
            component = {"A": "administrasi", "S": "substansi", "P": "presentasi"}[ref[0]]
            reviews.append(
                Review(
                    evaluator=juror,
                    participant=participants[key],
                    indicator_ref=ref,
                    component=component,
                    round="",
                    value=value,
                )
            )
    Review.objects.bulk_create(reviews)
    return cycle, participants
