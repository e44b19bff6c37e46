"""Review services: validation, stage gates, optimistic locking, submission, audit events.
(Clarifications: tests/assessments/test_clarifications.py.)"""

from __future__ import annotations

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.assessments.queries import review_scope_for
from kinerja.audit.models import AuditEvent
from kinerja.cycles.gates import StageClosed
from kinerja.reviews import services
from kinerja.reviews.enums import Verdict
from kinerja.reviews.models import Review
from kinerja.reviews.services import ReviewConflict

from ..assessments.conftest import moment_in


def save(world, team, ref="1.1", *, value=3, expected=0, seat=None, note="", verdict=""):
    return services.record_review(
        world.mantrijeron,
        ref,
        evaluator=seat or team.evaluator,
        value=value,
        verdict=verdict,
        note=note,
        expected_version=expected,
        by=(seat or team.evaluator).user,
    )


# --- record_review ----------------------------------------------------------------------------


def test_record_review_new_review_is_stored_and_audited(world, team, scoring):
    review = save(world, team, value="3", verdict=Verdict.SESUAI, note="Laporan lengkap")

    stored = Review.objects.get()
    assert (stored.value, stored.verdict, stored.note, stored.version) == (
        3,
        "sesuai",
        "Laporan lengkap",
        1,
    )
    assert (stored.component, stored.round, stored.updated_by) == ("dokumen", "", world.evaluator)
    assert review.pk == stored.pk
    event = AuditEvent.objects.get(action="review.save")
    assert event.before is None
    assert event.after == {"value": 3, "verdict": "sesuai", "note": "Laporan lengkap", "version": 1}


def test_record_review_change_bumps_version_and_audits_before_and_after(world, team, scoring):
    save(world, team, value=3)

    review = save(world, team, value=4, expected=1, note="Ada rapat Forkompimtren")

    assert (review.value, review.version) == (4, 2)
    assert Review.objects.get().version == 2
    event = AuditEvent.objects.filter(action="review.save").order_by("-id").first()
    assert event.before == {"value": 3, "verdict": "", "note": "", "version": 1}
    assert event.after == {
        "value": 4,
        "verdict": "",
        "note": "Ada rapat Forkompimtren",
        "version": 2,
    }


def test_record_review_same_expected_version_twice_second_is_refused_with_first_values(
    world, team, scoring
):
    save(world, team, value=2)  # version 1, loaded in two tabs
    save(world, team, value=3, expected=1, note="tab pertama")

    with pytest.raises(ReviewConflict) as refused:
        save(world, team, value=4, expected=1, note="tab kedua")

    current = refused.value.current
    assert (current.value, current.note, current.version) == (3, "tab pertama", 2)
    assert current.updated_by == world.evaluator
    assert refused.value.code == "conflict"
    stored = Review.objects.get()
    assert (stored.value, stored.note, stored.version) == (3, "tab pertama", 2)
    assert AuditEvent.objects.filter(action="review.save").count() == 2


def test_record_review_two_first_saves_second_is_a_conflict(world, team, scoring):
    save(world, team, value=2, expected=0)

    with pytest.raises(ReviewConflict) as refused:
        save(world, team, value=1, expected=0)

    assert refused.value.current.value == 2
    assert Review.objects.get().value == 2


def test_record_review_update_is_one_conditional_update_on_the_version(world, team, scoring):
    save(world, team, value=2)

    with CaptureQueriesContext(connection) as queries:
        save(world, team, value=3, expected=1)

    updates = [
        q["sql"] for q in queries.captured_queries if q["sql"].startswith('UPDATE "reviews_review"')
    ]
    assert len(updates) == 1
    assert '"version" = 1' in updates[0].split("WHERE", 1)[1]
    assert '"version" = ("reviews_review"."version" + 1)' in updates[0]


def test_record_review_saving_what_is_stored_is_no_conflict_and_writes_nothing(
    world, team, scoring
):
    save(world, team, value=2)
    save(world, team, value=3, expected=1)

    review = save(world, team, value=3, expected=1)

    assert review.version == 2
    assert AuditEvent.objects.filter(action="review.save").count() == 2


