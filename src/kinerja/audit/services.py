"""Writing the audit trail. Called explicitly by every service that changes state (no signals)."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from kinerja.audit.models import AuditEvent
from kinerja.audit.scoping import scope_of_object
from kinerja.common import actors, request_context


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of ``obj`` as JSON-ready data (foreign keys as their ids)."""
    data = {}
    for name in fields:
        field = obj._meta.get_field(name)
        data[name] = _jsonable(getattr(obj, field.attname))
    return data


def record_event(
    *,
    actor,
    action: str,
    obj: models.Model,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event; the request id and client address come from the request context.

    Side effects: one INSERT. Runs inside the caller's transaction, so a failed change leaves no
    event behind.
    """
    event = build_event(actor=actor, action=action, obj=obj, before=before, after=after)
    record_events([event])
    return event


def record_events(events: list[AuditEvent]) -> None:
    """Append many prepared events in one statement (bulk imports)."""
    context = request_context.current()
    for event in events:
        event.request_id = event.request_id or context.request_id
        event.ip = event.ip or context.ip
    if len(events) == 1:
        events[0].save()
    else:
        AuditEvent.objects.bulk_create(events, batch_size=500)


def build_event(
    *,
    actor,
    action: str,
    obj: models.Model,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """An unsaved event for ``record_events``."""
    scope_cycle, scope_region = scope_of_object(obj)
    return AuditEvent(
        scope_cycle=scope_cycle,
        scope_region=scope_region,
        **_actor_fields(actor),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
    )


def record_table_event(
    *,
    actor,
    action: str,
    model: type[models.Model],
    label: str,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """One event for a change to many rows of ``model`` at once (a reference list loaded), where
    an event per row would bury the trail. It names the model, not one object (empty object id),
    and has no cycle or region scope, so only the platform administrator reads it.

    Side effects: one INSERT, inside the caller's transaction.
    """
    event = AuditEvent(
        **_actor_fields(actor),
        action=action,
        object_type=model._meta.label_lower,
        object_id="",
        object_repr=label[:300],
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
    )
    record_events([event])
    return event


def _actor_fields(by) -> dict[str, Any]:
    user = actors.actor(by)
    return {
        "by_platform_admin": bool(user is not None and user.is_superuser),
        "actor": user,
        "actor_repr": str(user) if user else "",
    }
