"""The providers table of results (results/sources.py): results reads its inputs only through
the functions the settings name."""

from __future__ import annotations

import pytest
from django.test import override_settings

from kinerja.minutes import inputs as minutes_inputs
from kinerja.results import sources
from kinerja.reviews import inputs
from kinerja.scoring.engine import ParticipantInput
from kinerja.surveys import feeds

CALLS: list[tuple] = []


def scores(cycle, ids):
    CALLS.append(("scores", cycle, ids))
    return {1: ParticipantInput(values={"f02": {"1.a": {7: 3}}}), 2: ParticipantInput(values={})}


def survey(cycle, ids):
    CALLS.append(("survey", cycle, ids))
    return {1: ParticipantInput(values={"f03": {"ikm": {0: 88}}}, consensus={"f02": {"1.b": 2}})}


def advice(ids):
    return {pid: [f"advice {pid}"] for pid in ids if pid != 2}


def rows(cycle):
    return [(7, 1, "1.a", "", 3)]


TABLE = {
    "inputs": [f"{__name__}.scores", f"{__name__}.survey"],
    "evaluator_scores": f"{__name__}.rows",
    "snapshot": {"advice": f"{__name__}.advice"},
}


@pytest.fixture
def two_providers():
    sources.provider_table.cache_clear()
    CALLS.clear()
    with override_settings(KINERJA_RESULT_SOURCES=TABLE):
        yield
    sources.provider_table.cache_clear()


def test_inputs_for_merges_every_provider_per_component(two_providers):
    merged = sources.inputs_for("cycle", iter([1, 2]))

    assert merged == {
        1: ParticipantInput(
            values={"f02": {"1.a": {7: 3}}, "f03": {"ikm": {0: 88}}},
            consensus={"f02": {"1.b": 2}},
        ),
        2: ParticipantInput(values={}),
    }
    assert CALLS == [("scores", "cycle", [1, 2]), ("survey", "cycle", [1, 2])]


def test_snapshot_sections_and_evaluator_scores_come_from_the_table(two_providers):
    assert sources.snapshot_sections([1, 2]) == {"advice": {1: ["advice 1"]}}
    assert list(sources.evaluator_scores("cycle")) == [(7, 1, "1.a", "", 3)]


def test_shipped_table_names_the_reviews_surveys_and_minutes_providers():
    sources.provider_table.cache_clear()
    table = sources.provider_table()

    assert table["inputs"] == (inputs.review_inputs, feeds.survey_inputs)
    assert table["evaluator_scores"] is inputs.evaluator_scores
    assert table["snapshot"] == {"recommendations": minutes_inputs.recommendations}
