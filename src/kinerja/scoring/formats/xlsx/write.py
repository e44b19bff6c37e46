"""Writing an instrument as an authoring workbook."""

from __future__ import annotations

import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ...model.numbers import decimal_text
from ...model.schema import (
    Aspect,
    ChoiceAnswer,
    Component,
    Indicator,
    Instrument,
    LevelAnswer,
    NumberAnswer,
    PointsAnswer,
    RatioRule,
    TextAnswer,
    YesNoAnswer,
)
from .layout import SETTINGS, SHEETS

__all__ = ["instrument_to_xlsx"]


def _cell_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        if value == value.to_integral_value() and abs(value) < 10**15:
            return int(value)
        as_float = float(value)
        # Only when the double reads back as exactly this decimal; otherwise keep it as text.
        if Decimal(repr(as_float)) == value:
            return as_float
        return decimal_text(value)
    if isinstance(value, tuple | list):
        return ", ".join(str(v) for v in value)
    return value


def _write_sheet(workbook: Workbook, title: str, rows: Iterable[dict[str, Any]]) -> None:
    sheet = workbook.create_sheet(title)
    headers = SHEETS[title]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell_value(row.get(header)) for header in headers])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str):
                if cell.value.startswith("="):
                    cell.data_type = "s"  # text that looks like a formula stays text
                if "\n" in cell.value:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, header in enumerate(headers, start=1):
        width = max(
            [len(header)]
            + [len(str(c.value or "")) for c in sheet[get_column_letter(index)][1:200]]
        )
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "A2"


def _answer_columns(answer: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"jenis jawaban": answer.type}
    if isinstance(answer, PointsAnswer):
        row.update({"maks": answer.max, "min": answer.min, "satuan": answer.unit})
    elif isinstance(answer, NumberAnswer):
        row["satuan"] = answer.unit
    elif isinstance(answer, YesNoAnswer):
        row.update({"label ya": answer.yes_label, "label tidak": answer.no_label})
    elif isinstance(answer, TextAnswer):
        row["maks"] = answer.max_words  # a text's most words
    return row


def _answer_detail_rows(owner: str, answer: Any, sheets: dict[str, list[dict[str, Any]]]) -> None:
    if isinstance(answer, LevelAnswer):
        for level in answer.levels:
            sheets["Level"].append(
                {
                    "pemilik": owner,
                    "nilai": level.value,
                    "label": level.label,
                    "deskriptor": level.descriptor,
                }
            )
    elif isinstance(answer, ChoiceAnswer):
        for option in answer.options:
            sheets["Opsi"].append(
                {
                    "pemilik": owner,
                    "kunci": option.key,
                    "label": option.label,
                    "nilai": option.value,
                    "deskriptor": option.descriptor,
                }
            )
    elif isinstance(answer, NumberAnswer):
        rule = answer.rule
        if isinstance(rule, RatioRule):
            sheets["Aturan"].append(
                {"pemilik": owner, "jenis": "ratio", "target": rule.target, "cap": rule.cap}
            )
        else:
            for step in rule.steps:
                sheets["Aturan"].append(
                    {"pemilik": owner, "jenis": "thresholds", "min": step.min, "skor": step.score}
                )


Sheets = dict[str, list[dict[str, Any]]]


def instrument_to_xlsx(instrument: Instrument) -> bytes:
    """The instrument as an authoring workbook; ``instrument_from_xlsx`` reads it back equal."""
    sheets: Sheets = {title: [] for title in SHEETS}
    sheets["Instrumen"] = _settings_rows(instrument)
    sheets["Tag"] = [{"kode": k, "nama": v} for k, v in instrument.tags.items()]
    # Answer types first: their Level/Opsi/Aturan rows come before the indicators' own.
    for name, answer in instrument.answer_types.items():
        columns = _answer_columns(answer)
        columns["jenis"] = columns.pop("jenis jawaban")
        sheets["Jenis Jawaban"].append({"nama": name, **columns})
        _answer_detail_rows(name, answer, sheets)
    sheets["Komponen"] = [_component_row(c) for c in instrument.components]
    for aspect in instrument.aspects:
        _write_node(aspect, None, sheets)
    _write_parts(instrument, sheets)

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title in SHEETS:
        _write_sheet(workbook, title, sheets[title])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _settings_rows(inst: Instrument) -> list[dict[str, Any]]:
    """Sheet Instrumen: one key/value row per setting, with its explanation."""
    settings: list[dict[str, Any]] = []

    def setting(key: str, value: Any) -> None:
        settings.append({"kunci": key, "nilai": value, "keterangan": SETTINGS[key][1]})

    for key, value in (
        ("code", inst.code),
        ("version", inst.version),
        ("family", inst.family),
        ("title", inst.title),
        ("legal_basis", inst.legal_basis),
        ("locale", inst.locale),
        ("provisional", inst.provisional),
    ):
        setting(key, value)
    for note in inst.provisional_notes:
        setting("provisional_notes", note)
    for key, value in (
        ("description", inst.description),
        ("scale.min", inst.scale.min),
        ("scale.max", inst.scale.max),
        ("scale.unit", inst.scale.unit),
        ("decimals", inst.decimals),
        ("aggregation.method", inst.aggregation.method),
        ("aggregation.trim", inst.aggregation.trim),
        ("aggregation.zscore", inst.aggregation.zscore),
        ("missing", inst.missing),
        ("weights", inst.weights),
    ):
        setting(key, value)
    return settings


