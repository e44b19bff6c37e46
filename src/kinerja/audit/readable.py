"""Audit events as people read them: what was done in words, the changed fields by their
translated names, names instead of ids, times in the cycle's zone (WIB, WITA, WIT) and the
values before and after side by side.

The events keep the raw record (codes, ids, ISO times) so that the trail stays exact; this
module only reads. Models are looked up by label (``apps.get_model``), so the audit app stays
below every app whose events it shows. A page of events costs one query per kind of object
named in it (the names), plus one for the cycles' time zones.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kinerja.audit.labels import ACTION_LABELS, FIELD_LABELS, KEY_MODELS
from kinerja.audit.models import AuditEvent
from kinerja.common.moments import zone_name
from kinerja.common.numbers import local_number

MAX_TEXT = 300
# Keys whose values look like numbers but are names ("1.2" is an indicator, not 1,2).
TEXT_KEYS = frozenset(
    {"indicator", "indicator_ref", "aspect_ref", "ref", "round", "version", "code", "slot", "nip"}
)
_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# The model of the records a list under a key holds (their keys are its fields).
NESTED_MODELS = {"stages": "cycles.stage"}
# Related rows read with what their names need (a participant is named by its unit).
_NAME_JOINS = {
    "cycles.participant": ("unit", "innovation"),
    "cycles.teammember": ("user",),
    "cycles.assignment": ("evaluator__user", "participant__unit"),
}


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class ReadableEvent:
    event: AuditEvent
    when: str
    actor: str
    action: str
    subject: str
    changes: list[Change]
    created: bool  # nothing before: the values are what was recorded, not a change


def action_label(code: str) -> str:
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code


def local_moment(moment: dt.datetime, time_zone: str) -> str:
    """``07-12-2026 09.35 WIB``: short, in the zone of the cycle (or the installation)."""
    local = timezone.localtime(moment, ZoneInfo(time_zone))
    return f"{formats.date_format(local, 'SHORT_DATETIME_FORMAT')} {zone_name(time_zone)}"


def readable(events: Iterable[AuditEvent]) -> list[ReadableEvent]:
    events = list(events)
    zones = _zones(events)
    names = _names(events)
    default_zone = settings.TIME_ZONE
    rows = []
    for event in events:
        zone = zones.get(event.scope_cycle, default_zone)
        reader = _Reader(event.object_type, names, zone)
        rows.append(
            ReadableEvent(
                event=event,
                when=local_moment(event.created_at, zone),
                actor=event.actor_repr or _("system"),
                action=action_label(event.action),
                subject=event.object_repr,
                changes=reader.changes(event.before, event.after),
                created=not event.before,
            )
        )
    return rows


def _zones(events: Sequence[AuditEvent]) -> dict[int, str]:
    ids = {e.scope_cycle for e in events if e.scope_cycle}
    if not ids:
        return {}
    cycle = apps.get_model("cycles", "Cycle")
    return dict(cycle.objects.filter(pk__in=ids).values_list("pk", "time_zone"))


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, key: str) -> models.Field | None:
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except Exception:  # FieldDoesNotExist, or a reverse relation without a concrete field
        return None


def _target(object_type: str, key: str) -> str | None:
    """The model label an id under ``key`` points to, if any."""
    field = _field(_model(object_type), key)
    if field is not None and field.is_relation and field.related_model is not None:
        return field.related_model._meta.label_lower
    return KEY_MODELS.get(key)


def _ids(value: Any) -> list[int]:
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, int) and not isinstance(v, bool)]
    return []


def _names(events: Sequence[AuditEvent]) -> dict[tuple[str, int], str]:
    wanted: dict[str, set[int]] = defaultdict(set)
    for event in events:
        for data in (event.before, event.after):
            if not isinstance(data, dict):
                continue
            for key, value in data.items():
                target = _target(event.object_type, key)
                if target:
                    wanted[target].update(_ids(value))
    names = {}
    for label, ids in wanted.items():
        model = _model(label)
        if model is None or not ids:
            continue
        rows = model._default_manager.filter(pk__in=ids)
        if label in _NAME_JOINS:
            rows = rows.select_related(*_NAME_JOINS[label])
        for obj in rows:
            names[(label, obj.pk)] = str(obj)
    return names


class _Reader:
    """Turns one event's keys and values into labels and text."""

    def __init__(self, object_type: str, names: dict[tuple[str, int], str], zone: str):
        self.object_type = object_type
        self.model = _model(object_type)
        self.names = names
        self.zone = zone

    def label(self, key: str) -> str:
        field = _field(self.model, key)
        if field is not None and getattr(field, "verbose_name", None):
            text = str(field.verbose_name)
            return text[:1].upper() + text[1:]
        label = FIELD_LABELS.get(key)
        return str(label) if label is not None else key.replace("_", " ").capitalize()

    def changes(self, before: Any, after: Any) -> list[Change]:
        before = before if isinstance(before, dict) else {}
        after = after if isinstance(after, dict) else {}
        keys = list(dict.fromkeys([*before, *after]))
        rows = []
        for k in keys:
            if before and after and before.get(k) == after.get(k):
                continue
            old, new = before.get(k), after.get(k)
            if _rows(old) and _rows(new) and len(old) == len(new):
                rows.extend(self._row_changes(k, old, new))
            else:
                rows.append(Change(self.label(k), self.text(k, old), self.text(k, new)))
        return rows

    def _row_changes(self, key: str, old: list[dict], new: list[dict]) -> list[Change]:
        """A list of records (a cycle's stages) changed in place: one line per changed record,
        naming it, with only its changed values."""
        inner = _Reader(NESTED_MODELS.get(key, ""), self.names, self.zone)
        lines = []
        for index, (a, b) in enumerate(zip(old, new, strict=True), start=1):
            changed = [k for k in dict.fromkeys([*a, *b]) if a.get(k) != b.get(k)]
            if not changed:
                continue
            name = b.get("name") or a.get("name") or index
            label = f"{self.label(key)} {index} ({name})"
            lines.append(
                Change(
                    label,
                    "; ".join(f"{inner.label(k)}: {inner.text(k, a.get(k))}" for k in changed),
                    "; ".join(f"{inner.label(k)}: {inner.text(k, b.get(k))}" for k in changed),
                )
            )
        return lines

    def text(self, key: str, value: Any) -> str:
        if value is None or value == "":
            return "—"
        target = _target(self.object_type, key)
        if target and _ids(value):
            shown = [self.names.get((target, i), f"#{i}") for i in _ids(value)]
            return _cut(", ".join(shown))
        return _cut(self._plain(key, value))

    def _plain(self, key: str, value: Any) -> str:
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, list):
            return ", ".join(self._plain(key, v) for v in value) or "—"
        if isinstance(value, dict):
            parts = [f"{self.label(k)}: {self._plain(k, v)}" for k, v in value.items()]
            return "; ".join(parts) or "—"
        if isinstance(value, int | float):
            return local_number(value)
        text = str(value)
        choice = self._choice(key, text)
        if choice is not None:
            return choice
        if _ISO_MOMENT.match(text):
            try:
                return local_moment(dt.datetime.fromisoformat(text), self.zone)
            except ValueError:
                return text
        if _ISO_DATE.match(text):
            try:
                return formats.date_format(dt.date.fromisoformat(text), "DATE_FORMAT")
            except ValueError:
                return text
        return text if key in TEXT_KEYS else local_number(text)

    def _choice(self, key: str, text: str) -> str | None:
        field = _field(self.model, key)
        if field is None or not getattr(field, "choices", None):
            return None
        return next((str(label) for code, label in field.flatchoices if code == text), None)


def _rows(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _cut(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"
