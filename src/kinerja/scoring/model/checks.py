"""Cross-reference checks of an instrument, run on the raw data so they never wait for each other.

Pydantic validates each model on its own and stops at a broken one; these checks look across the
whole instrument (unique refs, known components, tags and answer types, weights per component,
grade bands covering the scale) and tolerate anything malformed, which pydantic reports anyway.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from pydantic import TypeAdapter, ValidationError

from .answers import ANSWER_KINDS, Answer
from .errors import Problem, format_loc
from .numbers import decimal_text, scaled_text
from .parts import Band, Scale, weight_sum_problem

Loc = tuple[str | int, ...]

_ANSWER = TypeAdapter(Answer)


def _seq(value: Any) -> Sequence[Any]:
    if isinstance(value, list | tuple):
        return value
    return ()


def _text(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str | int | Decimal):
        return str(value).strip()
    return None


def _dec(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            parsed = Decimal(value.strip())
        except ArithmeticError:
            return None
        return parsed if parsed.is_finite() else None
    return None


def _get(node: Any, key: str) -> Any:
    if isinstance(node, Mapping):
        return node.get(key)
    return getattr(node, key, None)


def resolve_named_answers(
    data: Mapping[str, Any],
) -> tuple[dict[str, Any], list[Loc], list[Problem]]:
    """Replace ``answer: <name>`` by the named answer type; return data, locs to hush, problems.

    An unknown name is reported here; an invalid named type is reported once, at
    ``answer_types``, and hushed at every indicator that uses it.
    """
    data = dict(data)
    problems: list[Problem] = []
    suppressed: list[Loc] = []
    names: set[str] = set()
    valid: dict[str, Any] = {}
    answer_types = data.get("answer_types")
    if isinstance(answer_types, Mapping):
        for name, spec in answer_types.items():
            names.add(str(name))
            if str(name) in ANSWER_KINDS:
                problems.append(
                    Problem(
                        ("answer_types", str(name)),
                        f"nama jenis jawaban '{name}' sama dengan jenis bawaan; pakai nama lain",
                    )
                )
            with contextlib.suppress(ValidationError):
                valid[str(name)] = _ANSWER.validate_python(spec)
    known = ", ".join(sorted(names)) or "(belum ada answer_types)"

    def fix_indicator(node: Any, loc: Loc) -> Any:
        if not isinstance(node, Mapping):
            return node
        answer = node.get("answer")
        name = _text(answer) if not isinstance(answer, Mapping) else None
        if name is not None:
            if name in valid:
                return {**node, "answer": valid[name], "answer_type": name}
            suppressed.append((*loc, "answer"))
            if name not in names:
                problems.append(
                    Problem(
                        (*loc, "answer"),
                        f"jenis jawaban '{name}' tidak dikenal; yang ada: {known}",
                    )
                )
            return node
        declared = _text(node.get("answer_type"))
        if declared is not None:
            if declared not in names:
                problems.append(
                    Problem(
                        (*loc, "answer_type"),
                        f"jenis jawaban '{declared}' tidak dikenal; yang ada: {known}",
                    )
                )
            elif declared in valid:
                try:
                    inline = _ANSWER.validate_python(answer)
                except ValidationError:
                    return node
                if inline != valid[declared]:
                    problems.append(
                        Problem(
                            (*loc, "answer"),
                            f"berbeda dengan answer_types['{declared}']; tulis answer: {declared}",
                        )
                    )
        return node

    def fix_aspect(node: Any, loc: Loc) -> Any:
        if not isinstance(node, Mapping):
            return node
        node = dict(node)
        for key, fixer in (("aspects", fix_aspect), ("indicators", fix_indicator)):
            children = node.get(key)
            if isinstance(children, list | tuple):
                node[key] = [fixer(child, (*loc, key, i)) for i, child in enumerate(children)]
        return node

    aspects = data.get("aspects")
    if isinstance(aspects, list | tuple):
        data["aspects"] = [fix_aspect(a, ("aspects", i)) for i, a in enumerate(aspects)]
    return data, suppressed, problems


def _walk(data: Mapping[str, Any]) -> Iterator[tuple[Loc, Mapping[str, Any], int, str]]:
    """Every aspect and indicator mapping: (loc, node, depth, 'aspect'|'indicator')."""

    def walk(node: Any, loc: Loc, depth: int, kind: str) -> Iterator[Any]:
        if not isinstance(node, Mapping):
            return
        yield loc, node, depth, kind
        if kind == "aspect":
            for i, child in enumerate(_seq(node.get("aspects"))):
                yield from walk(child, (*loc, "aspects", i), depth + 1, "aspect")
            for i, child in enumerate(_seq(node.get("indicators"))):
                yield from walk(child, (*loc, "indicators", i), depth + 1, "indicator")

    for i, aspect in enumerate(_seq(data.get("aspects"))):
        yield from walk(aspect, ("aspects", i), 0, "aspect")


def _unique(items: Sequence[Any], loc: Loc, what: str, problems: list[Problem]) -> dict[str, int]:
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        code = _text(_get(item, "code"))
        if code is None:
            continue
        if code in seen:
            problems.append(
                Problem(
                    (*loc, index, "code"),
                    f"kode {what} '{code}' sudah dipakai (ke-{seen[code] + 1})",
                )
            )
        else:
            seen[code] = index
    return seen


def global_problems(data: Mapping[str, Any]) -> list[Problem]:
    """Every cross-reference problem of raw instrument data (malformed parts are skipped)."""
    problems: list[Problem] = []
    components = _seq(data.get("components"))
    codes = _unique(components, ("components",), "komponen", problems)
    default_component = _text(_get(components[0], "code")) if components else None
    tags = data.get("tags")
    tag_keys = {str(key) for key in tags} if isinstance(tags, Mapping) and tags else None

    refs: dict[str, Loc] = {}
    indicator_refs: set[str] = set()
    claimers: list[tuple[Loc, Mapping[str, Any]]] = []
    for loc, node, depth, kind in _walk(data):
        if kind == "indicator":
            indicator_refs.add(_text(node.get("ref")) or "")
            if isinstance(node.get("claims"), Mapping):
                claimers.append((loc, node))
        ref = _text(node.get("ref"))
        if ref is not None:
            if ref in refs:
                where = _loc_text(refs[ref])
                problems.append(Problem((*loc, "ref"), f"ref '{ref}' sudah dipakai di {where}"))
            else:
                refs[ref] = loc
        tag = _text(node.get("tag"))
        if tag is not None and tag_keys is not None and tag not in tag_keys:
            known = ", ".join(sorted(tag_keys))
            problems.append(Problem((*loc, "tag"), f"tag '{tag}' tidak dikenal; yang ada: {known}"))
        if kind == "aspect" and node.get("component") is not None:
            component = _text(node.get("component"))
            if depth > 0:
                problems.append(
                    Problem((*loc, "component"), "komponen hanya ditulis pada aspek tingkat atas")
                )
            elif component is not None and codes and component not in codes:
                known = ", ".join(codes)
                problems.append(
                    Problem(
                        (*loc, "component"),
                        f"komponen '{component}' tidak dikenal; yang ada: {known}",
                    )
                )

    _claim_criteria(claimers, indicator_refs, problems)
    _top_level_weights(data, components, codes, default_component, problems)
    _rounds(data, codes, problems)
    for index, breaker in enumerate(_seq(_get(data.get("ranking"), "tie_breakers"))):
        component = _text(_get(breaker, "component"))
        aspect = _text(_get(breaker, "aspect"))
        loc: Loc = ("ranking", "tie_breakers", index)
        if component is not None and codes and component not in codes:
            problems.append(Problem((*loc, "component"), f"komponen '{component}' tidak dikenal"))
        if aspect is not None and aspect not in refs:
            problems.append(Problem((*loc, "aspect"), f"ref '{aspect}' tidak ada di instrumen"))
    _unique(_seq(data.get("bands")), ("bands",), "predikat", problems)
    _unique(_seq(data.get("awards")), ("awards",), "penghargaan", problems)
    _bands(data, problems)
    return problems


def _claim_criteria(
    claimers: Sequence[tuple[Loc, Mapping[str, Any]]], refs: set[str], problems: list[Problem]
) -> None:
    """A claims indicator's criteria are other indicators of the instrument."""
    for loc, node in claimers:
        own = _text(node.get("ref"))
        for index, item in enumerate(_seq(node["claims"].get("criteria"))):
            ref = _text(item)
            where: Loc = (*loc, "claims", "criteria", index)
            if ref is not None and ref == own:
                problems.append(Problem(where, f"kriteria '{ref}' adalah butir klaim itu sendiri"))
            elif ref is not None and ref not in refs:
                problems.append(Problem(where, f"kriteria '{ref}' bukan indikator di instrumen"))


