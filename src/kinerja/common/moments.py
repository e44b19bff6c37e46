"""Moments as people read them: in a time zone, in the active language's format, with the
zone's Indonesian abbreviation ("Minggu, 6 Oktober 2024, 23.59 WIB")."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import formats, timezone

ZONE_ABBREVIATIONS = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def zone_name(time_zone: str) -> str:
    return ZONE_ABBREVIATIONS.get(time_zone, time_zone)


def local_time_text(
    moment: dt.datetime, time_zone: str, date_format: str = "DATETIME_FORMAT"
) -> str:
    """``moment`` in ``time_zone``, formatted for the active language, with the zone's name."""
    local = timezone.localtime(moment, ZoneInfo(time_zone))
    return f"{formats.date_format(local, date_format)} {zone_name(time_zone)}"


def deadline_text(ends_at: dt.datetime, time_zone: str) -> str:
    """When a stage ends, as people read a deadline: stages end at a local midnight, so the last
    moment to work is a second before ("Minggu, 6 Oktober 2024, 23.59 WIB", not "Senin,
    7 Oktober 2024, 00.00 WIB", which reads as if the Monday were still open)."""
    return local_time_text(ends_at - dt.timedelta(seconds=1), time_zone)
