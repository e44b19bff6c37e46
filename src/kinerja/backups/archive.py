"""The backup archive: one tar file (gzip-compressed when its name ends in ``.gz``).

Layout::

    database/<app_label>.<model_name>.jsonl   one table, one row per line (a JSON array in the
                                             order of the manifest's ``columns``), by primary key
    files/<storage name>                     every file of the default storage, byte for byte
    manifest.json                            written last: it holds every other member's SHA-256

The manifest says what the archive is (``format``, ``format_version``, the Kinerja version, when it
was made, the database engine and its applied migrations), and lists every table (model, table
name, columns, row count, member, size, SHA-256) and every stored file (storage name, member,
size, SHA-256). Nothing in the archive depends on the database engine, so a SQLite backup restores
onto PostgreSQL and back.

This module knows the format only: writing members while hashing them, reading and checking the
manifest, and verifying that every member is present, unchanged and expected. What goes into the
tables and files is `tables.py`'s and `services.py`'s business. Every refusal is an
``ArchiveError`` whose message says what is wrong, for the command to print without a traceback.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

FORMAT = "kinerja-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DATABASE_DIR = "database/"
FILES_DIR = "files/"
CHUNK_BYTES = 64 * 1024
# A manifest lists one line per table and per file: 50 MB is room for a few hundred thousand
# files, and caps what a hostile archive can make us parse.
MAX_MANIFEST_BYTES = 50 * 1024 * 1024


class ArchiveError(Exception):
    """The archive cannot be used (unreadable, damaged, incomplete, not ours); says why."""


@dataclass(frozen=True)
class Member:
    """One member of the archive as the manifest records it."""

    member: str  # the name inside the tar
    size: int
    sha256: str


@dataclass(frozen=True)
class TableEntry(Member):
    model: str  # app_label.model_name
    table: str
    columns: tuple[str, ...]
    rows: int


@dataclass(frozen=True)
class FileEntry(Member):
    name: str  # the storage name


@dataclass(frozen=True)
class Manifest:
    kinerja_version: str
    created_at: str
    engine: str
    migrations: tuple[tuple[str, str], ...]
    tables: tuple[TableEntry, ...]
    files: tuple[FileEntry, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "kinerja_version": self.kinerja_version,
            "created_at": self.created_at,
            "database": {
                "engine": self.engine,
                "migrations": [list(pair) for pair in self.migrations],
            },
            "tables": [
                {
                    "model": t.model,
                    "table": t.table,
                    "columns": list(t.columns),
                    "rows": t.rows,
                    "member": t.member,
                    "size": t.size,
                    "sha256": t.sha256,
                }
                for t in self.tables
            ],
            "files": [
                {"name": f.name, "member": f.member, "size": f.size, "sha256": f.sha256}
                for f in self.files
            ],
        }

    @property
    def members(self) -> tuple[Member, ...]:
        return (*self.tables, *self.files)


def table_member(model_label: str) -> str:
    return f"{DATABASE_DIR}{model_label}.jsonl"


def file_member(storage_name: str) -> str:
    return f"{FILES_DIR}{storage_name}"


def is_safe_storage_name(name: str) -> bool:
    """A relative name without empty, ``.`` or ``..`` parts: restoring it cannot leave storage."""
    if not name or name.startswith("/") or "\\" in name or "\x00" in name:
        return False
    return all(part not in {"", ".", ".."} for part in name.split("/"))


# --- Writing --------------------------------------------------------------------------------


def write_mode(path: Path) -> str:
    return "w:gz" if path.name.endswith(".gz") else "w"


class ArchiveWriter:
    """Adds members to a tar file while hashing them; ``close`` writes the manifest last."""

    def __init__(self, path: Path):
        self.path = path
        self.tar = tarfile.open(  # noqa: SIM115 -- close() or abort() closes it
            path, write_mode(path), format=tarfile.PAX_FORMAT
        )

    def add(self, member: str, stream: IO[bytes], size: int) -> Member:
        """Copy ``size`` bytes of ``stream`` into the archive; returns the member's size and hash.

        The tar header needs the size before the content, so the caller states it; a stream that
        turns out shorter or longer (a file changed while it was read) is an ``ArchiveError``.
        """
        hashing = HashingReader(stream)
        info = tarfile.TarInfo(member)
        info.size = size
        info.mode = 0o600
        try:
            self.tar.addfile(info, hashing)
        except OSError as error:  # tarfile raises OSError("unexpected end of data")
            raise ArchiveError(f"{member}: the source was shorter than {size} bytes") from error
        if hashing.read(1):
            raise ArchiveError(f"{member}: the source grew while it was being archived")
        return Member(member=member, size=size, sha256=hashing.hexdigest())

    def close(self, manifest: Manifest) -> None:
        data = json.dumps(manifest.as_json(), ensure_ascii=False, indent=1).encode()
        info = tarfile.TarInfo(MANIFEST_NAME)
        info.size = len(data)
        info.mode = 0o600
        self.tar.addfile(info, io.BytesIO(data))
        self.tar.close()

    def abort(self) -> None:
        self.tar.close()


class HashingReader(io.RawIOBase):
    """Reads from ``stream`` and hashes what passes through (SHA-256)."""

    def __init__(self, stream: IO[bytes]):
        self.stream = stream
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.digest.update(data)
        return data

    def hexdigest(self) -> str:
        return self.digest.hexdigest()


def hash_stream(stream: IO[bytes]) -> tuple[int, str]:
    """Size and SHA-256 of what is left in ``stream``, read in 64 KB chunks."""
    digest = hashlib.sha256()
    size = 0
    while chunk := stream.read(CHUNK_BYTES):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


# --- Reading --------------------------------------------------------------------------------


class ArchiveReader:
    """An archive opened for restoring: the parsed manifest and its members, by name."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.tar = tarfile.open(path, "r:*")  # noqa: SIM115 -- close() closes it
            self.by_name = {info.name: info for info in self.tar.getmembers()}
        except FileNotFoundError:
            raise ArchiveError(f"{path}: no such file") from None
        except (tarfile.TarError, OSError, EOFError) as error:
            raise ArchiveError(
                f"{path} is not a readable backup archive (a tar or tar.gz file): {error}"
            ) from None
        self.manifest = parse_manifest(self.read_manifest())

    def read_manifest(self) -> bytes:
        info = self.by_name.get(MANIFEST_NAME)
        if info is None or not info.isfile():
            raise ArchiveError(f"{self.path} has no {MANIFEST_NAME}: it is not a Kinerja backup")
        if info.size > MAX_MANIFEST_BYTES:
            raise ArchiveError(f"{MANIFEST_NAME} is larger than {MAX_MANIFEST_BYTES} bytes")
        return self.open(MANIFEST_NAME).read()

    def open(self, member: str) -> IO[bytes]:
        handle = self.tar.extractfile(self.by_name[member])
        assert handle is not None  # only regular files are opened, checked by verify()
        return handle

    def verify(self) -> None:
        """Check that every member the manifest lists is there with its size and SHA-256, and
        that the archive holds nothing else. Reads the whole archive once; changes nothing."""
        expected = {m.member: m for m in self.manifest.members}
        unexpected = sorted(set(self.by_name) - set(expected) - {MANIFEST_NAME})
        if unexpected:
            raise ArchiveError(
                f"the archive holds {len(unexpected)} member(s) its manifest does not list,"
                f" first {unexpected[0]!r}: it is damaged or was altered"
            )
        for name, entry in expected.items():
            info = self.by_name.get(name)
            if info is None or not info.isfile():
                raise ArchiveError(
                    f"{name!r} is listed in the manifest but missing from the archive:"
                    " the archive is incomplete"
                )
            try:
                size, sha256 = hash_stream(self.open(name))
            except (tarfile.TarError, OSError, EOFError) as error:
                raise ArchiveError(f"{name!r} cannot be read from the archive: {error}") from None
            if size != entry.size or sha256 != entry.sha256:
                raise ArchiveError(
                    f"{name!r} does not match the manifest (size {size}, expected {entry.size};"
                    f" SHA-256 {sha256}, expected {entry.sha256}): the archive is damaged"
                )

    def lines(self, member: str) -> Iterator[bytes]:
        yield from self.open(member)  # a buffered reader: iterating it yields lines

    def close(self) -> None:
        self.tar.close()


