"""What an upload is, decided by its content, and whether it may be uploaded here.

Refusals come first and cost little: the declared size before any byte is read, then programs
by their first bytes (whatever the file is called), then the kind and the macros.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

from kinerja.common.uploads.display import display_name, format_size
from kinerja.common.uploads.kinds import FileKind, Sample, allowed_kinds, detect_kind
from kinerja.common.uploads.zipdir import ZipFacts, read_zip_facts

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# filetype's own signature window; every magic number we use sits in the first few hundred bytes.
HEAD_BYTES = 8 * 1024

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
    _check_size(name, size=size, limit=limit)
    try:
        kind, facts = _detect(uploaded_file, size=size, name=name)
    finally:
        uploaded_file.seek(0)
    _check_kind(name, kind=kind, facts=facts, kinds=kinds)
    return kind


def _check_size(name: str, *, size: int, limit: int) -> None:
    """Refuse an empty file (``empty``) or one over the limit (``too_large``)."""
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


def _check_kind(
    name: str, *, kind: FileKind | None, facts: ZipFacts | None, kinds: tuple[FileKind, ...]
) -> None:
    """Refuse content of no known kind (``unknown_type``), a kind not accepted here
    (``not_allowed``) and an office file with macros (``macros``), in that order."""
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
    facts = read_zip_facts(uploaded_file, size) if head.startswith(b"PK\x03\x04") else None
    if facts is not None and facts.is_program:
        raise _program_error(name)
    sample = Sample(head=head, zip=facts)
    return detect_kind(sample), facts


def _program_error(name: str) -> ValidationError:
    return ValidationError(
        _(
            "The file “%(name)s” is a program, not a document, whatever its name says. "
            "Programs cannot be uploaded."
        ),
        code="executable",
        params={"name": name},
    )


def _default_max_bytes() -> int:
    return int(getattr(settings, "KINERJA_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))
