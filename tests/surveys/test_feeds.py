"""A PEKPPP cycle taking its F03 from the units' surveys (``pekppp-skm``: IPP = 75% F02 + 25%
F03, F03 = IKM / 100): the blend exact in the result and its explanation, the period chosen by
the cycle's organiser only (audited, locked, refused once determined), the feed page and the
survey's facts beside the SKM indicators on the evaluator's page."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from kinerja.audit.models import AuditEvent
from kinerja.cycles import services as cycle_services
from kinerja.results.compute import recompute_cycle
from kinerja.results.freeze import ResultsDetermined
from kinerja.results.models import Determination
from kinerja.reviews.models import Review
from kinerja.scoring.engine import score
from kinerja.scoring.engine.explain import explain
from kinerja.surveys import feeds, services
from kinerja.surveys.feeds import choose_period, survey_inputs
from kinerja.surveys.models import Feed

from .conftest import answer as _answer
from .conftest import cycle_on


def answer(survey, *answers):
    return _answer(survey, *answers, channel="paper")  # the survey is of a past semester


def _all_fives(cycle, participant, evaluator):
    definition = cycle.instrument_version.definition
    Review.objects.bulk_create(
        Review(
            evaluator=evaluator,
            participant=participant,
            indicator_ref=indicator.ref,
            round="",
            component="f02",
            value=5,
        )
        for indicator in definition.iter_indicators("f02")
    )


def _survey(unit, organiser, skm_version, *, year=2026, period="s1"):
    return services.open_survey(
        unit=unit,
        instrument_version=skm_version,
        year=year,
        period=period,
        opens_on=dt.date(year, 1, 1),
        closes_on=dt.date(year, 6, 30),
        by=organiser,
    )


def test_the_variant_weighs_f02_75_and_f03_25_with_the_nine_skm_elements(blended):
    cycle, _, _ = blended
    definition = cycle.instrument_version.definition
    assert {c.code: int(c.weight) for c in definition.components} == {"f02": 75, "f03": 25}
    assert [i.ref for i in definition.iter_indicators("f03")] == [f"U{n}" for n in range(1, 10)]
    assert feeds.takes_surveys(cycle)
    facts = {i.ref for i in definition.iter_indicators("f02") if i.facts}
    assert facts == {"6", "7", "8", "9"}


def test_the_f02_only_pekppp_takes_no_survey(db, pemkot, organiser):
    cycle, _, _ = cycle_on("pekppp", pemkot, organiser)
    assert not feeds.takes_surveys(cycle)
    with pytest.raises(ValidationError) as refused:
        choose_period(cycle, year=2026, period="s1", expected_version=0, by=organiser)
    assert refused.value.code == "instrument"
    assert survey_inputs(cycle, None) == {}


def test_f03_is_the_ikm_over_100_blended_75_25_exactly(blended, organiser, skm_version):
    cycle, (first, second), evaluator = blended
    _all_fives(cycle, first, evaluator)
    _all_fives(cycle, second, evaluator)
    survey = _survey(first.unit, organiser, skm_version)
    answer(survey, *[4] * 9)
    answer(survey, *[3] * 9)  # NRR 3.5 everywhere: IKM 87.5
    choose_period(cycle, year=2026, period="s1", expected_version=0, by=organiser)

    first.result.refresh_from_db()
    # IPP = (0.75 × 1 + 0.25 × 0.875) × 5 = 155/32 = 4.84375
    assert Fraction(first.result.total_exact) == Fraction(155, 32)
    assert first.result.display == "4.84"
    assert first.result.components["f03"]["display"]
    assert Fraction(first.result.components["f03"]["score"]) == Fraction(35, 8)  # 0.875 × 5
    # No survey of the period: F03 missing, zero by the instrument's rule, IPP = 0.75 × 5.
    second.result.refresh_from_db()
    assert Fraction(second.result.total_exact) == Fraction(15, 4)


def test_the_explanation_shows_f03_from_the_survey_with_each_answers_count(
    blended, organiser, skm_version
):
    cycle, (first, _), _ = blended
    survey = _survey(first.unit, organiser, skm_version)
    answer(survey, *[4] * 9)
    answer(survey, *[4] * 9)
    answer(survey, *[2] * 8, None)  # skipped U9: per element, U9 from two respondents
    Feed.objects.create(cycle=cycle, year=2026, period="s1")
    inputs = survey_inputs(cycle, [first.pk])
    assert inputs[first.pk].values["f03"]["U1"].counts == {1: 0, 2: 1, 3: 0, 4: 2}
    assert inputs[first.pk].values["f03"]["U9"].counts == {1: 0, 2: 0, 3: 0, 4: 2}
    definition = cycle.instrument_version.definition
    result = score(definition, inputs[first.pk].values)
    f03 = next(c for c in explain(definition, result)["components"] if c["ref"] == "f03")
    assert f03["source"] == "survey" and f03["weight"] == "25"
    u1 = f03["children"][0]["children"][0]
    assert u1["ref"] == "U1"
    assert {v["raw"]: v.get("count", 1) for v in u1["values"]} == {"4": 2, "2": 1}
    assert u1["aggregate"] == "0.833333"  # (2 × 1 + 1 × 0.5) / 3


def test_excluded_answers_and_other_periods_do_not_feed(blended, organiser, skm_version):
    cycle, (first, second), _ = blended
    survey = _survey(first.unit, organiser, skm_version)
    kept = answer(survey, *[4] * 9)
    dropped = answer(survey, *[1] * 9)
    services.set_excluded(survey, [dropped.pk], excluded=True, reason="uji", by=organiser)
    other = _survey(second.unit, organiser, skm_version, period="s2")
    answer(other, *[4] * 9)
    Feed.objects.create(cycle=cycle, year=2026, period="s1")
    inputs = survey_inputs(cycle, None)
    assert set(inputs) == {first.pk}
    assert inputs[first.pk].values["f03"]["U1"].counts == {1: 0, 2: 0, 3: 0, 4: 1}
    assert kept.pk


def test_only_the_cycles_organiser_chooses_and_it_is_audited_and_locked(
    blended, organiser, make_user, pemkot
):
    cycle, _, evaluator = blended
    with pytest.raises(PermissionDenied):
        choose_period(cycle, year=2026, period="s1", expected_version=0, by=evaluator.user)
    feed = choose_period(cycle, year=2026, period="s1", expected_version=0, by=organiser)
    assert feed.version == 1
    with pytest.raises(ValidationError) as stale:
        choose_period(cycle, year=2025, period="s2", expected_version=0, by=organiser)
    assert stale.value.code == "conflict"
    feed = choose_period(cycle, year=2025, period="s2", expected_version=1, by=organiser)
    assert (feed.year, feed.period, feed.version) == (2025, "s2", 2)
    events = AuditEvent.objects.filter(action="survey.feed").order_by("pk")
    assert [e.after for e in events] == [
        {"year": 2026, "period": "s1"},
        {"year": 2025, "period": "s2"},
    ]
    assert events[1].before == {"year": 2026, "period": "s1"}


def test_a_determined_cycle_keeps_its_period(blended, organiser):
    cycle, _, _ = blended
    choose_period(cycle, year=2026, period="s1", expected_version=0, by=organiser)
    recompute_cycle(cycle)
    Determination.objects.create(
        cycle=cycle,
        version=1,
        decree_number="1/2026",
        decree_date=dt.date(2026, 12, 1),
        signatory_name="Wali Kota",
        signatory_position="Wali Kota",
        snapshot=[],
        determined_by=organiser,
    )
    with pytest.raises(ResultsDetermined):
        choose_period(cycle, year=2026, period="s2", expected_version=1, by=organiser)
    assert Feed.objects.get(cycle=cycle).period == "s1"


def test_the_feed_page_lists_each_participants_survey_and_chooses_the_period(
    blended, organiser, skm_version
):
    cycle, (first, _), _ = blended
    survey = _survey(first.unit, organiser, skm_version)
    answer(survey, *[4] * 9)
    client = Client()
    client.force_login(organiser)
    url = reverse("surveys:feed", kwargs={"cycle_id": cycle.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert b'data-testid="feed-form"' in page.content
    sent = client.post(url, {"year": "2026", "period": "s1", "version": "0"})
    assert sent.status_code == 302
    page = client.get(url).content.decode()
    assert "100,00 A" in page or "100.00 A" in page
    assert 'data-testid="feed-missing"' in page  # the second unit has no survey
    stale = client.post(url, {"year": "2026", "period": "s2", "version": "0"})
    assert stale.status_code == 400
    assert Feed.objects.get(cycle=cycle).period == "s1"


def test_the_feed_page_is_404_for_others_and_for_cycles_without_surveys(
    blended, db, pemkot, organiser, make_user
):
    cycle, _, evaluator = blended
    outsider = make_user("outsider")
    client = Client()
    client.force_login(outsider)
    assert client.get(reverse("surveys:feed", kwargs={"cycle_id": cycle.pk})).status_code == 404
    client.force_login(evaluator.user)
    url = reverse("surveys:feed", kwargs={"cycle_id": cycle.pk})
    page = client.get(url)
    assert page.status_code == 200 and b'data-testid="feed-form"' not in page.content
    assert client.post(url, {"year": "2026", "period": "s1", "version": "0"}).status_code == 404
    plain, _, _ = cycle_on("pekppp", pemkot, organiser)
    client.force_login(organiser)
    assert client.get(reverse("surveys:feed", kwargs={"cycle_id": plain.pk})).status_code == 404


def test_the_evaluator_sees_the_surveys_facts_beside_the_skm_indicators(
    blended, organiser, skm_version
):
    cycle, (first, _), evaluator = blended
    cycle_services.assign(cycle, evaluator=evaluator, participant=first, by=organiser)
    survey = _survey(first.unit, organiser, skm_version)
    answer(survey, *[4] * 9)
    services.record_follow_up(
        survey, text="Loket prioritas dibuka.", expected_version=survey.version, by=organiser
    )
    choose_period(cycle, year=2026, period="s1", expected_version=0, by=organiser)
    client = Client()
    client.force_login(evaluator.user)
    page = client.get(reverse("reviews:participant", kwargs={"participant_id": first.pk}))
    html = page.content.decode()
    assert page.status_code == 200
    for ref in ("6", "7", "8", "9"):
        assert f'data-testid="survey-facts-{ref}"' in html
    assert 'data-testid="survey-facts-1"' not in html
    assert "Loket prioritas dibuka." in html
