"""The plenary (rapat pleno): consensus services, the grid's statistics, visibility, audit."""

from __future__ import annotations

from fractions import Fraction

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from kinerja.assessments.queries import review_scope_for
from kinerja.audit.models import AuditEvent
from kinerja.cycles.gates import StageClosed
from kinerja.cycles.models import Stage
from kinerja.results.models import Result
from kinerja.reviews import services
from kinerja.reviews.enums import PlenaryStatus
from kinerja.reviews.models import Consensus, Plenary, Review
from kinerja.reviews.queries.plenary import fences, outliers, plenary_grid, quantile, spread
from kinerja.reviews.services import plenary
from kinerja.scoring.engine import score

from ..assessments.conftest import moment_in

F = Fraction


def save(world, seat, ref, value):
    return services.record_review(
        world.mantrijeron, ref, evaluator=seat, value=value, expected_version=0, by=seat.user
    )


def two_scores(world, team):
    save(world, team.evaluator, "1.1", 3)
    save(world, team.second, "1.1", 1)
    save(world, team.evaluator, "1.2", 4)


def stored_values(world):
    values: dict = {}
    for r in Review.objects.filter(participant=world.mantrijeron).exclude(value=None):
        values.setdefault(r.component, {}).setdefault(r.indicator_ref, {})[r.evaluator_id] = r.value
    return values


def instrument(world):
    return world.cycle.instrument_version.definition


# --- statistics on a hand example -----------------------------------------------------------


def test_quantile_interpolates_linearly_between_sorted_values():
    ordered = [F(1), F(2), F(3), F(4)]
    assert quantile(ordered, F(1, 4)) == F(7, 4)
    assert quantile(ordered, F(3, 4)) == F(13, 4)
    assert quantile(ordered, F(1)) == F(4)


def test_outliers_tukey_fences_hand_example():
    scores = [F(1), F(2), F(3), F(4), F(20)]
    # Q1 = 2, Q3 = 4, IQR = 2: fences -1 and 7.
    assert fences(scores) == (F(-1), F(7))
    assert outliers(scores) == [False, False, False, False, True]
    assert spread(scores) == F(19)


def test_outliers_equal_scores_flag_every_different_one():
    assert outliers([F(75), F(75), F(75), F(25)]) == [False, False, False, True]


def test_outliers_none_with_three_scores_or_a_tight_set():
    assert outliers([F(0), F(100), F(100)]) == [False, False, False]
    assert fences([F(0), F(100), F(100)]) is None
    assert outliers([F(1), F(2), F(3), F(4)]) == [False] * 4
    assert spread([]) is None


# --- set_consensus ------------------------------------------------------------------------


def test_set_consensus_keeps_every_review_and_result_uses_consensus(world, team, scoring):
    two_scores(world, team)
    before = list(Review.objects.order_by("pk").values())

    consensus = plenary.set_consensus(
        world.mantrijeron, "1.1", value="4", reason="Bukti notulen lengkap", by=team.chair_user
    )

    assert list(Review.objects.order_by("pk").values()) == before
    assert (consensus.value, consensus.reason, consensus.component) == (
        4,
        "Bukti notulen lengkap",
        "dokumen",
    )
    assert consensus.decided_by == team.chair_user
    expected = score(instrument(world), stored_values(world), consensus={"dokumen": {"1.1": 4}})
    without = score(instrument(world), stored_values(world))
    result = Result.objects.get(participant=world.mantrijeron)
    assert result.total_exact == f"{expected.total.numerator}/{expected.total.denominator}"
    assert expected.total != without.total
    assert Plenary.objects.get(cycle=world.cycle).status == PlenaryStatus.OPEN


def test_set_consensus_changes_are_audited_before_and_after(world, team, scoring):
    two_scores(world, team)
    plenary.set_consensus(world.mantrijeron, "1.1", value=4, reason="A", by=team.chair_user)
    plenary.set_consensus(world.mantrijeron, "1.1", value=2, reason="B", by=world.organiser)

    events = list(AuditEvent.objects.filter(action="consensus.set").order_by("id"))
    assert [e.before for e in events] == [None, {"value": 4, "reason": "A", "version": 1}]
    assert events[1].after == {
        "value": 2,
        "reason": "B",
        "participant": world.mantrijeron.pk,
        "indicator": "1.1",
        "round": "",
        "version": 2,
    }
    assert AuditEvent.objects.filter(action="plenary.open").count() == 1


