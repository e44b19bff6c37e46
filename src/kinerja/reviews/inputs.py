"""What the reviews give the results (named in ``settings.KINERJA_RESULT_SOURCES``; see
``results/sources.py``): the evaluators' scores and the plenary's consensus as the engine's
input, and every individual score for the fairness view. (The recommendations frozen in a
determination come from ``minutes.inputs``.)"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import TextField
from django.db.models.functions import Cast

from kinerja.cycles.models import Cycle
from kinerja.reviews.models import Consensus, Review
from kinerja.scoring.engine import ParticipantInput


def _scores(cycle: Cycle, ids: list[int] | None) -> dict[int, dict[str, dict[str, dict]]]:
    reviews = Review.objects.filter(participant__cycle=cycle).exclude(value=None)
    if ids is not None:
        reviews = reviews.filter(participant_id__in=ids)
    values: dict[int, dict[str, dict[str, dict[int, object]]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    # The value read as JSON text and decoded here, once per distinct scalar: decoding every
    # row through JSONField was half the read time, and nearly every value is one of a few
    # levels. Objects and arrays are decoded per row, so no two answers share one.
    decoded: dict[str, object] = {}
    unseen = object()
    for participant_id, component, ref, evaluator_id, text in reviews.values_list(
        "participant_id",
        "component",
        "indicator_ref",
        "evaluator_id",
        Cast("value", output_field=TextField()),
    ).iterator(chunk_size=20_000):
        value = decoded.get(text, unseen)
        if value is unseen:
            value = json.loads(text)
            if not isinstance(value, dict | list) and len(decoded) < 10_000:
                decoded[text] = value
        values[participant_id][component].setdefault(ref, {})[evaluator_id] = value
    return values


def _consensus(cycle: Cycle, ids: list[int] | None) -> dict[int, dict[str, dict[str, object]]]:
    decided = Consensus.objects.filter(participant__cycle=cycle)
    if ids is not None:
        decided = decided.filter(participant_id__in=ids)
    consensus: dict[int, dict[str, dict[str, object]]] = defaultdict(lambda: defaultdict(dict))
    for participant_id, component, ref, value in decided.order_by("round").values_list(
        "participant_id", "component", "indicator_ref", "value"
    ):
        consensus[participant_id][component][ref] = value
    return consensus


def review_inputs(cycle: Cycle, ids: list[int] | None) -> dict[int, ParticipantInput]:
    """Engine input per participant: ``{component: {ref: {evaluator_id: value}}}`` from reviews
    and the plenary's ``consensus`` ``{component: {ref: value}}`` (two queries). A consensus
    replaces the aggregate of its indicator in the engine; the reviews stay as they are. With
    rounds, an indicator's consensus of the last round (by code) is the one that counts."""
    values = _scores(cycle, ids)
    consensus = _consensus(cycle, ids)
    return {
        pid: ParticipantInput(
            values=values.get(pid, {}),
            consensus={c: dict(refs) for c, refs in consensus[pid].items()}
            if pid in consensus
            else None,
        )
        for pid in values.keys() | consensus.keys()
    }


def evaluator_scores(cycle: Cycle) -> Iterable[tuple[int, int, str, str, Any]]:
    """(evaluator, participant, indicator, round, value) of every non-empty score; one query."""
    rows = Review.objects.filter(participant__cycle=cycle, value__isnull=False).values_list(
        "evaluator_id", "participant_id", "indicator_ref", "round", "value"
    )
    return rows.iterator(chunk_size=10_000)