def _component_row(c: Component) -> dict[str, Any]:
    aggregation = c.aggregation
    return {
        "kode": c.code,
        "nama": c.name,
        "bobot": c.weight,
        "sumber": c.source,
        "agregasi": aggregation.method if aggregation else None,
        "trim": aggregation.trim if aggregation else None,
        "zscore": aggregation.zscore if aggregation else None,
        "deskripsi": c.description,
    }


def _write_node(node: Aspect | Indicator, parent: str | None, sheets: Sheets) -> None:
    """One row of sheet Indikator per node, depth first; an indicator's evidence in Bukti."""
    row: dict[str, Any] = {
        "ref": node.ref,
        "induk": parent,
        "nama": node.name,
        "bobot": node.weight,
        "tag": node.tag,
        "bantuan": node.help,
    }
    if isinstance(node, Aspect):
        row.update({"jenis node": "aspek", "mode bobot": node.weights})
        row["komponen"] = node.component
        sheets["Indikator"].append(row)
        for child in node.children:
            _write_node(child, node.ref, sheets)
        return
    row["jenis node"] = "indikator"
    row["sementara"] = node.provisional
    if node.claims is not None:
        row["klaim kriteria"] = node.claims.criteria
    if node.facts:
        row["fakta"] = node.facts
    if node.answer_type:
        row["jenis jawaban"] = node.answer_type
    else:
        row.update(_answer_columns(node.answer))
        _answer_detail_rows(node.ref, node.answer, sheets)
    sheets["Indikator"].append(row)
    for slot in node.evidence:
        sheets["Bukti"].append(
            {
                "ref": node.ref,
                "kode": slot.code,
                "nama": slot.name,
                "wajib": slot.required,
                "jenis berkas": slot.kinds,
                "bantuan": slot.help,
            }
        )


def _write_parts(inst: Instrument, sheets: Sheets) -> None:
    """Sheets Predikat, Tahapan, Babak, Peringkat and Penghargaan."""
    for b in inst.bands:
        sheets["Predikat"].append(
            {
                "kode": b.code,
                "label": b.label,
                "min": b.min,
                "min inklusif": b.min_inclusive,
                "maks": b.max,
                "maks inklusif": b.max_inclusive,
                "flags": b.flags,
                "deskripsi": b.description,
            }
        )
    for s in inst.stages:
        sheets["Tahapan"].append(
            {
                "jenis": s.kind,
                "nama": s.name,
                "hari": s.days,
                "edit mandiri": s.can_edit_self,
                "unggah bukti": s.can_upload_evidence,
                "menilai": s.can_score,
                "lihat nilai lain": s.see_other_scores,
                "hasil terlihat": s.results_visible,
                "deskripsi": s.description,
            }
        )
    for r in inst.rounds:
        sheets["Babak"].append(
            {
                "kode": r.code,
                "nama": r.name,
                "komponen": r.components,
                "bobot": r.weight,
                "lolos": r.advance,
                "nilai lulus": r.passing,
                "deskripsi": r.description,
            }
        )
    for t in inst.ranking.tie_breakers:
        sheets["Peringkat"].append(
            {"jenis": "komponen", "kode": t.component}
            if t.component is not None
            else {"jenis": "aspek", "kode": t.aspect}
        )
    for a in inst.awards:
        sheets["Penghargaan"].append(
            {
                "kode": a.code,
                "label": a.label,
                "peringkat": a.rank,
                "top": a.top,
                "dari_peringkat": a.from_rank,
                "deskripsi": a.description,
            }
        )
