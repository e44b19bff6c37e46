"""Backing up a whole installation into one archive, and restoring it onto an empty one.

``create_backup`` writes every table (`tables.py`) and every stored file (`stored_files.py`)
into the archive (`archive.py`) with a manifest of row counts and SHA-256 sums.
``restore_backup`` checks the archive from end to end before it changes anything, then loads it
in one transaction and verifies the result: the row count of every table and the SHA-256 of every
file read back from storage. Any failure rolls the database back and deletes the files it stored.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import Storage, default_storage
from django.db import DatabaseError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from kinerja.audit.models import AuditEvent
from kinerja.audit.services import record_table_event
from kinerja.backups import tables
from kinerja.backups.archive import (
    ArchiveReader,
    ArchiveWriter,
    FileEntry,
    Manifest,
    TableEntry,
    file_member,
    table_member,
)
from kinerja.backups.stored_files import StorageNameTaken, list_files, save_exactly, stored_hash

SPOOL_BYTES = 8 * 1024 * 1024  # a table's rows stay in memory up to this, then go to disk


class RestoreRefused(Exception):
    """The archive is sound but cannot be restored here (not empty, other migrations, a check
    failed after loading); says why."""


@dataclass(frozen=True)
class BackupReport:
    path: Path
    tables: int
    rows: int
    files: int
    file_bytes: int


@dataclass(frozen=True)
class RestoreReport:
    created_at: str
    kinerja_version: str
    engine: str
    tables: int
    rows: int
    files: int
    files_left_in_place: int  # with ``force``: files the target had that the archive has not


def kinerja_version() -> str:
    try:
        return metadata.version("kinerja")
    except metadata.PackageNotFoundError:  # running from a checkout that was never installed
        return "unknown"


def applied_migrations(connection: BaseDatabaseWrapper) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(MigrationRecorder(connection).applied_migrations()))


# --- Backup ---------------------------------------------------------------------------------


def create_backup(
    path: Path, *, using: str = "default", storage: Storage | None = None
) -> BackupReport:
    """Write the database and every stored file into a new archive at ``path`` (``.tar``, or
    ``.tar.gz`` to compress).

    The tables are read in one read-only snapshot (see `read_snapshot`), then the files are
    copied; files are never rewritten in place (every upload gets a new name), so every file a
    row names is in the archive. Memory stays flat: rows stream through a temporary file, files
    stream from storage.

    Side effects: creates ``path`` (refuses an existing one: ``FileExistsError``); removes it
    again when anything fails. Changes nothing in the database or the storage.
    """
    storage = default_storage if storage is None else storage
    connection = connections[using]
    if path.exists():
        raise FileExistsError(f"{path} exists: a backup never overwrites another")
    writer = ArchiveWriter(path)
    try:
        chosen = tables.backed_up_models()
        table_entries = []
        with read_snapshot(connection):
            migrations = applied_migrations(connection)
            for model in chosen:
                table_entries.append(archive_table(writer, model, using=using))
        file_entries = []
        for name in list_files(storage):
            with storage.open(name, "rb") as handle:
                member = writer.add(file_member(name), handle, storage.size(name))
            file_entries.append(
                FileEntry(name=name, member=member.member, size=member.size, sha256=member.sha256)
            )
        manifest = Manifest(
            kinerja_version=kinerja_version(),
            created_at=timezone.now().isoformat(),
            engine=connection.vendor,
            migrations=migrations,
            tables=tuple(table_entries),
            files=tuple(file_entries),
        )
        writer.close(manifest)
    except BaseException:
        writer.abort()
        path.unlink(missing_ok=True)
        raise
    return BackupReport(
        path=path,
        tables=len(table_entries),
        rows=sum(entry.rows for entry in table_entries),
        files=len(file_entries),
        file_bytes=sum(entry.size for entry in file_entries),
    )


def archive_table(writer: ArchiveWriter, model, *, using: str) -> TableEntry:
    label = model._meta.label_lower
    rows = 0
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        for line in tables.dump_rows(model, using=using):
            spool.write(line)
            rows += 1
        size = spool.tell()
        spool.seek(0)
        member = writer.add(table_member(label), spool, size)
    return TableEntry(
        model=label,
        table=model._meta.db_table,
        columns=tables.column_names(model),
        rows=rows,
        member=member.member,
        size=member.size,
        sha256=member.sha256,
    )


@contextmanager
def read_snapshot(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Every query inside sees the database as it was at the first one, without blocking writers.

    Inside a caller's transaction (a test) that transaction is the snapshot. PostgreSQL: a
    REPEATABLE READ, READ ONLY transaction. SQLite: a plain deferred transaction, which in WAL
    mode reads one snapshot; ``atomic()`` would begin IMMEDIATE (the settings' transaction mode)
    and hold the write lock for the whole backup.
    """
    if connection.in_atomic_block:
        yield
    elif connection.vendor == "postgresql":
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
    else:
        with transaction.atomic(using=connection.alias):
            yield


# --- Restore --------------------------------------------------------------------------------


