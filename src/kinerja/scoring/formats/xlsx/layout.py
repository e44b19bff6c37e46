"""The workbook layout: sheets, their headers, and the keys of the Instrumen sheet."""

from __future__ import annotations

Loc = tuple[str | int, ...]

# sheet -> headers, in column order. Reading finds columns by header (any order, any case).
SHEETS: dict[str, tuple[str, ...]] = {
    "Instrumen": ("kunci", "nilai", "keterangan"),
    "Tag": ("kode", "nama"),
    "Jenis Jawaban": ("nama", "jenis", "satuan", "maks", "min", "label ya", "label tidak"),
    "Komponen": ("kode", "nama", "bobot", "sumber", "agregasi", "trim", "zscore", "deskripsi"),
    "Indikator": (
        "ref",
        "induk",
        "jenis node",
        "nama",
        "bobot",
        "mode bobot",
        "komponen",
        "tag",
        "jenis jawaban",
        "satuan",
        "maks",
        "min",
        "label ya",
        "label tidak",
        "bantuan",
        "sementara",
        "klaim kriteria",
        "fakta",
    ),
    "Level": ("pemilik", "nilai", "label", "deskriptor"),
    "Opsi": ("pemilik", "kunci", "label", "nilai", "deskriptor"),
    "Aturan": ("pemilik", "jenis", "target", "cap", "min", "skor"),
    "Bukti": ("ref", "kode", "nama", "wajib", "jenis berkas", "bantuan"),
    "Predikat": (
        "kode",
        "label",
        "min",
        "min inklusif",
        "maks",
        "maks inklusif",
        "flags",
        "deskripsi",
    ),
    "Tahapan": (
        "jenis",
        "nama",
        "hari",
        "edit mandiri",
        "unggah bukti",
        "menilai",
        "lihat nilai lain",
        "hasil terlihat",
        "deskripsi",
    ),
    "Babak": ("kode", "nama", "komponen", "bobot", "lolos", "nilai lulus", "deskripsi"),
    "Peringkat": ("jenis", "kode"),
    "Penghargaan": ("kode", "label", "peringkat", "top", "dari_peringkat", "deskripsi"),
}
REQUIRED_SHEETS = ("Instrumen", "Komponen", "Indikator")

# Instrumen sheet: key -> (kind of value, explanation shown next to it).
SETTINGS: dict[str, tuple[str, str]] = {
    "code": ("text", "kode instrumen: huruf kecil, angka, tanda minus (mis. pekppp)"),
    "version": ("text", "versi, mis. 2023.1 (tulis sebagai teks)"),
    "family": ("text", "keluarga instrumen untuk perbandingan antartahun (bawaan: code)"),
    "title": ("text", "judul instrumen"),
    "legal_basis": ("text", "dasar hukum"),
    "locale": ("text", "bahasa (id)"),
    "provisional": ("bool", "ya bila ada bobot atau aturan yang bukan dari regulasi"),
    "provisional_notes": ("text", "catatan hal yang sementara; satu baris per catatan"),
    "description": ("text", "uraian"),
    "scale.min": ("dec", "nilai terendah skala total"),
    "scale.max": ("dec", "nilai tertinggi skala total"),
    "scale.unit": ("text", "satuan nilai total (mis. IPP)"),
    "decimals": ("int", "jumlah desimal yang ditampilkan (pembulatan setengah ke atas)"),
    "aggregation.method": ("text", "mean | median | trimmed_mean"),
    "aggregation.trim": ("dec", "bagian yang dipotong di tiap ujung (trimmed_mean), mis. 0.1"),
    "aggregation.zscore": ("bool", "normalisasi z-score per penilai"),
    "missing": ("text", "zero | reweight | no_result"),
    "weights": ("text", "bobot aspek tingkat atas: percent | points | relative"),
}
KINDS = frozenset({"level", "choice", "yes_no", "number", "points", "text"})
YES = frozenset({"ya", "y", "yes", "true", "1", "benar"})
NO = frozenset({"tidak", "t", "n", "no", "false", "0", "salah"})
