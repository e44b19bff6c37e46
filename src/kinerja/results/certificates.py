"""Certificates (piagam penghargaan, sertifikat predikat) read from a determination's snapshot,
and the small pieces the decree documents share: the QR code, the verification code, the place
of signing.

A certificate is never stored: it is derived from the frozen snapshot row, so it always says
what the decree says.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

AWARD = "penghargaan"
GRADE = "predikat"
KINDS = (AWARD, GRADE)

#: Hex characters of the snapshot SHA-256 printed on a certificate for checking by eye.
VERIFICATION_LENGTH = 16

_REGION_PREFIX = re.compile(
    r"^(kota administrasi|kabupaten administrasi|kota|kabupaten|provinsi)\s+", re.I
)


@dataclass(frozen=True)
class Certificate:
    """One page: an award (``name`` is the award's name, e.g. "Terbaik I") or a grade
    (``code``/``name`` are the band's code and label, e.g. "A", "Memuaskan")."""

    kind: str
    participant_id: int
    unit: str
    rank: int | None
    name: str
    code: str = ""


def certificates_for_row(row: dict[str, Any], award_names: list[str]) -> list[Certificate]:
    """Every certificate one snapshot row earns: one per award (in the row's order), then one
    for its grade when it has one. ``award_names`` are the row's award names (see
    ``snapshot_award_names``)."""
    common = {"participant_id": row["participant_id"], "unit": row["unit"], "rank": row.get("rank")}
    found = [Certificate(kind=AWARD, name=name, **common) for name in award_names]
    if row.get("grade_code"):
        found.append(
            Certificate(
                kind=GRADE, code=row["grade_code"], name=row.get("grade_label") or "", **common
            )
        )
    return found


def certificates_of(
    rows: Iterable[dict[str, Any]], names_of: Callable[[dict[str, Any]], list[str]]
) -> list[Certificate]:
    """All certificates of a snapshot for printing: awards first (snapshot order, which is by
    rank), then grades (same order). ``names_of(row)`` gives a row's award names."""
    found = [c for row in rows for c in certificates_for_row(row, names_of(row))]
    return [c for c in found if c.kind == AWARD] + [c for c in found if c.kind == GRADE]


def verification_code(sha256: str) -> str:
    """The first hex characters of the snapshot hash, printed for a quick check by eye."""
    return sha256[:VERIFICATION_LENGTH]


def signing_place(region_name: str) -> str:
    """``Kota Yogyakarta`` → ``Yogyakarta``: the place a decree says it was signed at."""
    return _REGION_PREFIX.sub("", region_name).strip()
