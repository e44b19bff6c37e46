"""Streaming an accepted upload into storage, under a name nobody can guess or reuse."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.utils import timezone

from kinerja.common.uploads.display import FALLBACK_STEM, display_name
from kinerja.common.uploads.kinds import FileKind
from kinerja.common.uploads.validation import validate_upload

CHUNK_BYTES = 64 * 1024

_PREFIX_RE = re.compile(r"^[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*$")


@dataclass(frozen=True)
class StoredFile:
    """Where an accepted upload went and what it was: the fields of an evidence revision."""

    name: str  # storage name, e.g. evidence/2025/03/<32 random chars>.pdf
    sha256: str  # hex digest of the stored bytes
    size: int
    content_type: str  # the detected kind's MIME type, never the browser's claim
    original_name: str  # the user's name, sanitised by `display_name`, for display only

    def record_fields(self) -> dict[str, object]:
        """The fields of a ``records.StoredFileRecord`` row that names this file."""
        return {
            "file_name": self.name,
            "content_type": self.content_type,
            "original_name": self.original_name,
            "size": self.size,
            "sha256": self.sha256,
        }


def store_upload(
    uploaded_file: File,
    *,
    kind: FileKind,
    prefix: str,
    storage: Storage | None = None,
) -> StoredFile:
    """Stream ``uploaded_file`` (already checked by `validate_upload`) into storage.

    The name is ``{prefix}/{yyyy}/{mm}/{token}{ext}``: 24 random bytes (32 URL-safe characters)
    and the detected kind's extension, with nothing the user typed, so names cannot be guessed
    and a new upload never replaces an old one (every upload is a new revision).

    Two passes, both in 64 KB chunks: the first hashes, the second is ``storage.save``. Hashing
    separately keeps the digest independent of how a backend reads: the filesystem backend moves
    a TemporaryUploadedFile into place without reading it at all, S3 reads with ``read(n)`` and
    may retry parts. Memory stays flat either way; the cost is reading the file twice.

    Side effects: writes one file to ``storage`` (``default_storage`` unless given). If the caller
    fails afterwards (e.g. its transaction rolls back) it should delete ``result.name``.
    """
    if not _PREFIX_RE.match(prefix):
        raise ValueError(f"unsafe storage prefix {prefix!r}: use letters, digits, - _ and /")
    storage = default_storage if storage is None else storage
    digest = hashlib.sha256()
    size = 0
    for chunk in uploaded_file.chunks(CHUNK_BYTES):  # chunks() starts from position 0
        digest.update(chunk)
        size += len(chunk)
    uploaded_file.seek(0)
    today = timezone.localdate()
    name = f"{prefix}/{today:%Y}/{today:%m}/{secrets.token_urlsafe(24)}{kind.extension}"
    saved_name = storage.save(name, uploaded_file)
    original = display_name(getattr(uploaded_file, "name", None))
    return StoredFile(
        name=saved_name,
        sha256=digest.hexdigest(),
        size=size,
        content_type=kind.content_type,
        original_name=original or f"{FALLBACK_STEM}{kind.extension}",
    )


def accept_upload(
    uploaded_file: File,
    *,
    prefix: str,
    allowed: Iterable[str] | None = None,
    max_bytes: int | None = None,
    storage: Storage | None = None,
) -> StoredFile:
    """`validate_upload` then `store_upload`: what a view calls. Nothing is stored on refusal.

    Raises the ``ValidationError`` of `validate_upload` for the form to show.
    """
    kind = validate_upload(uploaded_file, allowed=allowed, max_bytes=max_bytes)
    return store_upload(uploaded_file, kind=kind, prefix=prefix, storage=storage)


@contextmanager
def removed_on_failure(stored: StoredFile, *, storage: Storage | None = None) -> Iterator[None]:
    """Delete ``stored`` from storage again when the block raises (the row naming it and its
    audit event were not written), then let the error through."""
    try:
        yield
    except Exception:
        (default_storage if storage is None else storage).delete(stored.name)
        raise
