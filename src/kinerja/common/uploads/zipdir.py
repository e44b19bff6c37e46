"""What a ZIP's directory says, read without trusting it.

The office formats (DOCX, XLSX, PPTX, ODF) are ZIPs; what they are is written in their
directory and in two small members. A hostile ZIP may declare a huge directory or a member that
inflates without end, so the directory's size is read from the end record first and every
member read is capped.
"""

from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass
from typing import IO

from django.core.files import File

# zipfile turns every central-directory record into a Python object: a 20 MB directory of empty
# entries would cost hundreds of MB. Real office files have a few hundred entries (~100 bytes
# each); 1 MB leaves room for ~10,000 and caps what a hostile ZIP can make us allocate.
MAX_ZIP_DIRECTORY_BYTES = 1024 * 1024
# Enough for any real [Content_Types].xml (a few KB) and for an ODF `mimetype` entry.
MAX_ZIP_MEMBER_SNIFF = 64 * 1024


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


def read_zip_facts(uploaded_file: File, size: int) -> ZipFacts | None:
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
