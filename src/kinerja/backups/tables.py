"""Every table of the database as rows that do not depend on the database engine.

A row is a JSON array of its columns' values, written the way Django's own fields read them back
(``Field.to_python``): dates and times in ISO 8601 (aware datetimes with their offset), decimals,
UUIDs and durations as text, binary data in base64. JSON columns are copied as the database's own
JSON text (cast to text on the way out, cast back on the way in), so a JSON ``null`` stays JSON
``null`` and no number is rounded through a float.

Rows are read with the ORM (its converters turn SQLite's text and PostgreSQL's types into the
same Python values) and written with plain ``INSERT`` statements, not ``bulk_create``, so that
``auto_now``/``auto_now_add`` fields keep their stored values instead of taking today's. Both
directions stream: reading in chunks of ``CHUNK_ROWS``, inserting in batches of ``BATCH_ROWS``.

Tables are taken parents first (foreign-key order), so an archive reads in a sensible order; the
restore does not rely on it, because Django's foreign keys are deferred to the end of the
transaction on SQLite and PostgreSQL, and ``check_constraints`` checks them all at once.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import json
import uuid
from collections.abc import Iterable, Iterator

from django.apps import apps
from django.core.management.color import no_style
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.functions import Cast
from django.utils.duration import duration_string

CHUNK_ROWS = 2000
BATCH_ROWS = 500
# Rows that `migrate` itself writes (post_migrate): a fresh installation has them, under primary
# keys of its own, so a restore replaces them with the archive's rather than calling the target
# non-empty.
INSTALLATION_MODELS = frozenset({"contenttypes.contenttype", "auth.permission"})
JSON_ALIAS = "backup_json_{}"


def backed_up_models() -> list[type[models.Model]]:
    """Every table Django manages for the installed apps (many-to-many tables included), parents
    before the tables that refer to them."""
    chosen = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]
    return dependency_order(chosen)


def dependency_order(chosen: Iterable[type[models.Model]]) -> list[type[models.Model]]:
    """Topological order over foreign keys (and multi-table parents), ties by label; the members
    of a cycle of references follow in label order."""
    by_label = {model._meta.label_lower: model for model in chosen}
    needs: dict[str, set[str]] = {}
    for label, model in by_label.items():
        targets = {parent._meta.label_lower for parent in model._meta.parents}
        for field in model._meta.local_concrete_fields:
            if field.is_relation and field.remote_field is not None:
                targets.add(field.remote_field.model._meta.label_lower)
        needs[label] = {target for target in targets if target in by_label and target != label}
    ordered: list[str] = []
    done: set[str] = set()
    pending = sorted(by_label)
    while pending:
        ready = [label for label in pending if needs[label] <= done] or pending[:1]
        ordered.extend(ready)
        done.update(ready)
        pending = [label for label in pending if label not in done]
    return [by_label[label] for label in ordered]


def column_names(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(field.column for field in model._meta.local_concrete_fields)


def is_json(field: models.Field) -> bool:
    return isinstance(field, models.JSONField)


# --- Out ------------------------------------------------------------------------------------


def dump_rows(model: type[models.Model], *, using: str) -> Iterator[bytes]:
    """Every row of ``model``'s table by primary key, one JSON line each."""
    fields = model._meta.local_concrete_fields
    names = []
    casts = {}
    for index, field in enumerate(fields):
        if is_json(field):
            alias = JSON_ALIAS.format(index)
            casts[alias] = Cast(field.attname, models.TextField())
            names.append(alias)
        else:
            names.append(field.attname)
    rows = (
        model._base_manager.using(using)
        .annotate(**casts)
        .order_by(model._meta.pk.attname)
        .values_list(*names)
        .iterator(chunk_size=CHUNK_ROWS)
    )
    for row in rows:
        line = json.dumps([encode_value(value) for value in row], ensure_ascii=False)
        yield line.encode() + b"\n"


def encode_value(value):
    """A column's Python value as JSON; ``Field.to_python`` reads each form back."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return duration_string(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"cannot back up a value of type {type(value).__name__}")


# --- In -------------------------------------------------------------------------------------


def delete_rows(chosen: Iterable[type[models.Model]], *, connection: BaseDatabaseWrapper) -> None:
    """Empty the tables, children first. Inside the caller's transaction."""
    with connection.cursor() as cursor:
        for model in reversed(list(chosen)):
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 -- our model's table name


def insert_rows(
    model: type[models.Model], lines: Iterable[bytes], *, connection: BaseDatabaseWrapper
) -> int:
    """Insert the archived rows of one table with their primary keys; returns how many.

    Raises ``ValueError`` for a line that is not a row of this table (wrong JSON, wrong width,
    a value its column cannot take).
    """
    fields = model._meta.local_concrete_fields
    quote = connection.ops.quote_name
    placeholders = ", ".join(
        f"CAST(%s AS {field.db_type(connection)})" if is_json(field) else "%s" for field in fields
    )
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)}"  # noqa: S608 -- our names, values are params
        f" ({', '.join(quote(field.column) for field in fields)}) VALUES ({placeholders})"
    )
    count = 0
    batch: list[list] = []
    with connection.cursor() as cursor:
        for number, line in enumerate(lines, start=1):
            try:
                raw = json.loads(line)
                if not isinstance(raw, list) or len(raw) != len(fields):
                    raise ValueError(f"expected {len(fields)} columns")
                batch.append(
                    [
                        decode_value(f, v, connection=connection)
                        for f, v in zip(fields, raw, strict=True)
                    ]
                )
            except (ValueError, TypeError, ArithmeticError) as error:
                raise ValueError(f"{model._meta.label_lower}, row {number}: {error}") from None
            if len(batch) == BATCH_ROWS:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def decode_value(field: models.Field, raw, *, connection: BaseDatabaseWrapper):
    """The parameter to insert for an archived value (JSON columns: their JSON text)."""
    if raw is None:
        return None
    if is_json(field):
        if not isinstance(raw, str):
            raise ValueError(f"column {field.column}: JSON text expected")
        json.loads(raw)  # refuse what the database would refuse, with our message
        return raw
    return field.get_db_prep_save(field.to_python(raw), connection)


def reset_sequences(chosen: list[type[models.Model]], *, connection: BaseDatabaseWrapper) -> None:
    """Move PostgreSQL's id sequences past the restored ids (SQLite's AUTOINCREMENT follows the
    inserted ids by itself: its backend returns no statements)."""
    statements = connection.ops.sequence_reset_sql(no_style(), chosen)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def row_counts(chosen: Iterable[type[models.Model]], *, using: str) -> dict[str, int]:
    return {model._meta.label_lower: model._base_manager.using(using).count() for model in chosen}


def non_empty_models(chosen: Iterable[type[models.Model]], *, using: str) -> list[str]:
    """Labels of the tables that hold rows, leaving out what `migrate` itself writes."""
    return [
        model._meta.label_lower
        for model in chosen
        if model._meta.label_lower not in INSTALLATION_MODELS
        and model._base_manager.using(using).exists()
    ]
