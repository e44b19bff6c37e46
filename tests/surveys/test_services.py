"""Opening a survey, taking answers through the limits, excluding suspicious answers (audited,
never deleted) and publishing: who may, and what is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kinerja.audit.models import AuditEvent
from kinerja.surveys import services
from kinerja.surveys.enums import DEVICE_LIMIT
from kinerja.surveys.ikm import ikm_of
from kinerja.surveys.models import Response

from .conftest import answer

ALL_THREE = (3,) * 9


def _code(caught) -> str:
    return caught.value.error_list[0].code


def test_opening_a_survey_is_the_organisers_and_audited(survey, plain_user, kemantren, skm_version):
    assert survey.tallies.count() == 9
    assert len(survey.token) >= 16
    assert AuditEvent.objects.filter(action="survey.open", object_id=str(survey.pk)).exists()
    with pytest.raises(PermissionDenied):
        services.open_survey(
            unit=kemantren,
            instrument_version=skm_version,
            year=2026,
            period="s2",
            opens_on=dt.date(2026, 7, 1),
            closes_on=dt.date(2026, 12, 31),
            by=plain_user,
        )


def test_one_survey_per_unit_and_period(survey, organiser, kemantren, skm_version):
    with pytest.raises(ValidationError) as caught:
        services.open_survey(
            unit=kemantren,
            instrument_version=skm_version,
            year=survey.year,
            period="s1",
            opens_on=survey.opens_on,
            closes_on=survey.closes_on,
            by=organiser,
        )
    assert _code(caught) == "period_taken"


def test_dates_and_questions_are_checked(organiser, kemantren, skm_version):
    with pytest.raises(ValidationError) as caught:
        services.open_survey(
            unit=kemantren,
            instrument_version=skm_version,
            year=2026,
            period="s2",
            opens_on=dt.date(2026, 7, 2),
            closes_on=dt.date(2026, 7, 1),
            by=organiser,
        )
    assert _code(caught) == "dates"
    with pytest.raises(ValidationError) as caught:
        services.open_survey(
            unit=kemantren,
            instrument_version=skm_version,
            year=2026,
            period="s2",
            opens_on=dt.date(2026, 7, 1),
            closes_on=dt.date(2026, 7, 2),
            by=organiser,
            questions=[f"Q{n}" for n in range(6)],
        )
    assert _code(caught) == "questions"


def test_a_stale_edit_is_refused(survey, organiser):
    services.update_survey(survey, expected_version=1, by=organiser, services="KTP")
    with pytest.raises(ValidationError) as caught:
        services.update_survey(survey, expected_version=1, by=organiser, services="KK")
    assert _code(caught) == "conflict"
    survey.refresh_from_db()
    assert survey.services == "KTP" and survey.version == 2


def test_a_closed_survey_refuses_answers_but_takes_paper(survey):
    late = timezone.now() + dt.timedelta(days=30)
    with pytest.raises(ValidationError) as caught:
        answer(survey, *ALL_THREE, now=late)
    assert _code(caught) == "closed"
    answer(survey, *ALL_THREE, now=late, channel="paper")
    assert Response.objects.filter(survey=survey).count() == 1


def test_one_answer_per_device_and_survey(survey):
    device = services.key_of("device", "cookie-1")
    answer(survey, *ALL_THREE, device=device)
    with pytest.raises(ValidationError) as caught:
        answer(survey, 4, 4, 4, 4, 4, 4, 4, 4, 4, device=device)
    assert _code(caught) == "duplicate"
    assert ikm_of(survey).display == "75.00"  # the refused answer did not count


def test_a_device_over_its_limit_is_refused(survey, organiser, kemantren, skm_version):
    device = services.key_of("device", "busy")
    others = [
        services.open_survey(
            unit=kemantren,
            instrument_version=skm_version,
            year=2000 + n,
            period="year",
            opens_on=survey.opens_on,
            closes_on=survey.closes_on,
            by=organiser,
        )
        for n in range(DEVICE_LIMIT + 1)
    ]
    for other in others[:DEVICE_LIMIT]:
        answer(other, *ALL_THREE, device=device)
    with pytest.raises(ValidationError) as caught:
        answer(others[-1], *ALL_THREE, device=device)
    assert _code(caught) == "device_limit"


def test_an_address_over_its_limit_is_refused_and_the_next_hour_is_free(survey):
    address = services.key_of("address", "203.0.113.9")
    now = timezone.now()
    for n in range(settings.KINERJA_SURVEY_ADDRESS_LIMIT):
        answer(survey, *ALL_THREE, address=address, device=f"d{n}", now=now)
    with pytest.raises(ValidationError) as caught:
        answer(survey, *ALL_THREE, address=address, device="late", now=now)
    assert _code(caught) == "address_limit"
    answer(survey, *ALL_THREE, address=address, device="later", now=now + dt.timedelta(hours=2))


def test_answers_must_be_1_to_4_and_not_all_empty(survey):
    with pytest.raises(ValidationError) as caught:
        answer(survey, 5, 3, 3, 3, 3, 3, 3, 3, 3)
    assert _code(caught) == "answer"
    with pytest.raises(ValidationError) as caught:
        answer(survey, *(None,) * 9)
    assert _code(caught) == "empty"


def test_excluding_keeps_the_answers_stops_counting_and_is_audited(survey, organiser, plain_user):
    good = answer(survey, *ALL_THREE)
    bad = [answer(survey, 1, 1, 1, 1, 1, 1, 1, 1, 1) for _ in range(3)]
    assert ikm_of(survey).display == "37.50"
    with pytest.raises(ValidationError) as caught:
        services.set_excluded(survey, [r.pk for r in bad], excluded=True, by=organiser)
    assert _code(caught) == "reason"
    with pytest.raises(PermissionDenied):
        services.set_excluded(survey, [bad[0].pk], excluded=True, by=plain_user, reason="x")
    changed = services.set_excluded(
        survey, [r.pk for r in bad], excluded=True, by=organiser, reason="Burst from one address"
    )
    assert changed == 3
    ikm = ikm_of(survey)
    assert ikm.display == "75.00" and ikm.responses == 1
    assert Response.objects.filter(survey=survey).count() == 4
    event = AuditEvent.objects.get(action="survey.exclude")
    assert event.after == {"responses": [r.pk for r in bad], "reason": "Burst from one address"}
    # Excluding again changes nothing; reinstating one counts it again.
    assert services.set_excluded(survey, [bad[0].pk], excluded=True, by=organiser, reason="x") == 0
    services.set_excluded(survey, [bad[0].pk], excluded=False, by=organiser)
    assert ikm_of(survey).value == 50
    assert good.pk


def test_publishing_the_ikm(survey, organiser, plain_user):
    with pytest.raises(PermissionDenied):
        services.set_published(survey, published=True, by=plain_user)
    services.set_published(survey, published=True, by=organiser)
    assert survey.published
    assert AuditEvent.objects.filter(action="survey.publish").count() == 1
