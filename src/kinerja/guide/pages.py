"""The pages of the user guide (Panduan), one per role, in the order the guide and its PDF
follow. The text is Indonesian, like the documents Kinerja prints; the pictures are screenshots
of the demo world made by ``make guide`` (scripts/make_guide.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GuidePage:
    slug: str
    title: str
    role: str

    @property
    def template(self) -> str:
        return f"guide/pages/{self.slug}.html"


PAGES = (
    GuidePage(
        "penyelenggara", "Penyelenggara", "Menyusun evaluasi, memantau, menetapkan dan mengumumkan"
    ),
    GuidePage(
        "operator-unit", "Operator unit", "Mengisi penilaian mandiri (F01) dan menjawab klarifikasi"
    ),
    GuidePage(
        "kepala-unit", "Kepala unit", "Memeriksa dan mengirim F01, menandatangani berita acara"
    ),
    GuidePage("penilai", "Penilai", "Memverifikasi dan menilai unit yang ditugaskan"),
    GuidePage("ketua-tim", "Ketua tim", "Memimpin rapat pleno dan menandatangani hasil"),
    GuidePage("survei", "Survei kepuasan", "Membuka SKM, poster QR, kios, formulir kertas, IKM"),
    GuidePage("masyarakat", "Masyarakat", "Membaca hasil yang diumumkan dan katalog inovasi"),
)
BY_SLUG = {page.slug: page for page in PAGES}
