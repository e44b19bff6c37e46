"""From the workbook's rows to the instrument's plain data, recording where each value was."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .cells import Reader, Row
from .layout import KINDS, SETTINGS, Loc

__all__ = ["build"]


Node = tuple[dict[str, Any], Row]
"""A node of sheet Indikator being built, with its row."""

Details = dict[str, dict[str, list[tuple[Row, dict[str, Any], dict[str, str]]]]]


def build(tables: dict[str, list[Row] | None], reader: Reader) -> dict[str, Any]:
    """The instrument's plain data from the workbook's rows, one sheet after the other; where
    each value came from is recorded in ``reader`` (for the model's messages)."""
    rows = {title: table or [] for title, table in tables.items()}
    data = _settings(rows["Instrumen"], reader)
    tags = _tags(rows["Tag"], reader)
    if tags:
        data["tags"] = tags
    answer = _Answers(reader, _answer_details(rows, reader))
    answer_types = _answer_types(rows["Jenis Jawaban"], reader, answer)
    if answer_types:
        data["answer_types"] = answer_types
    data["components"] = _components(rows["Komponen"], reader)
    data["aspects"] = _tree(rows, reader, answer)
    answer.report_unused()
    for key, items in (
        ("bands", _bands(rows["Predikat"], reader)),
        ("stages", _stages(rows["Tahapan"], reader)),
        ("rounds", _rounds(rows["Babak"], reader)),
    ):
        if items:
            data[key] = items
    breakers = _tie_breakers(rows["Peringkat"], reader)
    if breakers:
        data["ranking"] = {"tie_breakers": breakers}
    awards = _awards(rows["Penghargaan"], reader)
    if awards:
        data["awards"] = awards
    return data


def _settings(rows: list[Row], reader: Reader) -> dict[str, Any]:
    """Sheet Instrumen: key/value rows (``scale.min`` and ``aggregation.method`` nested)."""
    data: dict[str, Any] = {}
    scale: dict[str, Any] = {}
    aggregation: dict[str, Any] = {}
    notes: list[str] = []
    seen: set[str] = set()
    for row in rows:
        key = reader.text(row, "kunci")
        if key is None:
            continue
        if key not in SETTINGS:
            reader.drop(row, "kunci", f"kunci '{key}' tidak dikenal")
            continue
        if key in seen and key != "provisional_notes":
            reader.error(row, "kunci", f"kunci '{key}' ditulis dua kali")
            continue
        seen.add(key)
        kind = SETTINGS[key][0]
        head, _, tail = key.partition(".")
        loc: Loc = (head, tail) if tail else (head,)
        if key == "provisional_notes":
            loc = (key, len(notes))
        read: Callable[..., Any] = {
            "text": reader.text,
            "dec": reader.decimal,
            "int": reader.integer,
            "bool": reader.boolean,
        }[kind]
        value = read(row, "nilai", loc)
        if tail:
            reader.place((head,), row, "kunci")
        if value is None:
            continue
        if key == "provisional_notes":
            notes.append(value)
        elif head == "scale":
            scale[tail] = value
        elif head == "aggregation":
            aggregation[tail] = value
        else:
            data[key] = value
    if notes:
        data["provisional_notes"] = notes
    if scale or "scale" not in data:
        data["scale"] = scale
    if aggregation:
        data["aggregation"] = aggregation
    return data


def _tags(rows: list[Row], reader: Reader) -> dict[str, Any]:
    tags: dict[str, Any] = {}
    for row in rows:
        code = reader.text(row, "kode")
        if code is not None:
            tags[code] = reader.text(row, "nama", ("tags", code))
    return tags


class _Answers:
    """Builds an answer spec from its row and its detail rows (Level, Opsi, Aturan, grouped by
    owner: indicator ref or answer type name), remembering which details were used."""

    def __init__(self, reader: Reader, details: Details) -> None:
        self.reader = reader
        self.details = details
        self.used: set[tuple[str, str]] = set()

    def __call__(self, row: Row, owner: str, kind: str, base: Loc) -> dict[str, Any]:
        reader, details, used = self.reader, self.details, self.used
        spec: dict[str, Any] = {"type": kind}
        reader.place(base, row, "jenis jawaban" if row.sheet == "Indikator" else "jenis")
        if kind == "level":
            used.add(("Level", owner))
            spec["levels"] = _place_items(
                reader, details["Level"].get(owner, []), (*base, "levels")
            )
        elif kind == "choice":
            used.add(("Opsi", owner))
            spec["options"] = _place_items(
                reader, details["Opsi"].get(owner, []), (*base, "options")
            )
        elif kind == "number":
            used.add(("Aturan", owner))
            spec["rule"] = _rule(reader, details["Aturan"].get(owner, []), (*base, "rule"))
            _optional(spec, "unit", reader.text(row, "satuan", (*base, "unit")))
        elif kind == "points":
            _optional(spec, "max", reader.decimal(row, "maks", (*base, "max")))
            _optional(spec, "min", reader.decimal(row, "min", (*base, "min")))
            _optional(spec, "unit", reader.text(row, "satuan", (*base, "unit")))
        elif kind == "yes_no":
            _optional(spec, "yes_label", reader.text(row, "label ya", (*base, "yes_label")))
            _optional(spec, "no_label", reader.text(row, "label tidak", (*base, "no_label")))
        elif kind == "text":  # "maks": the most words
            _optional(spec, "max_words", reader.integer(row, "maks", (*base, "max_words")))
        return spec

    def report_unused(self) -> None:
        """A detail row whose owner uses no such sheet (unless rows were dropped already)."""
        for sheet, owners in self.details.items():
            for owner, items in owners.items():
                if (sheet, owner) not in self.used and not self.reader.structural:
                    row = items[0][0]
                    self.reader.error(
                        row,
                        "pemilik",
                        f"'{owner}' bukan indikator atau jenis jawaban yang memakai lembar {sheet}",
                    )


def _answer_types(rows: list[Row], reader: Reader, answer: _Answers) -> dict[str, Any]:
    answer_types: dict[str, Any] = {}
    for row in rows:
        name = reader.text(row, "nama")
        if name is None:
            continue
        kind = reader.text(row, "jenis") or ""
        if kind not in KINDS:
            reader.drop(
                row, "jenis", f"jenis '{kind}' tidak dikenal; pilihan: {', '.join(sorted(KINDS))}"
            )
            continue
        answer_types[name] = answer(row, name, kind, ("answer_types", name))
    return answer_types


def _components(rows: list[Row], reader: Reader) -> list[dict[str, Any]]:
    components = []
    for index, row in enumerate(rows):
        base: Loc = ("components", index)
        reader.place(base, row)
        item: dict[str, Any] = {}
        _optional(item, "code", reader.text(row, "kode", (*base, "code")))
        _optional(item, "name", reader.text(row, "nama", (*base, "name")))
        _optional(item, "weight", reader.decimal(row, "bobot", (*base, "weight")))
        _optional(item, "source", reader.text(row, "sumber", (*base, "source")))
        agg: dict[str, Any] = {}
        _optional(agg, "method", reader.text(row, "agregasi", (*base, "aggregation", "method")))
        _optional(agg, "trim", reader.decimal(row, "trim", (*base, "aggregation", "trim")))
        _optional(agg, "zscore", reader.boolean(row, "zscore", (*base, "aggregation", "zscore")))
        if agg:
            item["aggregation"] = agg
            reader.place((*base, "aggregation"), row, "agregasi")
        _optional(item, "description", reader.text(row, "deskripsi", (*base, "description")))
        components.append(item)
    return components


def _bands(rows: list[Row], reader: Reader) -> list[dict[str, Any]]:
    bands = []
    for index, row in enumerate(rows):
        base: Loc = ("bands", index)
        reader.place(base, row)
        item: dict[str, Any] = {}
        _optional(item, "code", reader.text(row, "kode", (*base, "code")))
        _optional(item, "label", reader.text(row, "label", (*base, "label")))
        _optional(item, "min", reader.decimal(row, "min", (*base, "min")))
        _optional(
            item, "min_inclusive", reader.boolean(row, "min inklusif", (*base, "min_inclusive"))
        )
        _optional(item, "max", reader.decimal(row, "maks", (*base, "max")))
        _optional(
            item, "max_inclusive", reader.boolean(row, "maks inklusif", (*base, "max_inclusive"))
        )
        _optional(item, "flags", reader.listing(row, "flags", (*base, "flags")) or None)
        _optional(item, "description", reader.text(row, "deskripsi", (*base, "description")))
        bands.append(item)
    return bands


def _stages(rows: list[Row], reader: Reader) -> list[dict[str, Any]]:
    stages = []
    for index, row in enumerate(rows):
        base: Loc = ("stages", index)
        reader.place(base, row)
        item: dict[str, Any] = {}
        _optional(item, "kind", reader.text(row, "jenis", (*base, "kind")))
        _optional(item, "name", reader.text(row, "nama", (*base, "name")))
        _optional(item, "days", reader.integer(row, "hari", (*base, "days")))
        for header, key in (
            ("edit mandiri", "can_edit_self"),
            ("unggah bukti", "can_upload_evidence"),
            ("menilai", "can_score"),
            ("hasil terlihat", "results_visible"),
        ):
            _optional(item, key, reader.boolean(row, header, (*base, key)))
        _optional(
            item,
            "see_other_scores",
            reader.text(row, "lihat nilai lain", (*base, "see_other_scores")),
        )
        _optional(item, "description", reader.text(row, "deskripsi", (*base, "description")))
        stages.append(item)
    return stages


def _rounds(rows: list[Row], reader: Reader) -> list[dict[str, Any]]:
    rounds = []
    for index, row in enumerate(rows):
        base: Loc = ("rounds", index)
        reader.place(base, row)
        item: dict[str, Any] = {}
        _optional(item, "code", reader.text(row, "kode", (*base, "code")))
        _optional(item, "name", reader.text(row, "nama", (*base, "name")))
        item["components"] = reader.listing(row, "komponen", (*base, "components"))
        _optional(item, "weight", reader.decimal(row, "bobot", (*base, "weight")))
        _optional(item, "advance", reader.integer(row, "lolos", (*base, "advance")))
        _optional(item, "passing", reader.decimal(row, "nilai lulus", (*base, "passing")))
        _optional(item, "description", reader.text(row, "deskripsi", (*base, "description")))
        rounds.append(item)
    return rounds


def _tie_breakers(rows: list[Row], reader: Reader) -> list[dict[str, Any]]:
    breakers = []
    for index, row in enumerate(rows):
        base: Loc = ("ranking", "tie_breakers", index)
        reader.place(base, row)
        kind = (reader.text(row, "jenis") or "").casefold()
        key = {
            "komponen": "component",
            "component": "component",
            "aspek": "aspect",
            "aspect": "aspect",
        }.get(kind)
        if key is None:
            reader.drop(row, "jenis", "harus komponen atau aspek")
            continue
        breakers.append({key: reader.text(row, "kode", (*base, key))})
    return breakers


def _awards(rows: list[Row], reader: Reader) -> list[dict[str, Any]]:
    awards = []
    for index, row in enumerate(rows):
        base: Loc = ("awards", index)
        reader.place(base, row)
        item: dict[str, Any] = {}
        _optional(item, "code", reader.text(row, "kode", (*base, "code")))
        _optional(item, "label", reader.text(row, "label", (*base, "label")))
        _optional(item, "rank", reader.integer(row, "peringkat", (*base, "rank")))
        _optional(item, "top", reader.integer(row, "top", (*base, "top")))
        _optional(item, "from_rank", reader.integer(row, "dari_peringkat", (*base, "from_rank")))
        _optional(item, "description", reader.text(row, "deskripsi", (*base, "description")))
        awards.append(item)
    return awards


def _optional(target: dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        target[key] = value


def _answer_details(rows: dict[str, list[Row]], reader: Reader) -> Details:
    """Level/Opsi/Aturan rows by owner: (row, plain item, field -> header)."""
    out: Details = {
        "Level": {},
        "Opsi": {},
        "Aturan": {},
    }
    for row in rows["Level"]:
        owner = reader.text(row, "pemilik")
        if owner is None:
            reader.drop(row, "pemilik", "wajib diisi")
            continue
        item: dict[str, Any] = {}
        _optional(item, "value", reader.integer(row, "nilai"))
        _optional(item, "label", reader.text(row, "label"))
        _optional(item, "descriptor", reader.text(row, "deskriptor"))
        headers = {"value": "nilai", "label": "label", "descriptor": "deskriptor"}
        out["Level"].setdefault(owner, []).append((row, item, headers))
    for row in rows["Opsi"]:
        owner = reader.text(row, "pemilik")
        if owner is None:
            reader.drop(row, "pemilik", "wajib diisi")
            continue
        item = {}
        _optional(item, "key", reader.text(row, "kunci"))
        _optional(item, "label", reader.text(row, "label"))
        _optional(item, "value", reader.decimal(row, "nilai"))
        _optional(item, "descriptor", reader.text(row, "deskriptor"))
        headers = {"key": "kunci", "label": "label", "value": "nilai", "descriptor": "deskriptor"}
        out["Opsi"].setdefault(owner, []).append((row, item, headers))
    for row in rows["Aturan"]:
        owner = reader.text(row, "pemilik")
        if owner is None:
            reader.drop(row, "pemilik", "wajib diisi")
            continue
        item = {}
        _optional(item, "kind", reader.text(row, "jenis"))
        _optional(item, "target", reader.decimal(row, "target"))
        _optional(item, "cap", reader.decimal(row, "cap"))
        _optional(item, "min", reader.decimal(row, "min"))
        _optional(item, "score", reader.decimal(row, "skor"))
        headers = {"kind": "jenis", "target": "target", "cap": "cap", "min": "min", "score": "skor"}
        out["Aturan"].setdefault(owner, []).append((row, item, headers))
    return out


def _place_items(
    reader: Reader, items: list[tuple[Row, dict[str, Any], dict[str, str]]], base: Loc
) -> list[dict[str, Any]]:
    out = []
    for index, (row, item, headers) in enumerate(items):
        reader.place((*base, index), row)
        for key, header in headers.items():
            reader.place((*base, index, key), row, header)
        out.append(item)
    return out


def _rule(
    reader: Reader, items: list[tuple[Row, dict[str, Any], dict[str, str]]], base: Loc
) -> dict[str, Any]:
    if not items:
        return {}
    first_row, first, _ = items[0]
    kind = first.get("kind")
    reader.place(base, first_row, "jenis")
    reader.place((*base, "kind"), first_row, "jenis")
    if kind == "ratio":
        if len(items) > 1:
            reader.error(items[1][0], "pemilik", "aturan ratio hanya satu baris")
        reader.place((*base, "target"), first_row, "target")
        reader.place((*base, "cap"), first_row, "cap")
        return {key: first[key] for key in ("kind", "target", "cap") if key in first}
    steps = []
    for index, (row, item, _) in enumerate(items):
        if item.get("kind") != kind:
            reader.error(row, "jenis", "semua baris aturan satu pemilik harus berjenis sama")
        reader.place((*base, "steps", index), row)
        reader.place((*base, "steps", index, "min"), row, "min")
        reader.place((*base, "steps", index, "score"), row, "skor")
        steps.append({key: item[key] for key in ("min", "score") if key in item})
    return {"kind": kind, "steps": steps} if kind is not None else {"steps": steps}


def _link_nodes(rows: list[Row], reader: Reader) -> tuple[list[Node], dict[str, list[Node]]]:
    """The rows of sheet Indikator linked to their parents: the roots, and each aspect's
    children in row order. Each node holds its row and kind until ``_tree`` finishes it."""
    nodes: dict[str, tuple[dict[str, Any], str, Row]] = {}  # ref -> (node, kind, row)
    roots: list[Node] = []
    children: dict[str, list[Node]] = {}
    for row in rows:
        ref = reader.text(row, "ref")
        if ref is None:
            reader.drop(row, "ref", "wajib diisi")
            continue
        kind_text = (reader.text(row, "jenis node") or "").casefold()
        if kind_text in ("aspek", "aspect"):
            kind = "aspect"
        elif kind_text in ("indikator", "indicator"):
            kind = "indicator"
        elif not kind_text:
            kind = "indicator" if reader.text(row, "jenis jawaban") else "aspect"
        else:
            reader.drop(row, "jenis node", "harus aspek atau indikator")
            continue
        node: dict[str, Any] = {"ref": ref}
        parent = reader.text(row, "induk")
        if parent is not None:
            if parent not in nodes:
                reader.drop(row, "induk", f"induk '{parent}' belum ditulis di baris sebelumnya")
                continue
            if nodes[parent][1] != "aspect":
                reader.drop(row, "induk", f"induk '{parent}' adalah indikator, bukan aspek")
                continue
            children.setdefault(parent, []).append((node, row))
        else:
            roots.append((node, row))
        if ref not in nodes:
            nodes[ref] = (node, kind, row)
        node["__row__"] = row
        node["__kind__"] = kind
    return roots, children


def _tree(
    rows: dict[str, list[Row]],
    reader: Reader,
    answer: Callable[[Row, str, str, Loc], dict[str, Any]],
) -> list[dict[str, Any]]:
    """Sheet Indikator (with its Bukti rows) as the nested aspects of the plain data."""
    evidence: dict[str, list[Row]] = {}
    for row in rows["Bukti"]:
        ref = reader.text(row, "ref")
        if ref is None:
            reader.drop(row, "ref", "wajib diisi")
            continue
        evidence.setdefault(ref, []).append(row)
    roots, children = _link_nodes(rows["Indikator"], reader)

    def finish(node: dict[str, Any], base: Loc) -> dict[str, Any]:
        row: Row = node.pop("__row__")
        kind = node.pop("__kind__")
        ref = node["ref"]
        reader.place(base, row)
        reader.place((*base, "ref"), row, "ref")
        out: dict[str, Any] = {"ref": ref}
        _optional(out, "name", reader.text(row, "nama", (*base, "name")))
        _optional(out, "weight", reader.decimal(row, "bobot", (*base, "weight")))
        if kind == "aspect":
            _optional(out, "component", reader.text(row, "komponen", (*base, "component")))
            _optional(out, "weights", reader.text(row, "mode bobot", (*base, "weights")))
        _optional(out, "tag", reader.text(row, "tag", (*base, "tag")))
        _optional(out, "help", reader.text(row, "bantuan", (*base, "help")))
        if kind == "aspect":
            kids = children.get(ref, [])
            aspects = [(n, r) for n, r in kids if n["__kind__"] == "aspect"]
            indicators = [(n, r) for n, r in kids if n["__kind__"] == "indicator"]
            # Keep each list in row order; positions are per list, as in the YAML.
            if aspects:
                out["aspects"] = [
                    finish(n, (*base, "aspects", i)) for i, (n, _) in enumerate(aspects)
                ]
            if indicators:
                out["indicators"] = [
                    finish(n, (*base, "indicators", i)) for i, (n, _) in enumerate(indicators)
                ]
            return out
        kind_name = reader.text(row, "jenis jawaban", (*base, "answer"))
        if kind_name in KINDS:
            out["answer"] = answer(row, ref, kind_name, (*base, "answer"))
        elif kind_name is not None:
            out["answer"] = kind_name  # a named answer type; the model resolves it
        _optional(out, "provisional", reader.boolean(row, "sementara", (*base, "provisional")))
        criteria = reader.listing(row, "klaim kriteria", (*base, "claims", "criteria"))
        if criteria:
            out["claims"] = {"criteria": criteria}
        facts = reader.listing(row, "fakta", (*base, "facts"))
        if facts:
            out["facts"] = facts
        slots = _evidence_slots(evidence.pop(ref, []), reader, base)
        if slots:
            out["evidence"] = slots
        return out

    if rows["Indikator"]:
        reader.place(("aspects",), rows["Indikator"][0])
    aspects = [finish(node, ("aspects", index)) for index, (node, _) in enumerate(roots)]
    for ref, slot_rows in evidence.items():
        reader.drop(slot_rows[0], "ref", f"ref '{ref}' bukan indikator di lembar Indikator")
    return aspects


def _evidence_slots(slot_rows: list[Row], reader: Reader, base: Loc) -> list[dict[str, Any]]:
    """The evidence slots of the indicator at ``base``, from its rows of sheet Bukti."""
    slots = []
    for index, slot_row in enumerate(slot_rows):
        slot_base: Loc = (*base, "evidence", index)
        reader.place(slot_base, slot_row)
        slot: dict[str, Any] = {}
        _optional(slot, "code", reader.text(slot_row, "kode", (*slot_base, "code")))
        _optional(slot, "name", reader.text(slot_row, "nama", (*slot_base, "name")))
        _optional(slot, "required", reader.boolean(slot_row, "wajib", (*slot_base, "required")))
        kinds = reader.listing(slot_row, "jenis berkas", (*slot_base, "kinds"))
        if kinds:
            slot["kinds"] = kinds
        _optional(slot, "help", reader.text(slot_row, "bantuan", (*slot_base, "help")))
        slots.append(slot)
    return slots