def test_set_consensus_same_value_writes_nothing(world, team, scoring):
    plenary.set_consensus(world.mantrijeron, "1.1", value=4, reason="A", by=team.chair_user)
    plenary.set_consensus(world.mantrijeron, "1.1", value=4, reason="A", by=team.chair_user)
    assert AuditEvent.objects.filter(action="consensus.set").count() == 1


@pytest.mark.parametrize("who", ["evaluator", "second", "outsider", "operator_a"])
def test_set_consensus_by_anyone_but_chair_or_organiser_is_refused(world, team, scoring, who):
    user = {
        "evaluator": world.evaluator,
        "second": team.second_user,
        "outsider": world.other_evaluator,
        "operator_a": world.operator_a,
    }[who]
    with pytest.raises(PermissionDenied):
        plenary.set_consensus(world.mantrijeron, "1.1", value=4, reason="A", by=user)
    assert not Consensus.objects.exists()


@pytest.mark.parametrize(
    ("value", "reason", "code"),
    [(4, "  ", "required"), ("", "Alasan", "required"), (9, "Alasan", "invalid_answer")],
)
def test_set_consensus_needs_value_and_reason(world, team, scoring, value, reason, code):
    with pytest.raises(ValidationError) as caught:
        plenary.set_consensus(
            world.mantrijeron, "1.1", value=value, reason=reason, by=team.chair_user
        )
    assert caught.value.code == code
    assert not Consensus.objects.exists()
    assert not Plenary.objects.exists()


def test_set_consensus_unknown_indicator_is_refused(world, team, scoring):
    with pytest.raises(ValidationError) as caught:
        plenary.set_consensus(world.mantrijeron, "9.9", value=1, reason="A", by=team.chair_user)
    assert caught.value.code == "unknown_indicator"


def test_set_consensus_outside_scoring_or_plenary_stage_is_refused(world, team):
    with (
        time_machine.travel(moment_in(world.stage("pengisian")), tick=False),
        pytest.raises(StageClosed),
    ):
        plenary.set_consensus(world.mantrijeron, "1.1", value=4, reason="A", by=team.chair_user)
    assert not Consensus.objects.exists()


def test_set_consensus_allowed_in_a_pleno_stage(world, team):
    stage = world.stage("penyampaian_hasil")
    Stage.objects.filter(pk=stage.pk).update(kind="pleno")
    with time_machine.travel(moment_in(stage), tick=False):
        plenary.set_consensus(world.mantrijeron, "1.1", value=4, reason="A", by=team.chair_user)
    assert Consensus.objects.get().value == 4


# --- accept_aggregate, close, reopen --------------------------------------------------------


def test_accept_aggregate_restores_the_aggregate_and_is_audited(world, team, scoring):
    two_scores(world, team)
    plenary.set_consensus(world.mantrijeron, "1.1", value=4, reason="A", by=team.chair_user)

    assert plenary.accept_aggregate(world.mantrijeron, "1.1", by=team.chair_user) is True

    assert not Consensus.objects.exists()
    without = score(instrument(world), stored_values(world))
    result = Result.objects.get(participant=world.mantrijeron)
    assert result.total_exact == f"{without.total.numerator}/{without.total.denominator}"
    event = AuditEvent.objects.get(action="consensus.clear")
    assert (event.before["value"], event.before["reason"], event.after) == (4, "A", None)
    assert plenary.accept_aggregate(world.mantrijeron, "1.1", by=team.chair_user) is False


def test_closed_plenary_refuses_consensus_edits_until_reopened(world, team, scoring):
    plenary.set_consensus(world.mantrijeron, "1.1", value=4, reason="A", by=team.chair_user)

    closed = plenary.close_plenary(world.cycle, by=team.chair_user, notes="Rapat selesai")

    assert (closed.status, closed.closed_by, closed.notes) == (
        "closed",
        team.chair_user,
        "Rapat selesai",
    )
    for attempt in (
        lambda: plenary.set_consensus(
            world.mantrijeron, "1.1", value=2, reason="B", by=team.chair_user
        ),
        lambda: plenary.accept_aggregate(world.mantrijeron, "1.1", by=team.chair_user),
        lambda: plenary.close_plenary(world.cycle, by=team.chair_user),
    ):
        with pytest.raises(ValidationError) as caught:
            attempt()
        assert caught.value.code == "plenary_closed"
    assert Consensus.objects.get().value == 4
    event = AuditEvent.objects.get(action="plenary.close")
    assert (event.before["status"], event.after["status"], event.after["consensus_values"]) == (
        "open",
        "closed",
        1,
    )

    with pytest.raises(PermissionDenied):
        plenary.reopen_plenary(world.cycle, by=team.chair_user, reason="Salah ketik")
    with pytest.raises(ValidationError):
        plenary.reopen_plenary(world.cycle, by=world.organiser, reason=" ")
    reopened = plenary.reopen_plenary(world.cycle, by=world.organiser, reason="Salah ketik")

    assert (reopened.status, reopened.closed_at) == ("open", None)
    assert AuditEvent.objects.get(action="plenary.reopen").after["reason"] == "Salah ketik"
    plenary.set_consensus(world.mantrijeron, "1.1", value=2, reason="B", by=team.chair_user)
    assert Consensus.objects.get().value == 2


