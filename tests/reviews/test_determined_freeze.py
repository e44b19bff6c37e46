"""A determined cycle refuses every score change until the determination is reopened (issue 11):
after determination v1 the organiser reopened a scoring stage, an evaluator changed a score, and
the live ranking moved while v1 stayed "current"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from kinerja.results import services as results
from kinerja.results.freeze import ResultsDetermined
from kinerja.results.models import Result
from kinerja.reviews import services
from kinerja.reviews.models import Consensus, Review
from kinerja.reviews.services import plenary

from ..assessments.conftest import team_client

DECREE = {
    "decree_number": "100.3.3.3/77/2025",
    "decree_date": dt.date(2025, 11, 3),
    "signatory_name": "Budi Prasetyo",
    "signatory_position": "Wali Kota Yogyakarta",
    # Determined while scoring is open on purpose: the freeze must hold even then.
    "override_reason": "Uji: penetapan di tengah penilaian",
}
REFUSAL = (
    "The results of this cycle are determined (decree 100.3.3.3/77/2025, version 1): scores "
    "can no longer change. The organiser must reopen the determination first."
)


def determine(world):
    return results.determine(world.cycle, by=world.organiser, **DECREE)


def reopen(world):
    results.reopen_determination(world.cycle, reason="Koreksi nilai 1.1", by=world.organiser)


def review(world, team, value, expected):
    return services.record_review(
        world.mantrijeron,
        "1.1",
        evaluator=team.evaluator,
        value=value,
        expected_version=expected,
        by=world.evaluator,
    )


def total(world) -> str:
    return Result.objects.get(participant=world.mantrijeron).total_exact


def test_review_change_after_determination_is_refused_and_the_ranking_stays(world, team, scoring):
    review(world, team, 3, 0)
    determine(world)
    before = total(world)

    with translation.override("en"), pytest.raises(ResultsDetermined) as refused:
        review(world, team, 1, 1)

    assert refused.value.code == "determined"
    with translation.override("en"):
        assert refused.value.messages == [REFUSAL]
    assert Review.objects.get().value == 3
    assert total(world) == before


def test_review_change_is_allowed_again_after_the_audited_reopen(world, team, scoring):
    review(world, team, 3, 0)
    determine(world)
    reopen(world)

    changed = review(world, team, 1, 1)

    assert (changed.value, changed.version) == (1, 2)


def test_review_save_view_after_determination_shows_the_refusal(world, team, scoring):
    review(world, team, 3, 0)
    determine(world)

    response = team_client(world.evaluator).post(
        reverse("reviews:save", args=[world.mantrijeron.pk, "1.1"]),
        {"value": "1", "version": "1"},
    )

    assert response.status_code == 400
    assert REFUSAL in response.content.decode()
    assert Review.objects.get().value == 3


def test_set_consensus_after_determination_is_refused_until_reopened(world, team, scoring):
    review(world, team, 3, 0)
    determine(world)

    with translation.override("en"), pytest.raises(ResultsDetermined) as refused:
        plenary.set_consensus(
            world.mantrijeron,
            "1.1",
            value=4,
            reason="Pleno",
            by=team.chair_user,
            expected_version=0,
        )

    with translation.override("en"):
        assert refused.value.messages == [REFUSAL]
    assert Consensus.objects.count() == 0
    reopen(world)
    consensus = plenary.set_consensus(
        world.mantrijeron, "1.1", value=4, reason="Pleno", by=team.chair_user, expected_version=0
    )
    assert consensus.value == 4


def test_accept_aggregate_after_determination_is_refused_until_reopened(world, team, scoring):
    review(world, team, 3, 0)
    plenary.set_consensus(
        world.mantrijeron, "1.1", value=4, reason="Pleno", by=team.chair_user, expected_version=0
    )
    determine(world)

    with pytest.raises(ResultsDetermined):
        plenary.accept_aggregate(world.mantrijeron, "1.1", by=team.chair_user, expected_version=1)

    assert Consensus.objects.get().value == 4
    reopen(world)
    assert plenary.accept_aggregate(
        world.mantrijeron, "1.1", by=team.chair_user, expected_version=1
    )
    assert Consensus.objects.count() == 0
