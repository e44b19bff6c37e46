"""Serving a stored evidence file back: a streaming response with a safe name and type."""

from __future__ import annotations

import os
import re
import unicodedata
from urllib.parse import quote

from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.http import FileResponse

from kinerja.common.uploads.display import FALLBACK_STEM, display_name
from kinerja.common.uploads.kinds import FileKind, kind_for_content_type


def open_for_download(name: str, *, storage: Storage | None = None) -> File:
    """Open a stored file for reading, ready to hand to ``FileResponse`` (which closes it).

    Raises ``FileNotFoundError`` (or the backend's equivalent) when the file is gone: that is a
    lost evidence file, worth an error in the log, so it is not turned into a 404 here.
    """
    storage = default_storage if storage is None else storage
    return storage.open(name, "rb")


def download_response(
    stored_name: str,
    *,
    content_type: str,
    original_name: str,
    inline: bool,
    storage: Storage | None = None,
) -> FileResponse:
    """A streaming response for a stored evidence file.

    The permission check is the caller's: call this only after the view has decided, through
    the app's rules, that the user may see this file (and answered 404 otherwise).

    ``inline`` asks for a preview; it is honoured only for kinds a browser shows safely (PDF and
    images), everything else is an attachment. A content type that is not a registered kind's
    becomes ``application/octet-stream``. The download name is the user's name with the
    extension of what the file really is, sent as RFC 6266 ``filename*`` (UTF-8) with an ASCII
    ``filename`` fallback; ``nosniff`` stops the browser from second-guessing the type, and
    ``Cache-Control: private`` keeps shared caches from keeping a permission-checked file.
    """
    kind = kind_for_content_type(content_type)
    as_inline = inline and kind is not None and kind.inline
    response = FileResponse(
        open_for_download(stored_name, storage=storage),
        content_type=kind.content_type if kind else "application/octet-stream",
        as_attachment=not as_inline,
    )
    filename = _download_name(original_name, kind)
    response["Content-Disposition"] = content_disposition(filename, inline=as_inline)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private"
    return response


def _download_name(original_name: str, kind: FileKind | None) -> str:
    # The operating system picks the program by extension: give it the one the content has.
    name = display_name(original_name)
    stem, ext = os.path.splitext(name)
    if kind is None:
        return name or FALLBACK_STEM
    if ext.lower() in kind.extensions:
        return name
    return f"{stem or FALLBACK_STEM}{kind.extension}"


def content_disposition(filename: str, *, inline: bool) -> str:
    """A Content-Disposition value with an ASCII ``filename`` and an RFC 6266 ``filename*``.

    Old clients take the ASCII fallback; every current browser takes ``filename*``.
    """
    stem, ext = os.path.splitext(filename)
    ascii_stem = _ascii(stem) or FALLBACK_STEM
    disposition = "inline" if inline else "attachment"
    return (
        f'{disposition}; filename="{ascii_stem}{_ascii(ext)}"; '
        f"filename*=UTF-8''{quote(filename, safe='')}"
    )


def _ascii(text: str) -> str:
    # Accents fold to their letter (é → e); anything else that could break the quoted string
    # or mean something to a shell or file system becomes "_".
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9 ._()+,-]", "_", folded).strip(" _")
