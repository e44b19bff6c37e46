"""Laying a demo cycle's stages on the calendar: so that a step runs now (the demo replays each
step inside the stage that allows it, as an organiser would extend a stage), and at the end on
the real (or plausible) calendar of the year it stands for."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from kinerja.cycles import services as cycles
from kinerja.cycles.models import Cycle

WIB = ZoneInfo("Asia/Jakarta")


NOMINATION_NAME = "Nominasi kecamatan oleh kabupaten/kota"


def lay_stages(
    cycle: Cycle,
    kind: str,
    *,
    at: dt.datetime | None = None,
    nomination_days: int = 0,
    by,
) -> None:
    """Lay the instrument's stages end to end (their default lengths) so that stage ``kind``
    starts at ``at`` (None: an hour ago, so that it runs now). With ``nomination_days`` a
    nomination stage of that length comes first (kind ``nominasi``: a province's competition
    whose kab/kota nominate their units)."""
    rows = [
        {
            "kind": stage.kind,
            "name": stage.name,
            "days": stage.days or 7,
            "can_edit_self": stage.can_edit_self,
            "can_upload_evidence": stage.can_upload_evidence,
            "can_score": stage.can_score,
            "see_other_scores": stage.see_other_scores,
            "results_visible": stage.results_visible,
        }
        for stage in cycle.instrument_version.definition.stages
    ]
    if nomination_days:
        rows.insert(0, {"kind": "nominasi", "name": NOMINATION_NAME, "days": nomination_days})
    if at is None:
        at = timezone.now().astimezone(WIB).replace(minute=0, second=0, microsecond=0)
        at -= dt.timedelta(hours=1)
    kinds = [row["kind"] for row in rows]
    starts = at - dt.timedelta(days=sum(row["days"] for row in rows[: kinds.index(kind)]))
    plan = []
    for row in rows:
        days = row.pop("days")
        plan.append(row | {"starts_at": starts, "ends_at": starts + dt.timedelta(days=days)})
        starts += dt.timedelta(days=days)
    cycles.save_stages(cycle, plan, by=by)
    cycle.refresh_from_db()
