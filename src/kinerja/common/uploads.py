"""Evidence files (data dukung): checking, storing and serving uploads (DESIGN.md core rule 5).

An upload is judged by its content, never by its name: the first few KB decide what it is (and,
for the ZIP-based office formats, the ZIP's directory). A program is refused even when it is
called ``laporan.pdf``. Accepted files are streamed to Django's storage under an unguessable name
with their SHA-256, so a 100 MB video never sits in the server's memory. Every upload gets a new
name, so an upload never overwrites an older revision.

The flow in a view::

    stored = accept_upload(request.FILES["file"], prefix="evidence", allowed=slot.kinds or None)
    # ... record an EvidenceRevision with stored.name, stored.sha256, ...

and for a download, after the view's permission check::

    return download_response(revision.file_name, content_type=revision.content_type,
                             original_name=revision.original_name, inline=preview)
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import struct
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO
from urllib.parse import quote

import filetype
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.http import FileResponse
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# filetype's own signature window; every magic number we use sits in the first few hundred bytes.
HEAD_BYTES = 8 * 1024
CHUNK_BYTES = 64 * 1024
# zipfile turns every central-directory record into a Python object: a 20 MB directory of empty
# entries would cost hundreds of MB. Real office files have a few hundred entries (~100 bytes
# each); 1 MB leaves room for ~10,000 and caps what a hostile ZIP can make us allocate.
MAX_ZIP_DIRECTORY_BYTES = 1024 * 1024
# Enough for any real [Content_Types].xml (a few KB) and for an ODF `mimetype` entry.
MAX_ZIP_MEMBER_SNIFF = 64 * 1024
MAX_NAME_CHARS = 200
# Stored data, not UI text: the name a download gets when the user's name had nothing usable.
FALLBACK_STEM = "berkas"

_PREFIX_RE = re.compile(r"^[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*$")


# --- What a file is -------------------------------------------------------------------------


@dataclass(frozen=True)
class ZipFacts:
    """What the ZIP directory says, gathered once so every detector can look at it cheaply."""

    names: frozenset[str]
    odf_mimetype: str  # content of a leading `mimetype` entry, "" when there is none
    content_types: bytes  # start of `[Content_Types].xml`, b"" when there is none

    @property
    def is_ooxml(self) -> bool:
        return "[Content_Types].xml" in self.names

    @property
    def has_macros(self) -> bool:
        # A .docm/.xlsm renamed .docx keeps word/document.xml, so the part names alone would pass
        # it; the VBA project part and the macro-enabled content type give it away.
        return any(name.lower().endswith("vbaproject.bin") for name in self.names) or (
            b"macroenabled" in self.content_types.lower()
        )

    @property
    def is_program(self) -> bool:
        # Android apps and Java archives are ZIPs too; they are programs, not unknown files.
        return "classes.dex" in self.names or any(name.endswith(".class") for name in self.names)


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


# --- Validation -----------------------------------------------------------------------------

# Programs by their first bytes. None of these can start a document we accept, so a match is
# refused as a program whatever the file is called.
_PROGRAM_SIGNATURES = (
    b"MZ",  # Windows/DOS executable (PE .exe, .dll, .scr)
    b"\x7fELF",  # Linux/Unix executable
    b"\xfe\xed\xfa\xce",  # Mach-O 32-bit (macOS)
    b"\xfe\xed\xfa\xcf",  # Mach-O 64-bit
    b"\xce\xfa\xed\xfe",  # Mach-O 32-bit, little-endian
    b"\xcf\xfa\xed\xfe",  # Mach-O 64-bit, little-endian
    b"\xca\xfe\xba\xbe",  # Mach-O universal binary, also a Java class file
    b"#!",  # shell/Python/Perl script
    b"dex\n",  # Android Dalvik executable
    b"L\x00\x00\x00\x01\x14\x02\x00",  # Windows shortcut (.lnk), a classic disguised launcher
)


def validate_upload(
    uploaded_file: File,
    *,
    allowed: Iterable[str] | None = None,
    max_bytes: int | None = None,
) -> FileKind:
    """Decide what ``uploaded_file`` is by its content and whether it may be uploaded here.

    Returns the detected kind (the content wins over the name: a PNG called ``foto.pdf`` is a
    PNG, and is accepted if PNG is allowed). Raises ``ValidationError`` with one code per reason,
    each with its own message naming the file:

    - ``empty``: no bytes;
    - ``too_large``: larger than ``max_bytes`` (default ``settings.KINERJA_UPLOAD_MAX_BYTES``),
      judged from ``uploaded_file.size`` before any byte is read;
    - ``executable``: a program (Windows, Linux, macOS, script, Android, Java) under any name;
    - ``unknown_type``: content that is none of the registered kinds;
    - ``not_allowed``: a recognised kind that ``allowed`` (default: see `allowed_kinds`) excludes;
    - ``macros``: a Word/Excel/PowerPoint file carrying VBA macros.

    Reads at most ``HEAD_BYTES`` from the start, plus the ZIP directory (and at most 64 KB of two
    small members) for ZIP files; the file position is back at 0 afterwards, error or not.
    Stores nothing.
    """
    kinds = allowed_kinds(allowed)
    limit = max_bytes if max_bytes is not None else _default_max_bytes()
    name = display_name(getattr(uploaded_file, "name", None)) or _("(unnamed)")
    size = uploaded_file.size
    if size == 0:
        raise ValidationError(
            _("The file “%(name)s” is empty."), code="empty", params={"name": name}
        )
    if size > limit:
        raise ValidationError(
            _("The file “%(name)s” is %(size)s, larger than the limit of %(limit)s."),
            code="too_large",
            params={"name": name, "size": format_size(size), "limit": format_size(limit)},
        )
    try:
        kind, facts = _detect(uploaded_file, size=size, name=name)
    finally:
        uploaded_file.seek(0)
    accepted = ", ".join(str(k.label) for k in kinds)
    if kind is None:
        raise ValidationError(
            _(
                "The content of “%(name)s” is not a file type we recognise. "
                "Accepted types: %(accepted)s."
            ),
            code="unknown_type",
            params={"name": name, "accepted": accepted},
        )
    if kind not in kinds:
        raise ValidationError(
            _("The content of “%(name)s” is %(kind)s; only %(accepted)s can be uploaded here."),
            code="not_allowed",
            params={"name": name, "kind": str(kind.label), "accepted": accepted},
        )
    # After the type check: a macro .docx sent where only PDF is accepted needs converting
    # to PDF anyway, so "not allowed" is the more useful answer there.
    if facts is not None and facts.has_macros:
        raise ValidationError(
            _(
                "The file “%(name)s” contains macros (program code). "
                "Save it without macros and upload it again."
            ),
            code="macros",
            params={"name": name},
        )
    return kind


def _detect(
    uploaded_file: File, *, size: int, name: str
) -> tuple[FileKind | None, ZipFacts | None]:
    """The kind the content matches (None if none) and the ZIP facts when it is a ZIP.

    Programs are refused here, before any detector runs, so nothing can claim them.
    """
    uploaded_file.seek(0)
    head = uploaded_file.read(HEAD_BYTES)
    if head.startswith(_PROGRAM_SIGNATURES):
        raise _program_error(name)
    facts = _zip_facts(uploaded_file, size) if head.startswith(b"PK\x03\x04") else None
    if facts is not None and facts.is_program:
        raise _program_error(name)
    sample = Sample(head=head, zip=facts)
    return next((k for k in _KIND_LIST if k.detect(sample)), None), facts


def _program_error(name: str) -> ValidationError:
    return ValidationError(
        _(
            "The file “%(name)s” is a program, not a document, whatever its name says. "
            "Programs cannot be uploaded."
        ),
        code="executable",
        params={"name": name},
    )


_EOCD = struct.Struct("<4s4H2LH")  # end of central directory record
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_EOCD = struct.Struct("<4sQ2H2L4Q")
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    NotImplementedError,
    RuntimeError,
    EOFError,
    OSError,
    ValueError,
)


def _central_directory_size(file: IO[bytes], size: int) -> int | None:
    """The size the ZIP declares for its central directory, or None if there is no valid end.

    Read from the end record ourselves (at most 64 KB + 22 bytes from the tail, the same search
    zipfile does) so a hostile directory is refused before zipfile builds objects for it.
    """
    tail_len = min(size, _EOCD.size + 0xFFFF)
    file.seek(size - tail_len)
    tail = file.read(tail_len)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < _EOCD.size:
        return None
    directory_size = _EOCD.unpack_from(tail, at)[5]
    if directory_size != 0xFFFFFFFF:
        return directory_size
    # ZIP64: the real size is in the ZIP64 end record, found through the locator just before.
    if at < _ZIP64_LOCATOR.size:
        return None
    signature, _disk, record_offset, _disks = _ZIP64_LOCATOR.unpack_from(
        tail, at - _ZIP64_LOCATOR.size
    )
    if signature != b"PK\x06\x07" or record_offset + _ZIP64_EOCD.size > size:
        return None
    file.seek(record_offset)
    record = file.read(_ZIP64_EOCD.size)
    if len(record) < _ZIP64_EOCD.size or record[:4] != b"PK\x06\x06":
        return None
    return _ZIP64_EOCD.unpack(record)[8]


def _zip_facts(uploaded_file: File, size: int) -> ZipFacts | None:
    """Read the ZIP directory (zipfile seeks; it never loads the archive), or None if unusable."""
    directory_size = _central_directory_size(uploaded_file, size)
    if directory_size is None or directory_size > MAX_ZIP_DIRECTORY_BYTES:
        return None
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            infos = archive.infolist()
            if not infos:
                return None
            names = frozenset(info.filename for info in infos)
            odf_mimetype = ""
            if infos[0].filename == "mimetype":
                # read(n) inflates only what it returns, so a bomb posing as `mimetype` is harmless
                with archive.open(infos[0]) as member:
                    raw = member.read(MAX_ZIP_MEMBER_SNIFF)
                odf_mimetype = raw.decode("ascii", errors="replace").strip()
            content_types = b""
            if "[Content_Types].xml" in names:
                with archive.open("[Content_Types].xml") as member:
                    content_types = member.read(MAX_ZIP_MEMBER_SNIFF)
    except _ZIP_ERRORS:  # corrupt, encrypted or exotic: not a document we can recognise
        return None
    return ZipFacts(names=names, odf_mimetype=odf_mimetype, content_types=content_types)


def _default_max_bytes() -> int:
    return int(getattr(settings, "KINERJA_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


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


# --- Storing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredFile:
    """Where an accepted upload went and what it was: the fields of an evidence revision."""

    name: str  # storage name, e.g. evidence/2025/03/<32 random chars>.pdf
    sha256: str  # hex digest of the stored bytes
    size: int
    content_type: str  # the detected kind's MIME type, never the browser's claim
    original_name: str  # the user's name, sanitised by `display_name`, for display only


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


# --- Serving --------------------------------------------------------------------------------


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