def restore_backup(
    path: Path,
    *,
    force: bool = False,
    using: str = "default",
    storage: Storage | None = None,
) -> RestoreReport:
    """Put the installation of the archive at ``path`` back on this one.

    Before changing anything: reads the whole archive and checks every member's size and SHA-256
    against the manifest (``ArchiveError`` when damaged, incomplete or not a Kinerja backup); the
    database must have the archive's migrations applied, no more and no fewer, and the same
    columns (``RestoreRefused``); and it must be empty — no rows beyond what ``migrate`` writes
    (content types, permissions) and no stored files — unless ``force`` (``RestoreRefused``).

    Side effects, in one transaction: deletes every row (the installation's content types and
    permissions too; with ``force`` everything), inserts the archive's rows with their primary
    keys, checks every foreign key, resets PostgreSQL's sequences, stores every file under its own
    name (with ``force`` replacing a file of the same name; other files are left in place and
    counted), reads every file back and compares its SHA-256, compares every table's row count
    with the manifest, and records audit ``backup.restore`` (no actor: the command line). On any
    failure the transaction rolls back and the files it added are deleted (``RestoreRefused``).
    """
    storage = default_storage if storage is None else storage
    connection = connections[using]
    reader = ArchiveReader(path)
    try:
        manifest = reader.manifest
        reader.verify()
        chosen = tables.backed_up_models()
        require_same_schema(manifest, chosen, connection=connection)
        existing = set(list_files(storage))
        if not force:
            require_empty(chosen, existing, using=using)
        written: list[str] = []
        try:
            with transaction.atomic(using=using):
                load_tables(reader, manifest, chosen, connection=connection)
                restore_files(reader, manifest, storage, existing=existing, written=written)
                verify_restored(manifest, chosen, storage, using=using)
                record_table_event(
                    actor=None,
                    action="backup.restore",
                    model=AuditEvent,
                    label=path.name,
                    after={
                        "created_at": manifest.created_at,
                        "kinerja_version": manifest.kinerja_version,
                        "engine": manifest.engine,
                        "rows": sum(t.rows for t in manifest.tables),
                        "files": len(manifest.files),
                        "force": force,
                    },
                )
        except BaseException:
            for name in written:
                if name not in existing:  # a replaced file's old content is gone either way
                    storage.delete(name)
            raise
    finally:
        reader.close()
        ContentType.objects.clear_cache()
    in_archive = {entry.name for entry in manifest.files}
    return RestoreReport(
        created_at=manifest.created_at,
        kinerja_version=manifest.kinerja_version,
        engine=manifest.engine,
        tables=len(manifest.tables),
        rows=sum(t.rows for t in manifest.tables),
        files=len(manifest.files),
        files_left_in_place=len(existing - in_archive),
    )


def require_same_schema(manifest: Manifest, chosen, *, connection: BaseDatabaseWrapper) -> None:
    here = set(applied_migrations(connection))
    there = set(manifest.migrations)
    if here != there:
        missing = sorted(there - here)
        extra = sorted(here - there)
        detail = "; ".join(
            part
            for part in (
                f"not applied here: {', '.join('.'.join(m) for m in missing[:5])}"
                if missing
                else "",
                f"not in the archive: {', '.join('.'.join(m) for m in extra[:5])}" if extra else "",
            )
            if part
        )
        raise RestoreRefused(
            f"the archive was made at another database version ({detail}). Install Kinerja "
            f"{manifest.kinerja_version}, the version that made it, and run `kinerja migrate` "
            "on the empty database before restoring"
        )
    columns_here = {model._meta.label_lower: tables.column_names(model) for model in chosen}
    columns_there = {entry.model: entry.columns for entry in manifest.tables}
    if columns_here != columns_there:
        differ = sorted(
            label
            for label in set(columns_here) | set(columns_there)
            if columns_here.get(label) != columns_there.get(label)
        )
        raise RestoreRefused(
            f"the archive's tables differ from this installation's: {', '.join(differ[:5])}"
        )


def require_empty(chosen, existing: set[str], *, using: str) -> None:
    filled = tables.non_empty_models(chosen, using=using)
    if filled or existing:
        parts = []
        if filled:
            parts.append(f"{len(filled)} table(s) hold rows ({', '.join(filled[:5])})")
        if existing:
            parts.append(f"the storage holds {len(existing)} file(s)")
        raise RestoreRefused(
            f"this installation is not empty: {' and '.join(parts)}. Restore onto a freshly "
            "migrated installation, or pass --force to replace its data with the archive's"
        )


def load_tables(
    reader: ArchiveReader, manifest: Manifest, chosen, *, connection: BaseDatabaseWrapper
) -> None:
    by_label = {model._meta.label_lower: model for model in chosen}
    tables.delete_rows(chosen, connection=connection)
    for entry in manifest.tables:
        model = by_label[entry.model]
        try:
            tables.insert_rows(model, reader.lines(entry.member), connection=connection)
        except ValueError as error:
            raise RestoreRefused(f"the archive's rows cannot be loaded: {error}") from None
        except DatabaseError as error:
            raise RestoreRefused(f"{entry.model}: the database refused a row: {error}") from None
    try:
        connection.check_constraints()
    except DatabaseError as error:
        raise RestoreRefused(f"the restored rows break a foreign key: {error}") from None
    tables.reset_sequences(chosen, connection=connection)


def restore_files(
    reader: ArchiveReader,
    manifest: Manifest,
    storage: Storage,
    *,
    existing: set[str],
    written: list[str],
) -> None:
    for entry in manifest.files:
        try:
            save_exactly(
                storage, entry.name, reader.open(entry.member), replace=entry.name in existing
            )
        except StorageNameTaken:
            raise RestoreRefused(f"the storage already holds a file named {entry.name}") from None
        written.append(entry.name)


def verify_restored(manifest: Manifest, chosen, storage: Storage, *, using: str) -> None:
    counts = tables.row_counts(chosen, using=using)
    for entry in manifest.tables:
        if counts[entry.model] != entry.rows:
            raise RestoreRefused(
                f"{entry.model} has {counts[entry.model]} rows after the restore,"
                f" the manifest says {entry.rows}"
            )
    for entry in manifest.files:
        size, sha256 = stored_hash(storage, entry.name)
        if size != entry.size or sha256 != entry.sha256:
            raise RestoreRefused(
                f"{entry.name} reads back from storage with SHA-256 {sha256},"
                f" the manifest says {entry.sha256}"
            )
