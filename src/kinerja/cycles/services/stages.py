"""Stages: the instrument's default plan for a new cycle, and the organiser's edits of it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.audit.services import record_event, snapshot
from kinerja.cycles.models import Cycle, Stage
from kinerja.instruments.models import InstrumentVersion

DEFAULT_STAGE_DAYS = 7
STAGE_FIELDS = (
    "order",
    "kind",
    "name",
    "starts_at",
    "ends_at",
    "can_edit_self",
    "can_upload_evidence",
    "can_score",
    "see_other_scores",
    "results_visible",
)


def _local_midnight(day: dt.date, time_zone: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=ZoneInfo(time_zone))


def default_stages(
    version: InstrumentVersion, *, starts_on: dt.date, time_zone: str
) -> list[Stage]:
    """The instrument's default stages laid end to end from ``starts_on`` (local midnights)."""
    stages = []
    day = starts_on
    for order, spec in enumerate(version.definition.stages, start=1):
        days = spec.days or DEFAULT_STAGE_DAYS
        end_day = day + dt.timedelta(days=days)
        stages.append(
            Stage(
                order=order,
                kind=spec.kind,
                name=spec.name,
                starts_at=_local_midnight(day, time_zone),
                ends_at=_local_midnight(end_day, time_zone),
                can_edit_self=spec.can_edit_self,
                can_upload_evidence=spec.can_upload_evidence,
                can_score=spec.can_score,
                see_other_scores=spec.see_other_scores,
                results_visible=spec.results_visible,
            )
        )
        day = end_day
    return stages


@transaction.atomic
def save_stages(cycle: Cycle, stages: list[dict], *, by) -> list[Stage]:
    """Replace the cycle's stage plan with ``stages`` (dicts of STAGE_FIELDS, in order).

    Side effects: validates each stage (end after start) and that the plan is not empty
    (``no_stages``: deleting every stage is never what a caller means), rewrites the stages,
    audits ``cycle.stages`` with the plan before and after.
    """
    if not stages:
        raise ValidationError(_("A cycle needs at least one stage."), code="no_stages")
    before = [snapshot(s, STAGE_FIELDS) for s in cycle.stages.order_by("order")]
    new = []
    for order, data in enumerate(stages, start=1):
        stage = Stage(cycle=cycle, **{**data, "order": order})
        if stage.ends_at <= stage.starts_at:
            raise ValidationError(
                _("Stage “%(name)s” must end after it starts.") % {"name": stage.name}
            )
        stage.full_clean(exclude=["cycle"], validate_unique=False, validate_constraints=False)
        new.append(stage)
    after = [snapshot(s, STAGE_FIELDS) for s in new]
    if after == before:
        return list(cycle.stages.order_by("order"))
    cycle.stages.all().delete()
    Stage.objects.bulk_create(new)
    record_event(
        actor=by,
        action="cycle.stages",
        obj=cycle,
        before={"stages": before},
        after={"stages": after},
    )
    return new
