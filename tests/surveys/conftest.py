"""A kemantren's survey of semester I 2026, open on the test's day, opened by the organiser."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kinerja.instruments.queries import find_version
from kinerja.surveys import services


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
