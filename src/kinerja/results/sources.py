"""Where results get their inputs: one provider per source, named in one table.

``results`` sits below the apps that produce what it scores: evaluator scores and the plenary's
consensus (``reviews``), the team's recommendations frozen into a determination (``minutes``),
later the public survey. So results imports none of them; the project's settings name the
providers (``KINERJA_RESULT_SOURCES``), the way Django names its middleware and backends, and
results calls them. The producing apps call down into results only to recompute
(``results.compute.recompute_participant``), the one documented call downward.

The table (settings):

- ``"inputs"``: functions ``(cycle, participant_ids | None) -> {participant_id: ParticipantInput}``
  whose values and consensus are merged, per component, into the engine's input;
- ``"evaluator_scores"``: one function ``(cycle) -> iterable of (evaluator_id, participant_id,
  indicator_ref, round, value)``, every non-empty individual score (the fairness view);
- ``"snapshot"``: ``{key: function (participant_ids) -> {participant_id: value}}``, sections
  frozen beside each participant's result in a determination (missing participants get ``[]``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

from kinerja.scoring.engine import ParticipantInput

ScoreRow = tuple[int, int, str, str, Any]


@cache
def provider_table() -> dict[str, Any]:
    """The imported providers (cached; a test that changes the setting clears the cache)."""
    table = settings.KINERJA_RESULT_SOURCES
    return {
        "inputs": tuple(import_string(path) for path in table.get("inputs", ())),
        "evaluator_scores": import_string(table["evaluator_scores"])
        if table.get("evaluator_scores")
        else None,
        "snapshot": {key: import_string(path) for key, path in table.get("snapshot", {}).items()},
    }


def _merge(into: ParticipantInput | None, more: ParticipantInput) -> ParticipantInput:
    if into is None:
        return more
    values = {c: dict(refs) for c, refs in into.values.items()}
    for component, refs in more.values.items():
        values.setdefault(component, {}).update(refs)
    consensus = None
    if into.consensus or more.consensus:
        consensus = {c: dict(refs) for c, refs in (into.consensus or {}).items()}
        for component, refs in (more.consensus or {}).items():
            consensus.setdefault(component, {}).update(refs)
    return ParticipantInput(values=values, consensus=consensus)


def inputs_for(cycle, participant_ids: Iterable[int] | None = None) -> dict[int, ParticipantInput]:
    """Engine input per participant from every input provider (one provider: its answer as is)."""
    ids = list(participant_ids) if participant_ids is not None else None
    providers: Sequence[Callable] = provider_table()["inputs"]
    if len(providers) == 1:
        return providers[0](cycle, ids)
    merged: dict[int, ParticipantInput] = {}
    for provider in providers:
        for pid, participant_input in provider(cycle, ids).items():
            merged[pid] = _merge(merged.get(pid), participant_input)
    return merged


def evaluator_scores(cycle) -> Iterable[ScoreRow]:
    """Every evaluator's non-empty score of ``cycle`` (none when no provider is named)."""
    provider = provider_table()["evaluator_scores"]
    return provider(cycle) if provider is not None else ()


def snapshot_sections(participant_ids: Sequence[int]) -> dict[str, dict[int, Any]]:
    """The frozen sections per key and participant (one call per provider)."""
    return {
        key: provider(participant_ids) for key, provider in provider_table()["snapshot"].items()
    }