def _loc_text(loc: Loc) -> str:
    return format_loc(loc)


def _top_level_weights(
    data: Mapping[str, Any],
    components: Sequence[Any],
    codes: dict[str, int],
    default: str | None,
    problems: list[Problem],
) -> None:
    mode = data.get("weights", "percent")
    if mode not in ("percent", "points", "relative") or default is None:
        return
    totals: dict[str, Decimal | None] = {code: Decimal(0) for code in codes}
    counts: dict[str, int] = dict.fromkeys(codes, 0)
    for aspect in _seq(data.get("aspects")):
        if not isinstance(aspect, Mapping):
            return
        component = _text(aspect.get("component")) or default
        if component not in totals:
            return  # an unknown component is reported already; sums would only add noise
        counts[component] += 1
        weight = _dec(aspect.get("weight"))
        total = totals[component]
        totals[component] = None if weight is None or total is None else total + weight
    for code, index in codes.items():
        if counts[code] == 0:
            problems.append(Problem(("components", index), f"komponen '{code}' belum punya aspek"))
            continue
        total = totals[code]
        component_weight = _dec(_get(components[index], "weight"))
        if total is None or component_weight is None:
            continue
        message = weight_sum_problem(
            total, mode, component_weight, f"aspek tingkat atas komponen '{code}'"
        )
        if message:
            problems.append(Problem(("aspects",), message))


