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


def lay_stages(cycle: Cycle, kind: str, *, at: dt.datetime | None = None, by) -> None:
    """Lay the instrument's stages end to end (their default lengths) so that stage ``kind``
    starts at ``at`` (None: an hour ago, so that it runs now)."""
    spec = cycle.instrument_version.definition.stages
    kinds = [s.kind for s in spec]
    if at is None:
        at = timezone.now().astimezone(WIB).replace(minute=0, second=0, microsecond=0)
        at -= dt.timedelta(hours=1)
    starts = at - dt.timedelta(days=sum((s.days or 7) for s in spec[: kinds.index(kind)]))
    rows = []
    for order, stage in enumerate(cycle.stages.order_by("order")):
        days = spec[order].days or 7
        rows.append(
            {
                "kind": stage.kind,
                "name": stage.name,
                "starts_at": starts,
                "ends_at": starts + dt.timedelta(days=days),
                "can_edit_self": stage.can_edit_self,
                "can_upload_evidence": stage.can_upload_evidence,
                "can_score": stage.can_score,
                "see_other_scores": stage.see_other_scores,
                "results_visible": stage.results_visible,
            }
        )
        starts += dt.timedelta(days=days)
    cycles.save_stages(cycle, rows, by=by)
    cycle.refresh_from_db()