def parse_manifest(data: bytes) -> Manifest:
    """The manifest, checked field by field; a bad one is an ``ArchiveError`` naming the field."""
    try:
        raw = json.loads(data)
    except (ValueError, RecursionError) as error:
        raise ArchiveError(f"{MANIFEST_NAME} is not valid JSON: {error}") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ArchiveError(f"{MANIFEST_NAME} does not describe a Kinerja backup")
    if raw.get("format_version") != FORMAT_VERSION:
        raise ArchiveError(
            f"backup format version {raw.get('format_version')!r} is not supported"
            f" (this Kinerja reads version {FORMAT_VERSION})"
        )
    try:
        database = _mapping(raw, "database")
        migrations = tuple(
            (_text(pair, 0), _text(pair, 1)) for pair in _list(database, "migrations")
        )
        tables = tuple(
            TableEntry(
                model=_text(t, "model"),
                table=_text(t, "table"),
                columns=tuple(_text(t["columns"], i) for i in range(len(_list(t, "columns")))),
                rows=_count(t, "rows"),
                member=_text(t, "member"),
                size=_count(t, "size"),
                sha256=_digest(t, "sha256"),
            )
            for t in _list(raw, "tables")
        )
        files = tuple(
            FileEntry(
                name=_text(f, "name"),
                member=_text(f, "member"),
                size=_count(f, "size"),
                sha256=_digest(f, "sha256"),
            )
            for f in _list(raw, "files")
        )
        manifest = Manifest(
            kinerja_version=_text(raw, "kinerja_version"),
            created_at=_text(raw, "created_at"),
            engine=_text(database, "engine"),
            migrations=migrations,
            tables=tables,
            files=files,
        )
    except (KeyError, IndexError, TypeError, ValueError) as error:
        raise ArchiveError(f"{MANIFEST_NAME} is malformed: {error}") from None
    for table in manifest.tables:
        if table.member != table_member(table.model):
            raise ArchiveError(f"{MANIFEST_NAME}: table {table.model} has member {table.member!r}")
    for file in manifest.files:
        if not is_safe_storage_name(file.name) or file.member != file_member(file.name):
            raise ArchiveError(f"{MANIFEST_NAME}: unsafe or inconsistent file name {file.name!r}")
    return manifest


def _mapping(raw: Any, key: str) -> dict:
    value = raw[key]
    if not isinstance(value, dict):
        raise ValueError(f"{key!r} must be an object")
    return value


def _list(raw: Any, key: str) -> list:
    value = raw[key]
    if not isinstance(value, list):
        raise ValueError(f"{key!r} must be a list")
    return value


def _text(raw: Any, key: str | int) -> str:
    value = raw[key]
    if not isinstance(value, str):
        raise ValueError(f"{key!r} must be a string, got {value!r}")
    return value


def _count(raw: Any, key: str) -> int:
    value = raw[key]
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{key!r} must be a whole number, got {value!r}")
    return value


def _digest(raw: Any, key: str) -> str:
    value = _text(raw, key)
    if len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
        raise ValueError(f"{key!r} must be a SHA-256 hex digest, got {value!r}")
    return value
