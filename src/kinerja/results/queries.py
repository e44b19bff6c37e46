"""Reads of stored results (a fixed number of queries whatever the number of participants)."""

from __future__ import annotations

from django.db.models import F, QuerySet

from kinerja.results.models import Result


def ranking(cycle) -> QuerySet[Result]:
    """Ranked first (by rank), unranked (no total, withdrawn) last, then by unit name."""
    return (
        Result.objects.filter(cycle=cycle)
        .select_related("participant__unit")
        .order_by(F("rank").asc(nulls_last=True), "participant__unit__name")
    )
