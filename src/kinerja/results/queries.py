"""Reads of stored results (a fixed number of queries whatever the number of participants)."""

from __future__ import annotations

from django.db.models import F, QuerySet

from kinerja.results.models import Announcement, Determination, Result


def ranking(cycle) -> QuerySet[Result]:
    """Ranked first (by rank), unranked (no total, withdrawn) last, then by unit name."""
    return (
        Result.objects.filter(cycle=cycle)
        .select_related("participant__unit")
        .order_by(F("rank").asc(nulls_last=True), "participant__unit__name")
    )


def current_determination(cycle):
    """The latest determination not reopened, or None."""
    return Determination.objects.filter(cycle=cycle, reopened_at=None).first()


def live_announcement(cycle_id: int):
    """The cycle's published (not withdrawn) announcement with its determination, or None."""
    return (
        Announcement.objects.select_related("determination", "cycle__instrument_version")
        .filter(cycle_id=cycle_id, withdrawn_at=None)
        .first()
    )


def published_cycles():
    """Announcements shown on the landing page, newest first."""
    return (
        Announcement.objects.select_related("cycle")
        .filter(withdrawn_at=None)
        .order_by("-published_at")
    )
