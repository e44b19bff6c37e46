"""The XLSX rekap: one row per participant with every aspect and indicator score, one sheet per
top-level aspect, written in constant memory (openpyxl write-only mode)."""

from __future__ import annotations

import re
from typing import BinaryIO

from django.db.models import F
from django.utils.translation import gettext as _
from openpyxl import Workbook

from kinerja.results.compute import inputs_for
from kinerja.results.models import Result
from kinerja.scoring.engine import ParticipantInput, score_many

_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def _title(text: str, used: set[str]) -> str:
    base = _BAD_TITLE.sub(" ", text)[:31].strip() or "Aspek"
    title, n = base, 1
    while title.lower() in used:
        n += 1
        title = f"{base[:27]} ({n})"
    used.add(title.lower())
    return title


def _number(display: str):
    try:
        return float(display) if display else None
    except ValueError:
        return display


def write_rekap(cycle, stream: BinaryIO) -> None:
    """Write the cycle's rekap to ``stream``. Indicator scores come from the same engine run on the
    stored inputs; totals, grades and ranks from the stored results."""
    instrument = cycle.instrument_version.definition
    results = list(
        Result.objects.filter(cycle=cycle)
        .select_related("participant__unit")
        .order_by(F("rank").asc(nulls_last=True), "participant__unit__name")
    )
    inputs = inputs_for(cycle)
    empty = ParticipantInput(values={})
    computed = score_many(
        instrument, {r.participant_id: inputs.get(r.participant_id, empty) for r in results}
    )
    aspects = [a for c in instrument.components for a in instrument.top_aspects(c.code)]
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    summary = workbook.create_sheet(_title(_("Recap"), used))
    summary.append(
        [_("Rank"), _("Unit"), _("Total"), _("Grade"), _("Award")]
        + [f"{a.ref}. {a.name}" for a in aspects]
    )
    for row in results:
        summary.append(
            [
                row.rank,
                row.participant.unit.name,
                _number(row.display),
                row.grade_code,
                ", ".join(row.awards),
            ]
            + [_number((row.aspects.get(a.ref) or {}).get("display", "")) for a in aspects]
        )
    for aspect in aspects:
        sheet = workbook.create_sheet(_title(f"{aspect.ref} {aspect.name}", used))
        indicators = list(aspect.iter_indicators())
        sheet.append([_("Unit")] + [f"{i.ref} {i.name}"[:120] for i in indicators])
        for row in results:
            scored = computed[row.participant_id].indicators
            sheet.append(
                [row.participant.unit.name]
                + [_number(scored[i.ref].display) if i.ref in scored else None for i in indicators]
            )
    workbook.save(stream)