def test_record_review_score_gate_closed_is_refused(world, team):
    # The clock is in the filling stage (pengisian): evaluators may not score yet.
    with pytest.raises(StageClosed):
        save(world, team, value=3)

    assert Review.objects.count() == 0


def test_record_review_after_scoring_is_refused(world, team):
    with (
        time_machine.travel(moment_in(world.stage("penyampaian_hasil"))),
        pytest.raises(StageClosed),
    ):
        save(world, team, value=3)


def test_record_review_unassigned_evaluator_is_refused(world, team, scoring):
    for seat in (team.outsider, team.chair):
        with pytest.raises(PermissionDenied):
            save(world, team, seat=seat)

    assert Review.objects.count() == 0


def test_record_review_invalid_value_is_refused_with_the_engine_message(world, team, scoring):
    with pytest.raises(ValidationError) as refused:
        save(world, team, value=9)

    assert refused.value.error_list[0].code == "invalid_answer"
    assert Review.objects.count() == 0


def test_record_review_unknown_indicator_verdict_or_round_is_refused(world, team, scoring):
    with pytest.raises(ValidationError) as unknown:
        save(world, team, ref="9.9")
    with pytest.raises(ValidationError) as verdict:
        save(world, team, verdict="bagus")
    with pytest.raises(ValidationError) as round_:
        services.record_review(
            world.mantrijeron,
            "1.1",
            evaluator=team.evaluator,
            value=3,
            expected_version=0,
            round="tahap-1",
            by=world.evaluator,
        )

    assert [e.value.error_list[0].code for e in (unknown, verdict, round_)] == [
        "unknown_indicator",
        "invalid_verdict",
        "unknown_round",
    ]


def test_record_review_presentation_indicator_is_scored_without_f01(world, team, scoring):
    ref = next(iter(review_scope_for(world.cycle).instrument.iter_indicators("paparan"))).ref

    review = save(
        world, team, ref=ref, value=review_scope_for(world.cycle).indicator(ref).answer.max
    )

    assert review.component == "paparan"


# --- submit_reviews -----------------------------------------------------------------------------


def score_everything(world, seat):
    scope = review_scope_for(world.cycle)
    for indicator in scope.indicators:
        if indicator.scored:
            services.record_review(
                world.mantrijeron,
                indicator.ref,
                evaluator=seat,
                value=demo_score(indicator),
                expected_version=0,
                by=seat.user,
            )


def demo_score(indicator):
    answer = indicator.answer
    if answer.type == "level":
        return answer.levels[-1].value
    if answer.type == "choice":
        return answer.options[0].key
    if answer.type == "yes_no":
        return "Y"
    if answer.type == "points":
        return answer.max
    rule = answer.rule
    if rule.kind == "ratio" and rule.target is None:
        return {"target": "10", "actual": "8"}
    return "3"


def test_submit_reviews_incomplete_is_refused_naming_what_is_missing(world, team, scoring):
    save(world, team, value=3)

    with pytest.raises(ValidationError) as refused:
        services.submit_reviews(world.mantrijeron, evaluator=team.evaluator, by=world.evaluator)

    assert refused.value.error_list[0].code == "incomplete"
    assert "1.2" in refused.value.error_list[0].params["refs"]
    assert "1.1," not in refused.value.error_list[0].params["refs"]
    assert Review.objects.filter(submitted_at__isnull=False).count() == 0


def test_submit_reviews_complete_stamps_every_review_and_audits(world, team, scoring):
    score_everything(world, team.evaluator)
    total = len(review_scope_for(world.cycle).counted_refs)

    stamped = services.submit_reviews(
        world.mantrijeron, evaluator=team.evaluator, by=world.evaluator
    )

    assert stamped == total
    assert Review.objects.filter(submitted_at__isnull=False).count() == total
    event = AuditEvent.objects.get(action="review.submit")
    assert (event.after["evaluator"], event.after["reviews"]) == (team.evaluator.pk, total)


def test_submit_reviews_by_unassigned_evaluator_is_refused(world, team, scoring):
    with pytest.raises(PermissionDenied):
        services.submit_reviews(
            world.mantrijeron, evaluator=team.outsider, by=world.other_evaluator
        )
