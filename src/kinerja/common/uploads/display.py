"""A user's file name and a file size, made fit to show and to offer back in a download."""

from __future__ import annotations

import os
import re
import unicodedata

from django.utils import formats

MAX_NAME_CHARS = 200
# Stored data, not UI text: the name a download gets when the user's name had nothing usable.
FALLBACK_STEM = "berkas"


def format_size(size: int) -> str:
    """``size`` in B/KB/MB/GB (1024-based, as KINERJA_UPLOAD_MAX_MB is), localised decimals.

    Whole numbers show no decimals so the limit reads "20 MB", not "20.0 MB".
    """
    value: float = size
    units = ["B", "KB", "MB", "GB"]
    while value >= 1024 and len(units) > 1:
        value /= 1024
        units.pop(0)
    if value == int(value):
        return f"{int(value)} {units[0]}"
    return f"{formats.number_format(value, decimal_pos=1)} {units[0]}"


def display_name(name: str | None) -> str:
    """The user's file name made safe to show and to offer back in a download.

    Keeps only the last path component (browsers on Windows used to send ``C:\\...\\x.pdf``),
    drops control and format characters (a right-to-left override can make ``rdp.exe`` look like
    ``exe.pdf``), collapses whitespace, strips leading and trailing dots, and keeps at most 200
    characters, shortening the stem rather than the extension. "" when nothing is left.
    """
    text = unicodedata.normalize("NFC", name or "")
    text = re.split(r"[/\\]", text)[-1]
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cc":  # tabs, newlines, NUL...: a word break at most
            kept.append(" ")
        elif not category.startswith("C"):  # format, surrogate, private, unassigned: dropped
            kept.append(ch)
    text = "".join(kept)
    text = " ".join(text.split()).strip(" .")
    if len(text) > MAX_NAME_CHARS:
        stem, ext = os.path.splitext(text)
        if 0 < len(ext) <= 16:
            text = stem[: MAX_NAME_CHARS - len(ext)].rstrip(" .") + ext
        else:
            text = text[:MAX_NAME_CHARS].rstrip(" .")
    return text