def _rounds(data: Mapping[str, Any], codes: dict[str, int], problems: list[Problem]) -> None:
    rounds = _seq(data.get("rounds"))
    _unique(rounds, ("rounds",), "babak", problems)
    total: Decimal | None = Decimal(0)
    for index, round_ in enumerate(rounds):
        for position, code in enumerate(_seq(_get(round_, "components"))):
            text = _text(code)
            if text is not None and codes and text not in codes:
                problems.append(
                    Problem(
                        ("rounds", index, "components", position),
                        f"komponen '{text}' tidak dikenal; yang ada: {', '.join(codes)}",
                    )
                )
        weight = _dec(_get(round_, "weight"))
        total = None if weight is None or total is None else total + weight
    if rounds and total is not None and total <= 0:
        problems.append(
            Problem(("rounds",), "bobot babak berjumlah 0; paling sedikit satu harus lebih dari 0")
        )


def band_grid(band: Any, decimals: int) -> tuple[int, int]:
    """The lowest and highest value of a band on the 10^-decimals grid, as scaled integers."""
    unit = 10**decimals
    low = Fraction(band.min) * unit
    high = Fraction(band.max) * unit
    low_int = -((-low.numerator) // low.denominator)  # ceil
    if not band.min_inclusive and low == low_int:
        low_int += 1
    high_int = high.numerator // high.denominator  # floor
    if not band.max_inclusive and high == high_int:
        high_int -= 1
    return low_int, high_int


def _bands(data: Mapping[str, Any], problems: list[Problem]) -> None:
    raw_bands = _seq(data.get("bands"))
    if not raw_bands:
        return
    try:
        scale = Scale.model_validate(data.get("scale"))
        decimals = data.get("decimals")
        if isinstance(decimals, bool) or not isinstance(decimals, int | Decimal):
            return
        decimals = int(decimals)
        if not 0 <= decimals <= 6:
            return
        bands = [Band.model_validate(raw) for raw in raw_bands]
    except ValidationError:
        return
    unit = 10**decimals
    show = lambda scaled: scaled_text(scaled, decimals)  # noqa: E731
    scale_low = -(
        (-Fraction(scale.min) * unit).numerator // (Fraction(scale.min) * unit).denominator
    )
    scale_low = _ceil(Fraction(scale.min) * unit)
    scale_high = _floor(Fraction(scale.max) * unit)
    grid: list[tuple[int, int, int]] = []
    for index, band in enumerate(bands):
        outside = False
        if band.min < scale.min:
            problems.append(
                Problem(
                    ("bands", index, "min"),
                    f"predikat '{band.code}' mulai {decimal_text(band.min)}, di bawah skala "
                    f"minimum {decimal_text(scale.min)}",
                )
            )
            outside = True
        if band.max > scale.max:
            problems.append(
                Problem(
                    ("bands", index, "max"),
                    f"predikat '{band.code}' sampai {decimal_text(band.max)}, di atas skala "
                    f"maksimum {decimal_text(scale.max)}",
                )
            )
            outside = True
        low, high = band_grid(band, decimals)
        if low > high:
            problems.append(
                Problem(
                    ("bands", index),
                    f"predikat '{band.code}' tidak memuat satu nilai pun pada ketelitian "
                    f"{decimals} desimal",
                )
            )
            continue
        if not outside:
            grid.append((low, high, index))
    grid.sort()
    expected = scale_low
    previous: int | None = None
    for low, high, index in grid:
        code = bands[index].code
        if low > expected:
            before = (
                f"'{bands[previous].code}' (sampai {show(expected - 1)})"
                if previous is not None
                else f"awal skala ({show(scale_low)})"
            )
            problems.append(
                Problem(
                    ("bands", index, "min"),
                    f"celah antara {before} dan '{code}' (mulai {show(low)}): nilai "
                    f"{show(expected)}-{show(low - 1)} tidak berpredikat",
                )
            )
        elif low < expected and previous is not None:
            problems.append(
                Problem(
                    ("bands", index),
                    f"predikat '{bands[previous].code}' dan '{code}' tumpang tindih pada "
                    f"{show(low)}-{show(min(high, expected - 1))}",
                )
            )
        if high + 1 > expected:
            expected = high + 1
            previous = index
    if grid and expected <= scale_high:
        problems.append(
            Problem(
                ("bands",),
                f"nilai {show(expected)}-{show(scale_high)} tidak berpredikat (skala sampai "
                f"{show(scale_high)})",
            )
        )


def _ceil(value: Fraction) -> int:
    return -((-value.numerator) // value.denominator)


def _floor(value: Fraction) -> int:
    return value.numerator // value.denominator
