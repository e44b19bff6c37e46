"""The engine's input: raw answers checked against the instrument and scored one by one.

Values map component code → indicator ref → one raw answer, a list of answers (one per
respondent) or a mapping evaluator → answer. Checking never stops at the first problem: every
unknown ref and every answer that does not fit is collected, so one ``ScoreInputError`` lists
them all.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from fractions import Fraction
from typing import Any

from ..model.answers import NumberAnswer
from ..model.errors import AnswerError, ScoreInputError
from ..model.schema import Indicator, Instrument
from .types import Checked, Consensus, Observation, Observed, ParticipantInput, Tally

__all__ = [
    "as_participant",
    "checked_input",
    "entries_of",
    "observe",
    "observe_consensus",
    "scores_of",
]


def entries_of(indicator: Indicator, value: Any) -> list[tuple[Hashable, Any]]:
    """The (evaluator, raw) pairs of one indicator's value.

    A mapping gives one answer per evaluator key (except a number answer's own
    ``{"target", "actual"}``), a list or tuple one per respondent (keyed by position), anything
    else is a single answer (evaluator ``None``).
    """
    if isinstance(value, Mapping):
        if isinstance(indicator.answer, NumberAnswer) and set(value) <= {"target", "actual"}:
            return [(None, value)]
        return list(value.items())
    if isinstance(value, list | tuple):
        return list(enumerate(value))
    return [(None, value)]


def scores_of(indicator: Indicator, value: Any) -> list[Fraction] | None:
    """The scores of one indicator's answers, or None when any is absent or refused.

    The fast path's quiet check: it never reports, it only tells the caller to fall back to the
    general path (which then reports the problem properly).
    """
    if isinstance(value, Tally):
        return None
    scores = []
    try:
        for _, raw in entries_of(indicator, value):
            if raw is None:
                return None
            score = indicator.normalise(raw)
            if score is not None:
                scores.append(score)
    except AnswerError:
        return None
    return scores


def _who(evaluator: Hashable) -> str:
    if evaluator is None:
        return ""
    if isinstance(evaluator, int):
        return f" [responden {evaluator + 1}]"
    return f" [penilai {evaluator}]"


def observe(
    instrument: Instrument, values: Mapping[str, Mapping[str, Any]] | None, problems: list[str]
) -> Observed:
    """Every answer of ``values`` checked and scored; problems are appended, never raised."""
    observed: Observed = {}
    if values is None:
        return observed
    if not isinstance(values, Mapping):
        problems.append("jawaban harus berupa pemetaan komponen → {ref: nilai}")
        return observed
    codes = [c.code for c in instrument.components]
    for code, answers in values.items():
        if code not in codes:
            problems.append(f"komponen '{code}' tidak dikenal; yang ada: {', '.join(codes)}")
            continue
        if not isinstance(answers, Mapping):
            problems.append(f"jawaban komponen '{code}' harus berupa pemetaan {{ref: nilai}}")
            continue
        for key, value in answers.items():
            # Refs are text; a caller writing the ref "1" as the number 1 means the same.
            ref = str(key) if isinstance(key, int) and not isinstance(key, bool) else key
            node = instrument.derived.nodes.get(ref)
            if not isinstance(node, Indicator):
                problems.append(f"{ref}: indikator tidak dikenal")
                continue
            owner = instrument.derived.component_of[ref]
            if owner != code:
                problems.append(f"{ref}: indikator milik komponen '{owner}', bukan '{code}'")
                continue
            _observe_value(node, value, observed.setdefault(ref, []), problems)
    return observed


def _observe_value(
    indicator: Indicator, value: Any, found: list[Observation], problems: list[str]
) -> None:
    if isinstance(value, Tally):
        _observe_tally(indicator, value, found, problems)
        return
    for evaluator, raw in entries_of(indicator, value):
        if raw is None:
            continue
        try:
            fraction = indicator.normalise(raw)
        except AnswerError as exc:
            problems.append(f"{indicator.ref}{_who(evaluator)}: {exc}")
            continue
        found.append(Observation(evaluator, raw, fraction))


def _observe_tally(
    indicator: Indicator, tally: Tally, found: list[Observation], problems: list[str]
) -> None:
    for raw, count in tally.counts.items():
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            problems.append(f"{indicator.ref} [{raw}]: jumlah responden harus bilangan bulat ≥ 0")
            continue
        if raw is None or count == 0:
            continue
        try:
            fraction = indicator.normalise(raw)
        except AnswerError as exc:
            problems.append(f"{indicator.ref} [{count} responden]: {exc}")
            continue
        found.append(Observation(None, raw, fraction, count=count))


def observe_consensus(
    instrument: Instrument, consensus: Mapping[str, Mapping[str, Any]] | None, problems: list[str]
) -> Consensus:
    """Consensus values (one per indicator) checked and scored."""
    out: Consensus = {}
    if not consensus:
        return out
    for ref, observations in observe(instrument, consensus, problems).items():
        if len(observations) > 1:
            problems.append(f"{ref}: konsensus hanya satu nilai per indikator")
        elif observations:
            out[ref] = (observations[0].raw, observations[0].fraction)
    return out


def as_participant(value: ParticipantInput | Mapping[str, Any]) -> ParticipantInput:
    """``value`` as a ``ParticipantInput`` (a bare mapping is the values, without consensus)."""
    return value if isinstance(value, ParticipantInput) else ParticipantInput(value)


def checked_input(
    instrument: Instrument, participant: ParticipantInput, prefix: str = ""
) -> Checked:
    """One participant's answers and consensus, checked and scored.

    Raises ``ScoreInputError`` listing every problem, each after ``prefix`` (which names the
    participant in a batch).
    """
    problems: list[str] = []
    observed = observe(instrument, participant.values, problems)
    consensus = observe_consensus(instrument, participant.consensus, problems)
    if problems:
        raise ScoreInputError([prefix + problem for problem in problems])
    return observed, consensus
