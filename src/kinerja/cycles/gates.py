"""Stage gates: what the calendar allows right now, enforced on the server.

The UI only mirrors these checks; every service that changes state asks them first.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.common.moments import deadline_text, local_time_text
from kinerja.cycles.enums import STAGE_FLAGS, StageKind
from kinerja.cycles.models import Cycle, Stage


class StageClosed(ValidationError):
    """The action is not open in the cycle's current stage; the message says why, in Indonesian."""


def stages_of(cycle: Cycle) -> list[Stage]:
    """The cycle's stages, from a prefetch when the caller made one."""
    cache = getattr(cycle, "_prefetched_objects_cache", {})
    if "stages" in cache:
        return sorted(cache["stages"], key=lambda s: s.order)
    return list(cycle.stages.order_by("order"))


def current_stages(cycle: Cycle, at: dt.datetime | None = None) -> list[Stage]:
    at = at or timezone.now()
    return [s for s in stages_of(cycle) if s.starts_at <= at < s.ends_at]


def is_open(cycle: Cycle, flag: str, at: dt.datetime | None = None) -> bool:
    if flag not in STAGE_FLAGS:
        raise ValueError(f"unknown stage flag {flag!r}")
    return any(getattr(stage, flag) for stage in current_stages(cycle, at))


def require_open(cycle: Cycle, flag: str, at: dt.datetime | None = None) -> None:
    """Raise StageClosed with a message naming the stage and its deadline when ``flag`` is shut."""
    at = at or timezone.now()
    if is_open(cycle, flag, at):
        return
    _refuse(cycle, [s for s in stages_of(cycle) if getattr(s, flag)], at)


def require_stage_kind(cycle: Cycle, kind: str, at: dt.datetime | None = None) -> None:
    """Raise StageClosed (the same messages as ``require_open``) unless a stage of ``kind``
    (e.g. "nominasi") is running."""
    at = at or timezone.now()
    stages = [s for s in stages_of(cycle) if s.kind == kind]
    if any(s.starts_at <= at < s.ends_at for s in stages):
        return
    _refuse(cycle, stages, at)


def _refuse(cycle: Cycle, stages: list[Stage], at: dt.datetime) -> None:
    past = [s for s in stages if s.ends_at <= at]
    future = [s for s in stages if s.starts_at > at]
    if future:
        stage = future[0]
        message = _("“%(stage)s” opens on %(when)s; it cannot be done yet.") % {
            "stage": stage.name,
            "when": local_time_text(stage.starts_at, cycle.time_zone),
        }
    elif past:
        stage = past[-1]
        message = _("“%(stage)s” ended on %(when)s; changes are no longer accepted.") % {
            "stage": stage.name,
            "when": deadline_text(stage.ends_at, cycle.time_zone),
        }
    else:
        message = _("No stage of this cycle allows this.")
    raise StageClosed(message, code="stage_closed")


def closed_message(cycle: Cycle, flag: str, at: dt.datetime | None = None) -> str:
    """The refusal ``require_open`` would give now, or "" while ``flag`` is open: pages show it
    beside the forms they disable."""
    try:
        require_open(cycle, flag, at)
    except StageClosed as exc:
        return exc.messages[0]
    return ""


def closed_kind_message(cycle: Cycle, kind: str, at: dt.datetime | None = None) -> str:
    """The refusal ``require_stage_kind`` would give now, or "" while a stage of ``kind`` runs."""
    try:
        require_stage_kind(cycle, kind, at)
    except StageClosed as exc:
        return exc.messages[0]
    return ""


def scoring_over(cycle: Cycle, at: dt.datetime | None = None) -> bool:
    """No stage that lets evaluators score is running or still to come."""
    at = at or timezone.now()
    return not any(s.can_score and s.ends_at > at for s in stages_of(cycle))


DETERMINATION_WAITS_FOR = frozenset({StageKind.PLENO})
"""Kinds of stage that must be over before results are determined (besides scoring stages)."""


def unfinished_before_determination(cycle: Cycle, at: dt.datetime | None = None) -> list[Stage]:
    """The scoring and plenary stages still running or still to come: determining now would
    freeze results the team may still change (the organiser may override with a reason)."""
    at = at or timezone.now()
    return [
        s
        for s in stages_of(cycle)
        if (s.can_score or s.kind in DETERMINATION_WAITS_FOR) and s.ends_at > at
    ]
