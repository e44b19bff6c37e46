"""The explanation tree of a result: every number behind a total, JSON-ready.

Numbers are decimal strings: weights as written in the instrument, shares, fractions, scores
and points with six places (half-up), ``display`` with the instrument's decimals, and the total
also as an exact fraction ("387/100") for audit.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..model.numbers import decimal_text, fraction_text, present
from ..model.schema import Aspect, Indicator, Instrument
from .types import NodeScore, Result

__all__ = ["explain", "json_value"]

PLACES = 6


def _number(value: Fraction | None) -> str | None:
    return None if value is None else present(value, PLACES)


def json_value(value: Any) -> Any:
    """A raw answer as JSON: numbers as decimal strings, mappings and lists recursively."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, Fraction):
        return fraction_text(value)
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    return str(value)


def _node(score: NodeScore) -> dict[str, Any]:
    return {
        "kind": score.kind,
        "ref": score.ref,
        "name": score.name,
        "weight": decimal_text(score.weight),
        "share": _number(score.share),
        "fraction": _number(score.fraction),
        "score": _number(score.score),
        "points": _number(score.points),
        "display": score.display,
    }


def _tree(instrument: Instrument, result: Result, node: Aspect | Indicator) -> dict[str, Any]:
    detail = result.detail
    if isinstance(node, Aspect):
        out = _node(detail.nodes[node.ref])
        out["weights"] = node.weights
        out["children"] = [_tree(instrument, result, child) for child in node.children]
        return out
    out = _node(detail.indicators[node.ref])
    aggregation = detail.aggregations[instrument.derived.component_of[node.ref]]
    out["answer_type"] = node.answer_type or node.answer.type
    out["values"] = [
        {
            "evaluator": None if o.evaluator is None else str(o.evaluator),
            "raw": json_value(o.raw),
            "fraction": _number(o.fraction),
            **({"adjusted": _number(o.adjusted)} if o.adjusted is not None else {}),
            **({"count": o.count} if o.count != 1 else {}),
        }
        for o in detail.observed.get(node.ref, ())
    ]
    out["aggregation"] = {
        "method": aggregation.method,
        "trim": decimal_text(aggregation.trim),
        "zscore": aggregation.zscore,
    }
    out["aggregate"] = _number(detail.aggregated.get(node.ref))
    consensus = detail.consensus.get(node.ref)
    out["consensus"] = (
        None
        if consensus is None
        else {"raw": json_value(consensus[0]), "fraction": _number(consensus[1])}
    )
    out["missing"] = node.ref in result.missing
    return out


def explain(instrument: Instrument, result: Result) -> dict[str, Any]:
    """The JSON-ready explanation of ``result`` (a result of ``instrument``)."""
    detail = result.detail
    by_rounds = bool(instrument.rounds)
    blend_parts = detail.rounds if by_rounds else detail.components
    components = []
    for component in instrument.components:
        entry = _node(detail.components[component.code])
        entry["source"] = component.source
        entry["children"] = [
            _tree(instrument, result, aspect) for aspect in instrument.top_aspects(component.code)
        ]
        components.append(entry)
    rounds = []
    for round_ in instrument.rounds:
        entry = _node(detail.rounds[round_.code])
        entry["components"] = list(round_.components)
        entry["counted"] = detail.upto_round is None or round_ in _counted(
            instrument, detail.upto_round
        )
        rounds.append(entry)
    grade = result.grade
    return {
        "instrument": instrument.key,
        "title": instrument.title,
        "scale": {
            "min": decimal_text(instrument.scale.min),
            "max": decimal_text(instrument.scale.max),
            "unit": instrument.scale.unit,
        },
        "decimals": instrument.decimals,
        "missing_policy": instrument.missing,
        "upto_round": detail.upto_round,
        "total": result.display or None,
        "total_exact": None if result.total is None else fraction_text(result.total),
        "total_fraction": _number(detail.total_fraction),
        "grade": None
        if grade is None
        else {"code": grade.code, "label": grade.label, "flags": list(grade.flags)},
        "missing": list(result.missing),
        "blend": {
            "by": "rounds" if by_rounds else "components",
            "parts": [
                {
                    "code": code,
                    "weight": decimal_text(part.weight),
                    "share": _number(part.share),
                    "fraction": _number(part.fraction),
                    "score": _number(part.score),
                    "display": part.display,
                }
                for code, part in blend_parts.items()
            ],
        },
        "rounds": rounds,
        "components": components,
    }


def _counted(instrument: Instrument, upto_round: str) -> tuple[Any, ...]:
    codes = [r.code for r in instrument.rounds]
    return instrument.rounds[: codes.index(upto_round) + 1]
