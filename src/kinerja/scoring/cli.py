"""The pure core of ``kinerja score``: read answers from a file, score them, show the result.

Input is JSON (``{"answers": {ref: value | [values] | {evaluator: value}}}`` for the first
component, or ``{"components": {code: {"answers": {...}}}}``) or, for survey instruments, a
CSV/XLSX table with one respondent per row and one column per questionnaire element. Every
problem is reported at once, naming the ref, or the row and column of the table.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from .engine.explain import json_value
from .engine.inputs import observe, observe_consensus
from .engine.types import ParticipantInput, Result
from .model.errors import ScoreInputError
from .model.schema import Aspect, Indicator, Instrument

__all__ = [
    "parse_score_input",
    "parse_score_request",
    "result_to_json",
    "result_to_table",
]

MAX_INPUT_BYTES = 20 * 1024 * 1024
# The deepest legitimate input is components -> code -> answers -> ref -> {evaluator: value}.
MAX_JSON_DEPTH = 16


def _read(path_or_bytes: str | Path | bytes, filename: str | None) -> tuple[bytes, str]:
    if isinstance(path_or_bytes, bytes | bytearray):
        return bytes(path_or_bytes), filename or "<input>"
    path = Path(path_or_bytes)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ScoreInputError(f"{path}: tidak dapat dibaca ({exc.strerror})") from None
    return data, filename or path.name


def _format(data: bytes, filename: str) -> str:
    suffix = Path(filename).suffix.casefold()
    if suffix in (".json", ".csv", ".xlsx"):
        return suffix[1:]
    if data.startswith(b"PK"):
        return "xlsx"
    if data.lstrip()[:1] in (b"{", b"["):
        return "json"
    return "csv"


def parse_score_request(
    path_or_bytes: str | Path | bytes, *, filename: str | None = None, inst: Instrument
) -> ParticipantInput:
    """Answers (and, in JSON, an optional ``consensus`` of the same shape) from a file."""
    data, name = _read(path_or_bytes, filename)
    if not data.strip():
        raise ScoreInputError(f"{name}: berkas kosong")
    if len(data) > MAX_INPUT_BYTES:
        raise ScoreInputError(f"{name}: berkas terlalu besar (maksimal 20 MB)")
    kind = _format(data, name)
    if kind == "json":
        values, consensus = _parse_json(data, name, inst)
    else:
        rows = _xlsx_rows(data, name) if kind == "xlsx" else _csv_rows(data, name)
        values, consensus = _parse_table(rows, name, inst), None
    problems: list[str] = []
    observe(inst, values, problems)
    observe_consensus(inst, consensus, problems)
    if problems:
        raise ScoreInputError([f"{name}: {problem}" for problem in problems])
    return ParticipantInput(values, consensus)


def parse_score_input(
    path_or_bytes: str | Path | bytes, *, filename: str | None = None, inst: Instrument
) -> dict[str, dict[str, Any]]:
    """The ``values`` for ``score()`` read from a JSON, CSV or XLSX file (bytes or a path).

    Raises ``ScoreInputError`` listing every unknown ref, bad value or malformed part.
    """
    return dict(parse_score_request(path_or_bytes, filename=filename, inst=inst).values)


# ------------------------------------------------------------------------------------ JSON


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} bukan angka yang sah")


def _depth(document: Any) -> int:
    """How deeply lists and objects nest in ``document`` (a scalar is 0), without recursion."""
    deepest = 0
    stack = [(document, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, level)
            if level > MAX_JSON_DEPTH:
                break
            items = value.values() if isinstance(value, dict) else value
            stack.extend((item, level + 1) for item in items)
    return deepest


def _parse_json(
    data: bytes, name: str, inst: Instrument
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]] | None]:
    try:
        # Numbers from their text: 3.5 becomes Decimal("3.5"), never a float.
        document = json.loads(
            data.decode("utf-8-sig"), parse_float=Decimal, parse_constant=_no_constant
        )
    except UnicodeDecodeError:
        raise ScoreInputError(f"{name}: berkas bukan UTF-8") from None
    except RecursionError:
        raise ScoreInputError(
            f"{name}: JSON bertingkat terlalu dalam (paling banyak {MAX_JSON_DEPTH} tingkat)"
        ) from None
    except ValueError as exc:
        raise ScoreInputError(f"{name}: JSON tidak sah: {exc}") from None
    if _depth(document) > MAX_JSON_DEPTH:
        raise ScoreInputError(
            f"{name}: JSON bertingkat terlalu dalam (paling banyak {MAX_JSON_DEPTH} tingkat)"
        )
    if not isinstance(document, dict):
        raise ScoreInputError(
            f"{name}: JSON harus berupa objek dengan kunci answers atau components"
        )
    unknown = set(document) - {"answers", "components", "consensus"}
    problems = [f"{name}: kunci '{key}' tidak dikenal" for key in sorted(unknown)]
    if ("answers" in document) == ("components" in document):
        problems.append(f"{name}: isi salah satu: answers atau components")
    if problems:
        raise ScoreInputError(problems)
    first = inst.components[0].code

    def section() -> dict[str, dict[str, Any]]:
        if "answers" in document:
            if not isinstance(document["answers"], dict):
                raise ScoreInputError(f"{name}: answers harus objek {{ref: nilai}}")
            return {first: document["answers"]}
        components = document["components"]
        if not isinstance(components, dict):
            raise ScoreInputError(f"{name}: components harus objek {{kode: {{answers: ...}}}}")
        out: dict[str, dict[str, Any]] = {}
        errors = []
        for code, part in components.items():
            if not isinstance(part, dict) or set(part) != {"answers"}:
                errors.append(f'{name}: components.{code} harus berupa {{"answers": {{...}}}}')
            elif not isinstance(part["answers"], dict):
                errors.append(f"{name}: components.{code}.answers harus objek {{ref: nilai}}")
            else:
                out[code] = part["answers"]
        if errors:
            raise ScoreInputError(errors)
        return out

    values = section()
    consensus = document.get("consensus")
    if consensus is not None:
        if not isinstance(consensus, dict):
            raise ScoreInputError(f"{name}: consensus harus objek {{komponen: {{ref: nilai}}}}")
        if "answers" in document:
            consensus = {first: consensus}
    return values, consensus


# ------------------------------------------------------------------------------------ tables


def _csv_rows(data: bytes, name: str) -> list[tuple[int, list[Any]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ScoreInputError(f"{name}: berkas CSV harus UTF-8") from None
    first_line = text.split("\n", 1)[0]
    # Spreadsheets set to Indonesian write ';' between columns (the comma is the decimal mark).
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    return [(number, row) for number, row in enumerate(reader, start=1)]


def _xlsx_rows(data: bytes, name: str) -> list[tuple[int, list[Any]]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ScoreInputError(f"{name}: bukan berkas XLSX yang sah") from None
    try:
        sheet = workbook.worksheets[0]
        return [
            (number, list(row))
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        workbook.close()


def _cell(value: Any) -> Any:
    if isinstance(value, float):
        # Excel keeps numbers as doubles; the shortest round-trip text is what was typed.
        return int(value) if value.is_integer() else Decimal(repr(value))
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


_LOOKS_LIKE_REF = re.compile(r"^\S*\d\S*$")


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def survey_component(inst: Instrument) -> str:
    """The component a respondent table feeds: the one survey component."""
    surveys = [c.code for c in inst.components if c.source == "survey"]
    if len(surveys) != 1:
        raise ScoreInputError(
            f"instrumen '{inst.key}' tidak punya tepat satu komponen survei; gunakan JSON"
        )
    return surveys[0]


def _parse_table(
    rows: list[tuple[int, list[Any]]], name: str, inst: Instrument
) -> dict[str, dict[str, Any]]:
    code = survey_component(inst)
    indicators = {i.ref: i for i in inst.iter_indicators(code)}
    folded = {ref.casefold(): ref for ref in indicators}
    rows = [(n, row) for n, row in rows if any(_cell(v) is not None for v in row)]
    if not rows:
        raise ScoreInputError(f"{name}: tabel kosong")
    header_number, header = rows[0]
    columns: dict[int, str] = {}
    problems: list[str] = []
    for index, title in enumerate(header):
        text = str(_cell(title) or "")
        ref = (indicators.get(text) and text) or folded.get(text.casefold())
        column = _column_letter(index)
        if ref is not None:
            if ref in columns.values():
                problems.append(f"{name}: kolom {column} ('{text}'): unsur '{ref}' sudah ada")
            columns[index] = ref
        elif _LOOKS_LIKE_REF.match(text) or text in inst.derived.nodes:
            problems.append(
                f"{name}: kolom {column} ('{text}') bukan unsur komponen '{code}' "
                f"(unsur: {', '.join(indicators)})"
            )
    for ref in indicators:
        if indicators[ref].scored and ref not in columns.values():
            problems.append(f"{name}: kolom untuk unsur '{ref}' tidak ada di baris {header_number}")
    if problems:
        raise ScoreInputError(problems)
    answers: dict[str, list[Any]] = {ref: [] for ref in columns.values()}
    for number, row in rows[1:]:
        for index, ref in columns.items():
            value = _cell(row[index]) if index < len(row) else None
            if value is not None:
                try:
                    indicators[ref].validate_raw(value)
                except ValueError as exc:
                    problems.append(
                        f"{name}: baris {number}, kolom {_column_letter(index)} ({ref}): {exc}"
                    )
            answers[ref].append(value)
    if problems:
        raise ScoreInputError(problems)
    return {code: answers}


# ------------------------------------------------------------------------------------ output


def _grade(result: Result) -> dict[str, str] | None:
    grade = result.grade
    return None if grade is None else {"code": grade.code, "label": grade.label}


def result_to_json(inst: Instrument, result: Result) -> dict[str, Any]:
    """The result as JSON-ready data; numbers are decimal strings with the instrument's decimals.

    ``{"instrument": "pekppp@2023.1", "total": "3.87", "grade": {"code", "label"},
    "aspects": [{"ref", "name", "score"}], "components": [...], "explain": {...}}``
    """
    return {
        "instrument": inst.key,
        "total": result.display or None,
        "grade": _grade(result),
        "aspects": [
            {"ref": a.ref, "name": a.name, "score": result.nodes[a.ref].display or None}
            for a in inst.aspects
        ],
        "components": [
            {
                "code": c.code,
                "name": c.name,
                "weight": json_value(c.weight),
                "score": result.components[c.code].display or None,
            }
            for c in inst.components
        ],
        "explain": result.explain(),
    }


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def result_to_table(inst: Instrument, result: Result) -> str:
    """A plain-text table of the result: total, grade, then every node with weight and score."""
    unit = f" {inst.scale.unit}" if inst.scale.unit else ""
    lines = [f"Instrumen : {inst.key} - {inst.title}"]
    total = result.display or "-"
    lines.append(f"Total     : {total}{unit}")
    grade = result.grade
    lines.append(f"Predikat  : {grade.code} ({grade.label})" if grade else "Predikat  : -")
    if result.missing:
        lines.append(f"Belum diisi: {', '.join(result.missing)}")
    lines.append("")
    rows: list[tuple[str, str, str, str]] = [("Ref", "Nama", "Bobot", "Nilai")]

    def add(node: Aspect | Indicator, depth: int) -> None:
        score = (result.nodes if isinstance(node, Aspect) else result.indicators)[node.ref]
        indent = "  " * depth
        rows.append((indent + node.ref, node.name, json_value(node.weight), score.display or "-"))
        if isinstance(node, Aspect):
            for child in node.children:
                add(child, depth + 1)

    for component in inst.components:
        score = result.components[component.code]
        rows.append(
            (component.code, component.name, json_value(component.weight), score.display or "-")
        )
        for aspect in inst.top_aspects(component.code):
            add(aspect, 1)
    ref_width = max(len(r[0]) for r in rows)
    name_width = min(max(len(r[1]) for r in rows), 56)
    weight_width = max(len(r[2]) for r in rows)
    score_width = max(len(r[3]) for r in rows)
    for ref, name, weight, value in rows:
        lines.append(
            f"{ref:<{ref_width}}  {_fit(name, name_width):<{name_width}}  "
            f"{weight:>{weight_width}}  {value:>{score_width}}".rstrip()
        )
    return "\n".join(lines) + "\n"
