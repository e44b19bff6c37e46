"""The documents and photos of the demo's innovations: a one-page profile (PDF) and a picture
(PNG) per innovation, stored through ``innovations.services.add_file`` like any upload, so the
public catalogue shows evidence and the storage, content checks and audit are the real ones."""

from __future__ import annotations

import struct
import zlib

from django.core.files.base import ContentFile
from django.utils.text import slugify

from kinerja.demo.f01 import minimal_pdf
from kinerja.innovations.models import Innovation
from kinerja.innovations.services import add_file

WIDTH, HEIGHT = 320, 200


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def demo_png(seed: int) -> bytes:
    """A small valid RGB PNG: a sky-to-ground gradient tinted by ``seed`` with a sun, so each
    innovation's picture differs (no image library needed)."""
    tint = (seed * 47) % 160
    sun_x, sun_y, radius = 60 + seed * 37 % 200, 50, 22
    rows = bytearray()
    for y in range(HEIGHT):
        rows.append(0)  # filter: none
        ground = y > HEIGHT * 2 // 3
        for x in range(WIDTH):
            if (x - sun_x) ** 2 + (y - sun_y) ** 2 <= radius**2:
                pixel = (250, 200, 60)
            elif ground:
                pixel = (40 + tint // 3, 120 + y % 40, 60)
            else:
                pixel = (60 + tint // 2, 120 + y // 3, 200 + tint // 4)
            rows += bytes(pixel)
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(bytes(rows), 6))
        + _chunk(b"IEND", b"")
    )


def attach_demo_files(innovation: Innovation, *, by, photo: bool = True) -> None:
    """Its profile PDF and, with ``photo``, a picture of the activity (idempotent: an innovation
    with files is left alone)."""
    if innovation.files.exists():
        return
    name = slugify(innovation.acronym or innovation.title)[:60] or "inovasi"
    add_file(
        innovation,
        upload=ContentFile(
            minimal_pdf(f"Profil inovasi {innovation.acronym or innovation.title}"),
            name=f"profil-{name}.pdf",
        ),
        caption="Profil inovasi",
        by=by,
    )
    if photo:
        add_file(
            innovation,
            upload=ContentFile(demo_png(innovation.pk), name=f"kegiatan-{name}.png"),
            caption="Dokumentasi kegiatan",
            by=by,
        )
