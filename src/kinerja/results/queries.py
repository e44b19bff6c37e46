"""Reads of stored results (a fixed number of queries whatever the number of participants)."""

from __future__ import annotations

from django.db.models import F, QuerySet

from kinerja.results.models import Announcement, Determination, Result


def ranking(cycle) -> QuerySet[Result]:
    """Per category (kabupaten apart from kota; one group without categories): ranked first
    (by rank), unranked (no total, withdrawn) last, then by unit name."""
    return (
        Result.objects.filter(cycle=cycle)
        .select_related("participant__unit", "participant__innovation")
        .order_by(
            "participant__category", F("rank").asc(nulls_last=True), "participant__unit__name"
        )
    )


def current_determination(cycle, *, snapshot: bool = True):
    """The latest determination not reopened, or None. ``snapshot=False`` leaves the frozen
    rows unread (they run to tens of MB at national scale) for pages that show only the decree."""
    determinations = Determination.objects.filter(cycle=cycle, reopened_at=None)
    if not snapshot:
        determinations = determinations.defer("snapshot")
    return determinations.first()


def live_announcement(cycle_id: int, *, snapshot: bool = True):
    """The cycle's published (not withdrawn) announcement with its determination, or None
    (``snapshot=False``: the determination's rows unread, see ``current_determination``)."""
    announcements = Announcement.objects.select_related(
        "determination", "cycle__instrument_version"
    ).filter(cycle_id=cycle_id, withdrawn_at=None)
    if not snapshot:
        announcements = announcements.defer("determination__snapshot")
    return announcements.first()


def published_cycles():
    """Announcements shown on the landing page, newest first."""
    return (
        Announcement.objects.select_related("cycle")
        .filter(withdrawn_at=None)
        .order_by("-published_at")
    )
