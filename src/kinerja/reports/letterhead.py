"""The kop surat (letterhead) of a document, from the organising unit and its region."""

from __future__ import annotations

from dataclasses import dataclass

from kinerja.units.models import Unit


@dataclass(frozen=True)
class Letterhead:
    government: str
    unit: str
    address: str = ""


def letterhead_for(unit: Unit) -> Letterhead:
    """``PEMERINTAH KOTA YOGYAKARTA`` over ``BAGIAN TATA PEMERINTAHAN``: the region's government
    (its pemda unit when one exists) above the organising unit."""
    government = (
        Unit.objects.filter(region_id=unit.region_id, kind="pemda", parent__isnull=True)
        .values_list("name", flat=True)
        .first()
    ) or f"Pemerintah {unit.region.name}"
    if government == unit.name:
        return Letterhead(government="", unit=unit.name)
    return Letterhead(government=government, unit=unit.name)
