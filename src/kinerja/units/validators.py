"""The shape of a Kemendagri region code (REFERENCE.md §8), checked against the region's kind
and its parent: province ``35``, kab/kota ``35.07`` under its province (``71``–``99`` are kota,
``01``–``69`` kabupaten), kecamatan ``35.07.12`` under its kab/kota."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from kinerja.units.enums import CITY_KINDS, REGENCY_KINDS, RegionKind

_SEGMENT = r"(?!00)\d{2}"
_SHAPES = {
    1: re.compile(rf"{_SEGMENT}"),
    2: re.compile(rf"{_SEGMENT}\.{_SEGMENT}"),
    3: re.compile(rf"{_SEGMENT}\.{_SEGMENT}\.{_SEGMENT}"),
}
FIRST_KOTA = 71  # kab/kota codes 71–99 are kota, 01–69 kabupaten


def is_kota_code(code: str) -> bool:
    """Whether a kab/kota code (``35.79``) is a kota's by its number."""
    return int(code.split(".")[1]) >= FIRST_KOTA


def level_of(kind: str) -> int:
    """1 for a province, 2 for a kabupaten/kota, 3 for a kecamatan."""
    if kind == RegionKind.PROVINSI:
        return 1
    if kind in REGENCY_KINDS:
        return 2
    return 3


def region_code_errors(
    *, code: str, kind: str, parent_code: str | None, parent_kind: str | None
) -> dict[str, str]:
    """What is wrong with a new region's code and parent, by field (empty when nothing is).

    Pure: takes the parent's code and kind rather than the parent, so a form and a service can
    both ask before anything is saved.
    """
    level = level_of(kind)
    examples = {1: "35", 2: "35.07", 3: "35.07.12"}
    if not _SHAPES[level].fullmatch(code or ""):
        return {
            "code": _("A code of this kind has the shape %(example)s (two digits per level).")
            % {"example": examples[level]}
        }
    if level == 1:
        return {"parent": _("A province has no parent region.")} if parent_code else {}
    if parent_code is None:
        return {"parent": _("Choose the region this one belongs to.")}
    if level == 2 and parent_kind != RegionKind.PROVINSI:
        return {"parent": _("A regency or city belongs to a province.")}
    if level == 3 and parent_kind not in REGENCY_KINDS:
        return {"parent": _("A kecamatan belongs to a regency or city.")}
    if code.rsplit(".", 1)[0] != parent_code:
        return {
            "code": _("The code must start with the parent region's code %(parent)s.")
            % {"parent": parent_code}
        }
    if level == 2 and is_kota_code(code) != (kind in CITY_KINDS):
        return {
            "code": _("Codes %(first)s–99 are for cities (kota), lower codes for regencies.")
            % {"first": FIRST_KOTA}
        }
    return {}
