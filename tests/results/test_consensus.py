"""Plenary consensus values reach the engine through ``inputs_for`` (one extra query)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.results.compute import inputs_for, recompute_cycle
from kinerja.results.models import Result
from kinerja.reviews import services
from kinerja.reviews.services import plenary
from kinerja.scoring.engine import score

from ..assessments.conftest import media, pdf_bytes, scoring, team, world  # noqa: F401


def test_inputs_for_carries_consensus_and_keeps_individual_values(world, team, scoring):  # noqa: F811
    services.record_review(
        world.mantrijeron,
        "1.1",
        evaluator=team.evaluator,
        value=1,
        expected_version=0,
        by=world.evaluator,
    )
    plenary.set_consensus(world.mantrijeron, "1.1", value=4, reason="A", by=team.chair_user)
    plenary.set_consensus(world.kraton, "1.2", value=2, reason="B", by=team.chair_user)

    with CaptureQueriesContext(connection) as queries:
        inputs = inputs_for(world.cycle)

    assert len(queries) == 2
    mine = inputs[world.mantrijeron.pk]
    assert mine.values == {"dokumen": {"1.1": {team.evaluator.pk: 1}}}
    assert mine.consensus == {"dokumen": {"1.1": 4}}
    # A participant with a consensus but no reviews still gets an input.
    assert inputs[world.kraton.pk].values == {}
    assert inputs[world.kraton.pk].consensus == {"dokumen": {"1.2": 2}}


def test_recompute_cycle_uses_the_consensus(world, team, scoring):  # noqa: F811
    services.record_review(
        world.mantrijeron,
        "1.1",
        evaluator=team.evaluator,
        value=1,
        expected_version=0,
        by=world.evaluator,
    )
    plenary.set_consensus(world.mantrijeron, "1.1", value=4, reason="A", by=team.chair_user)
    instrument = world.cycle.instrument_version.definition
    expected = score(
        instrument,
        {"dokumen": {"1.1": {team.evaluator.pk: 1}}},
        consensus={"dokumen": {"1.1": 4}},
    ).total

    recompute_cycle(world.cycle)

    stored = Result.objects.get(participant=world.mantrijeron)
    assert stored.total_exact == f"{expected.numerator}/{expected.denominator}"
