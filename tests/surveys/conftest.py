"""A kemantren's survey of semester I 2026, open on the test's day, opened by the organiser;
a PEKPPP cycle taking F03 from the surveys (``blended``)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.cycles import services as cycle_services
from kinerja.instruments.queries import find_version
from kinerja.instruments.services import ensure_library
from kinerja.surveys import services
from kinerja.units.models import Unit


@pytest.fixture
def skm_version(db):
    return find_version("skm")


@pytest.fixture
def survey(kemantren, organiser, skm_version):
    today = timezone.localdate()
    return services.open_survey(
        unit=kemantren,
        instrument_version=skm_version,
        year=today.year,
        period="s1",
        opens_on=today - dt.timedelta(days=10),
        closes_on=today + dt.timedelta(days=10),
        services="KTP elektronik\nKartu keluarga",
        by=organiser,
    )


def answer(survey, *answers, **extra):
    """One respondent's answers in element order (None: skipped)."""
    return services.submit_response(survey, answers=dict(enumerate(answers, start=1)), **extra)


def cycle_on(code, pemkot, organiser):
    """A cycle of two UKPD on the shipped instrument ``code``, with one team member."""
    version = {v.instrument.code: v for v, _ in ensure_library()}[code]
    units = Unit.objects.bulk_create(
        Unit(kind="ukpd", name=f"UKPD {i} {code}", region=pemkot.region, parent=pemkot)
        for i in (1, 2)
    )
    cycle = cycle_services.create_cycle(
        version=version,
        name=f"{code} 2026",
        year=2026,
        organiser_unit=pemkot,
        starts_on=dt.date(2026, 7, 1),
        by=organiser,
    )
    cycle_services.add_participants(cycle, units, by=organiser)
    evaluator = cycle_services.add_team_member(
        cycle, user=User.objects.create(username=f"evaluator-{code}"), by=organiser
    )
    return cycle, list(cycle.participants.order_by("unit__name")), evaluator


@pytest.fixture
def blended(db, pemkot, organiser):
    return cycle_on("pekppp-skm", pemkot, organiser)
