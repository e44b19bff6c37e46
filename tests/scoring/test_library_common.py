"""Properties every shipped instrument file must have (src/kinerja/instruments/library)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from kinerja.scoring import (
    library_dir,
    library_instruments,
    load_instrument_file,
    load_library,
    score,
)
from kinerja.scoring.model.answers import (
    ChoiceAnswer,
    LevelAnswer,
    NumberAnswer,
    PointsAnswer,
    RatioRule,
    YesNoAnswer,
)

CODES = [
    "pekppp",
    "pekppp-skm",
    "sakip",
    "skm",
    "ekk-yogyakarta",
    "skk-jatim",
    "skk-jabar",
    "inovasi",
]
FAMILIES = {"pekppp-skm": "pekppp"}  # a variant of PEKPPP (F03 from the SKM)
EVIDENCE_KINDS = {"pdf", "docx", "xlsx", "jpg", "png", "mp4"}


def best_answer(answer):
    """The raw answer that scores 1 for any scored answer type."""
    if isinstance(answer, LevelAnswer):
        return answer.max_value
    if isinstance(answer, ChoiceAnswer):
        return max(answer.options, key=lambda option: option.value).key
    if isinstance(answer, YesNoAnswer):
        return "Y"
    if isinstance(answer, PointsAnswer):
        return answer.max
    if isinstance(answer, NumberAnswer):
        if isinstance(answer.rule, RatioRule) and answer.rule.target is None:
            return {"target": 1, "actual": answer.rule.cap}  # every claim found
        if isinstance(answer.rule, RatioRule):
            return answer.rule.target * answer.rule.cap
        return answer.rule.steps[-1].min
    raise AssertionError(f"unexpected answer type {answer!r}")


def worst_answer(answer):
    """The raw answer with the lowest score for any scored answer type."""
    if isinstance(answer, LevelAnswer):
        return answer.levels[0].value
    if isinstance(answer, ChoiceAnswer):
        return min(answer.options, key=lambda option: option.value).key
    if isinstance(answer, YesNoAnswer):
        return "T"
    if isinstance(answer, PointsAnswer):
        return answer.min
    if isinstance(answer, NumberAnswer):
        if isinstance(answer.rule, RatioRule) and answer.rule.target is None:
            return {"target": 1, "actual": 0}  # nothing claimed was found
        if isinstance(answer.rule, RatioRule):
            return 0
        return answer.rule.steps[0].min
    raise AssertionError(f"unexpected answer type {answer!r}")


def answers_of(instrument, pick):
    return {
        component.code: {
            indicator.ref: pick(indicator.answer)
            for indicator in instrument.iter_indicators(component.code)
            if indicator.scored
        }
        for component in instrument.components
    }


@pytest.mark.parametrize("code", CODES)
def test_library_file_validates(code):
    # Arrange
    path = library_dir() / f"{code}.yaml"

    # Act
    instrument = load_instrument_file(path)

    # Assert
    assert instrument.code == code
    assert instrument.family == FAMILIES.get(code, code)
    assert instrument.locale == "id"
    assert instrument.title
    assert instrument.legal_basis
    assert instrument.version
    assert instrument.decimals == 2
    assert instrument.stages
    assert instrument.bands


def test_library_holds_the_eight_instruments():
    # Arrange
    expected = set(CODES)

    # Act
    found = {instrument.code for instrument in library_instruments()}

    # Assert
    assert found == expected


@pytest.mark.parametrize("code", CODES)
def test_library_provisional_instrument_lists_its_choices(code):
    # Arrange
    instrument = load_library(code)

    # Act
    notes = instrument.provisional_notes

    # Assert: provisional files say what is provisional; a file from the regulation says nothing
    assert bool(notes) == instrument.provisional


@pytest.mark.parametrize("code", CODES)
def test_library_all_best_answers_reach_scale_max(code):
    # Arrange: every scored indicator of every component at its best answer
    instrument = load_library(code)
    answers = answers_of(instrument, best_answer)

    # Act
    result = score(instrument, answers)

    # Assert: fraction 1 everywhere, so total = scale.min + 1 * span = scale.max
    assert result.total == Fraction(instrument.scale.max)
    assert result.missing == ()
    assert result.grade is not None


@pytest.mark.parametrize("code", [c for c in CODES if c not in {"skm", "pekppp-skm"}])
def test_library_all_worst_answers_reach_scale_min(code):
    # Arrange: every answer type's lowest answer scores 0 (SKM's lowest level 1 is 1/4, also
    # in PEKPPP's F03 taken from the SKM)
    instrument = load_library(code)
    answers = answers_of(instrument, worst_answer)

    # Act
    result = score(instrument, answers)

    # Assert: fraction 0 everywhere, total = scale.min
    assert result.total == Fraction(instrument.scale.min)
    assert result.grade is not None


@pytest.mark.parametrize("code", CODES)
def test_library_level_descriptors_are_distinct(code):
    # Arrange
    instrument = load_library(code)

    # Act
    repeated = [
        indicator.ref
        for indicator in instrument.iter_indicators()
        if isinstance(indicator.answer, LevelAnswer)
        and len({level.descriptor for level in indicator.answer.levels})
        != len(indicator.answer.levels)
    ]

    # Assert
    assert repeated == []


@pytest.mark.parametrize("code", CODES)
def test_library_evidence_kinds_are_known_file_types(code):
    # Arrange
    instrument = load_library(code)

    # Act
    kinds = {
        kind
        for indicator in instrument.iter_indicators()
        for slot in indicator.evidence
        for kind in slot.kinds
    }

    # Assert
    assert kinds <= EVIDENCE_KINDS


@pytest.mark.parametrize("code", [c for c in CODES if c != "skm"])
def test_library_instrument_asks_for_evidence(code):
    # Arrange
    instrument = load_library(code)

    # Act
    required = [
        slot.code
        for indicator in instrument.iter_indicators()
        for slot in indicator.evidence
        if slot.required
    ]

    # Assert
    assert required


@pytest.mark.parametrize("code", CODES)
def test_library_results_stay_visible_once_shown(code):
    # Arrange
    instrument = load_library(code)

    # Act
    visible = [stage.results_visible for stage in instrument.stages]

    # Assert: no stage hides results again after a stage has shown them
    assert visible == sorted(visible)
    assert visible[-1] is True


@pytest.mark.parametrize("code", CODES)
def test_library_some_stage_lets_evaluators_score(code):
    # Arrange
    instrument = load_library(code)

    # Act
    scoring = [stage.kind for stage in instrument.stages if stage.can_score]

    # Assert
    assert scoring
