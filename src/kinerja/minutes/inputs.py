"""What the berita acara gives the results (named in ``settings.KINERJA_RESULT_SOURCES``; see
``results/sources.py``): the team's recommendations, frozen beside each result in a
determination."""

from __future__ import annotations

from collections.abc import Sequence

from kinerja.minutes.models import Recommendation


def recommendations(participant_ids: Sequence[int]) -> dict[int, list[dict[str, str]]]:
    """The team's recommendations per participant, in the order they were made; one query."""
    advice: dict[int, list[dict[str, str]]] = {}
    for participant_id, aspect_ref, indicator_ref, text in (
        Recommendation.objects.filter(participant_id__in=participant_ids)
        .order_by("participant_id", "created_at", "pk")
        .values_list("participant_id", "aspect_ref", "indicator_ref", "text")
    ):
        advice.setdefault(participant_id, []).append(
            {"aspect_ref": aspect_ref, "indicator_ref": indicator_ref, "text": text}
        )
    return advice
