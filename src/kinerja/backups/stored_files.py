"""The files behind Django's storage API (``default_storage``: local disk or object storage).

Only the storage API is used — ``listdir``, ``size``, ``open``, ``save``, ``delete`` — never a
path on disk, so the same code backs up and restores ``KINERJA_STORAGE=local`` and ``s3``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from django.core.files import File
from django.core.files.storage import Storage

from kinerja.backups.archive import hash_stream


class StorageNameTaken(Exception):
    """The storage saved a file under another name than asked (the name was taken)."""


def list_files(storage: Storage, directory: str = "") -> Iterator[str]:
    """Every file name in ``storage``, depth first, sorted within each directory."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:  # a local storage whose directory was never created is empty
        return
    prefix = f"{directory}/" if directory else ""
    for name in sorted(files):
        yield f"{prefix}{name}"
    for name in sorted(directories):
        yield from list_files(storage, f"{prefix}{name}")


def save_exactly(storage: Storage, name: str, stream: IO[bytes], *, replace: bool) -> None:
    """Store ``stream`` under exactly ``name`` (rows refer to files by name). With ``replace`` an
    existing file of that name is deleted first; without, a taken name is ``StorageNameTaken``."""
    if replace and storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, File(stream, name=name))
    if saved != name:
        storage.delete(saved)
        raise StorageNameTaken(name)


def stored_hash(storage: Storage, name: str) -> tuple[int, str]:
    """Size and SHA-256 of a stored file, read back through the storage."""
    with storage.open(name, "rb") as handle:
        return hash_stream(handle)
