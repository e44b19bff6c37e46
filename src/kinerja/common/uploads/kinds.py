"""What a file is: the kinds of evidence file the system accepts, each with its content test."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from kinerja.common.uploads.zipdir import ZipFacts


@dataclass(frozen=True)
class Sample:
    """The evidence a detector decides on: the first bytes, and the ZIP directory if it is one."""

    head: bytes
    zip: ZipFacts | None = None


@dataclass(frozen=True)
class FileKind:
    """One type of evidence file the system accepts.

    ``extensions[0]`` is the one stored names and download names get; ``inline`` says a browser
    may show it in place (PDF and images, for previews) instead of downloading it.
    """

    code: str
    label: str | Promise
    extensions: tuple[str, ...]
    content_type: str
    detect: Callable[[Sample], bool]
    inline: bool = False

    @property
    def extension(self) -> str:
        return self.extensions[0]

    def __str__(self) -> str:
        return str(self.label)


def _magic(mime: str) -> Callable[[Sample], bool]:
    """A detector from the `filetype` library's matcher for ``mime`` (magic numbers at offset 0)."""
    matcher = filetype.get_type(mime=mime)
    if matcher is None:  # a filetype upgrade dropped a matcher: fail at import, not per upload
        raise ImproperlyConfigured(f"filetype has no matcher for {mime}")
    return lambda sample: bool(matcher.match(sample.head))


def _ooxml(part: str, main_type: bytes) -> Callable[[Sample], bool]:
    """An Office Open XML package whose main part is ``part`` (or is declared as ``main_type``).

    Word and Excel always use the conventional part names; other writers may put the main part
    elsewhere but must still declare its content type in [Content_Types].xml.
    """

    def detect(sample: Sample) -> bool:
        facts = sample.zip
        return (
            facts is not None
            and facts.is_ooxml
            and (part in facts.names or main_type in facts.content_types)
        )

    return detect


def _odf(mimetype: str) -> Callable[[Sample], bool]:
    """An OpenDocument file: the ODF spec puts a `mimetype` entry first, holding the type."""
    return lambda sample: sample.zip is not None and sample.zip.odf_mimetype == mimetype


_KIND_LIST = [
    FileKind("pdf", "PDF", (".pdf",), "application/pdf", _magic("application/pdf"), inline=True),
    FileKind("jpeg", "JPEG", (".jpg", ".jpeg"), "image/jpeg", _magic("image/jpeg"), inline=True),
    FileKind("png", "PNG", (".png",), "image/png", _magic("image/png"), inline=True),
    # Phones and browsers increasingly save WebP; every browser we support previews it.
    FileKind("webp", "WebP", (".webp",), "image/webp", _magic("image/webp"), inline=True),
    FileKind(
        "docx",
        "Word (DOCX)",
        (".docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ooxml("word/document.xml", b"wordprocessingml.document.main+xml"),
    ),
    FileKind(
        "xlsx",
        "Excel (XLSX)",
        (".xlsx",),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ooxml("xl/workbook.xml", b"spreadsheetml.sheet.main+xml"),
    ),
    # Presentations (paparan) are a stage of several instruments; same check as DOCX/XLSX.
    FileKind(
        "pptx",
        "PowerPoint (PPTX)",
        (".pptx",),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _ooxml("ppt/presentation.xml", b"presentationml.presentation.main+xml"),
    ),
    FileKind(
        "odt",
        gettext_lazy("OpenDocument Text (ODT)"),
        (".odt",),
        "application/vnd.oasis.opendocument.text",
        _odf("application/vnd.oasis.opendocument.text"),
    ),
    FileKind(
        "ods",
        gettext_lazy("OpenDocument Spreadsheet (ODS)"),
        (".ods",),
        "application/vnd.oasis.opendocument.spreadsheet",
        _odf("application/vnd.oasis.opendocument.spreadsheet"),
    ),
    FileKind(
        "odp",
        gettext_lazy("OpenDocument Presentation (ODP)"),
        (".odp",),
        "application/vnd.oasis.opendocument.presentation",
        _odf("application/vnd.oasis.opendocument.presentation"),
    ),
    # filetype's MP4 matcher wants an `ftyp` box with an mp41/mp42/isom brand: what phones and
    # cameras write. QuickTime .mov (brand `qt  `) is deliberately not MP4.
    FileKind("mp4", gettext_lazy("MP4 video"), (".mp4",), "video/mp4", _magic("video/mp4")),
]

KINDS: dict[str, FileKind] = {kind.code: kind for kind in _KIND_LIST}
"""The registry: code → kind, in detection order."""

# Instrument files say `jpg` (the extension people know); both mean the same kind.
KIND_ALIASES = {"jpg": "jpeg"}

_BY_CONTENT_TYPE = {kind.content_type: kind for kind in _KIND_LIST}


def get_kind(code: str) -> FileKind:
    """The kind for ``code`` (or an alias such as ``jpg``); ``KeyError`` for an unknown code."""
    return KINDS[KIND_ALIASES.get(code, code)]


def kind_for_content_type(content_type: str) -> FileKind | None:
    """The kind whose MIME type is ``content_type`` (as stored by `store_upload`), or None."""
    return _BY_CONTENT_TYPE.get(content_type)


def allowed_kinds(codes: Iterable[str] | None = None) -> tuple[FileKind, ...]:
    """Resolve kind codes to kinds; None or empty means the site default.

    The default is ``settings.KINERJA_EVIDENCE_KINDS`` when defined, else every registered kind.
    Empty counts as "not restricted" because that is what an evidence slot without ``kinds``
    means in an instrument file. An unknown code is a programming or configuration error.
    """
    codes = list(codes or ())
    source = "allowed"
    if not codes:
        configured = getattr(settings, "KINERJA_EVIDENCE_KINDS", None)
        if configured is None:
            return tuple(_KIND_LIST)
        codes, source = list(configured), "KINERJA_EVIDENCE_KINDS"
    unknown = [code for code in codes if KIND_ALIASES.get(code, code) not in KINDS]
    if unknown:
        message = f"{source}: unknown evidence kind(s) {unknown}; known: {sorted(KINDS)}"
        if source == "allowed":
            raise ValueError(message)
        raise ImproperlyConfigured(message)
    return tuple(dict.fromkeys(get_kind(code) for code in codes))


def detect_kind(sample: Sample) -> FileKind | None:
    """The first registered kind (in detection order) whose content test ``sample`` passes."""
    return next((k for k in _KIND_LIST if k.detect(sample)), None)