def test_close_plenary_by_an_evaluator_is_refused(world, team, scoring):
    with pytest.raises(PermissionDenied):
        plenary.close_plenary(world.cycle, by=world.evaluator)
    assert not Plenary.objects.exists()


def test_reopen_an_open_plenary_is_refused(world, team, scoring):
    plenary.open_plenary(world.cycle, by=team.chair_user)
    with pytest.raises(ValidationError) as caught:
        plenary.reopen_plenary(world.cycle, by=world.organiser, reason="x")
    assert caught.value.code == "not_closed"


# --- the grid ---------------------------------------------------------------------------------


def test_grid_shows_every_score_aggregate_spread_and_consensus(world, team, scoring):
    two_scores(world, team)
    plenary.set_consensus(world.mantrijeron, "1.1", value=4, reason="A", by=team.chair_user)
    indicator = review_scope_for(world.cycle).indicator("1.1")
    hundred = lambda level: 100 * indicator.normalise(level)  # noqa: E731 — on the 0–100 scale

    grid = plenary_grid(world.mantrijeron, seat=team.chair, sees_all=True)

    row = next(r for r in grid.rows if r.indicator.ref == "1.1")
    by_evaluator = {c.evaluator.pk: c.score for c in row.cells}
    assert by_evaluator == {team.evaluator.pk: hundred(3), team.second.pk: hundred(1)}
    assert row.aggregate == (hundred(3) + hundred(1)) / 2
    assert row.spread == hundred(3) - hundred(1)
    assert (row.consensus.value, row.consensus_score) == (4, hundred(4))
    assert [c.outlier for c in row.cells] == [False, False]
    other = next(r for r in grid.rows if r.indicator.ref == "1.2")
    assert [c.score for c in other.cells if c.score is not None] == [
        100 * review_scope_for(world.cycle).indicator("1.2").normalise(4)
    ]
    assert other.consensus is None


def _visible_to_evaluator(world, team):
    grid = plenary_grid(world.mantrijeron, seat=team.evaluator, sees_all=False)
    return grid.others_visible, [e.pk for e in grid.evaluators]


@pytest.mark.parametrize(
    ("visibility", "submitted", "shown"),
    [
        ("never", True, False),
        ("after_own", False, False),
        ("after_own", True, True),
        ("always", False, True),
    ],
)
def test_grid_visibility_for_a_non_chair_evaluator_follows_the_stage(
    world, team, scoring, visibility, submitted, shown
):
    Stage.objects.filter(pk=scoring.pk).update(see_other_scores=visibility)
    two_scores(world, team)
    if submitted:
        Review.objects.filter(evaluator=team.evaluator).update(submitted_at=scoring.starts_at)
    world.cycle.refresh_from_db()

    visible, columns = _visible_to_evaluator(world, team)

    assert visible is shown
    if shown:
        assert sorted(columns) == sorted([team.evaluator.pk, team.second.pk])
    else:
        assert columns == [team.evaluator.pk]
        grid = plenary_grid(world.mantrijeron, seat=team.evaluator, sees_all=False)
        assert all(r.aggregate is None and r.consensus is None for r in grid.rows)


def test_grid_chair_sees_everything_even_when_the_stage_says_never(world, team, scoring):
    two_scores(world, team)
    grid = plenary_grid(world.mantrijeron, seat=team.chair, sees_all=True)
    assert grid.visibility == "never"
    assert grid.others_visible is True
    assert len(grid.evaluators) == 2


def test_closed_plenary_freezes_review_edits(world, team, scoring):
    save(world, team.evaluator, "1.1", 3)
    plenary.set_consensus(world.mantrijeron, "1.1", value=4, reason="A", by=team.chair_user)
    plenary.close_plenary(world.cycle, by=team.chair_user)

    with pytest.raises(ValidationError) as caught:
        services.record_review(
            world.mantrijeron,
            "1.1",
            evaluator=team.evaluator,
            value=5,
            expected_version=1,
            by=team.evaluator.user,
        )

    assert caught.value.code == "plenary_closed"
    assert Review.objects.get(indicator_ref="1.1").value == 3
