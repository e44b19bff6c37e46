"""The instrument as data: pydantic models of an evaluation instrument, validated exactly.

An ``Instrument`` is built from plain data (YAML, XLSX or Python dicts). Validation reports every
problem at once, each with its path into the data (``aspects[0].indicators[2].weight``); the
loaders turn those paths into file lines or workbook cells. Models are frozen: an instrument
version never changes once read.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_core import InitErrorDetails

from .answers import (
    Answer,
    ChoiceAnswer,
    Level,
    LevelAnswer,
    NumberAnswer,
    Option,
    PointsAnswer,
    RatioRule,
    TextAnswer,
    ThresholdRule,
    ThresholdStep,
    YesNoAnswer,
)
from .base import Code, Dec, FrozenModel, Int, Ref, Text, kinerja_error, raise_problems
from .errors import Problem, message_for
from .numbers import decimal_text

__all__ = [
    "Aggregation",
    "Answer",
    "Aspect",
    "Award",
    "Band",
    "ChoiceAnswer",
    "Component",
    "EvidenceSlot",
    "Indicator",
    "Instrument",
    "Level",
    "LevelAnswer",
    "NumberAnswer",
    "Option",
    "PointsAnswer",
    "Ranking",
    "RatioRule",
    "Round",
    "Scale",
    "Stage",
    "TextAnswer",
    "ThresholdRule",
    "ThresholdStep",
    "TieBreaker",
    "YesNoAnswer",
]

WeightsMode = Literal["percent", "points", "relative"]
MissingPolicy = Literal["zero", "reweight", "no_result"]
AggregationMethod = Literal["mean", "median", "trimmed_mean"]
Source = Literal["self", "evaluator", "jury", "survey"]
StageKind = Literal[
    "sosialisasi",
    "pengisian",
    "paparan",
    "verifikasi_lapangan",
    "penilaian",
    "pleno",
    "sanggah",
    "penyampaian_hasil",
    "penetapan",
    "pengumuman",
]


class Scale(FrozenModel):
    """The range of the total: total = min + fraction * (max - min)."""

    min: Dec = Decimal(0)
    max: Dec
    unit: Text | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Scale:
        if self.max <= self.min:
            raise_problems(
                "Scale",
                [Problem(("max",), f"harus lebih besar dari min ({decimal_text(self.min)})")],
            )
        return self

    @property
    def span(self) -> Fraction:
        return Fraction(self.max) - Fraction(self.min)


class Aggregation(FrozenModel):
    """How several evaluators' (or respondents') scores of one indicator become one."""

    method: AggregationMethod = "mean"
    trim: Dec = Field(default=Decimal(0), ge=0, lt=Decimal("0.5"))
    zscore: bool = False


class Component(FrozenModel):
    """A part of the evaluation with its own answers (F02 evaluator form, F03 survey, ...)."""

    code: Code
    name: Text
    weight: Dec = Field(ge=0)
    source: Source = "evaluator"
    aggregation: Aggregation | None = None
    description: Text | None = None


class EvidenceSlot(FrozenModel):
    """A kind of supporting document (data dukung) an indicator asks for."""

    code: Code
    name: Text
    required: bool = False
    kinds: tuple[Code, ...] = ()
    help: Text | None = None


class Indicator(FrozenModel):
    """A leaf of the tree: one question with its answer type and weight."""

    ref: Ref
    name: Text
    weight: Dec = Field(ge=0)
    tag: Code | None = None
    help: Text | None = None
    answer: Answer
    # Name of the shared answer type this indicator uses (``answer: skala_0_5`` in YAML); the
    # loader fills it in and resolves ``answer`` to the shared definition.
    answer_type: Code | None = None
    evidence: tuple[EvidenceSlot, ...] = ()
    provisional: bool = False

    @model_validator(mode="after")
    def _check(self) -> Indicator:
        problems = []
        if self.answer.type == "text" and self.weight != 0:
            problems.append(
                Problem(
                    ("weight",),
                    f"indikator jawaban teks tidak dinilai; bobot harus 0, bukan "
                    f"{decimal_text(self.weight)}",
                )
            )
        seen: set[str] = set()
        for index, slot in enumerate(self.evidence):
            if slot.code in seen:
                problems.append(
                    Problem(("evidence", index, "code"), f"kode bukti '{slot.code}' sudah dipakai")
                )
            seen.add(slot.code)
        raise_problems("Indicator", problems)
        return self

    @property
    def scored(self) -> bool:
        """Whether answers to this indicator count (text answers are only recorded)."""
        return self.answer.type != "text"

    def validate_raw(self, raw: object) -> object:
        """The answer in canonical form (int level, option key, 'Y'/'T', exact number, text).

        Raises ``AnswerError`` with a message naming what is expected.
        """
        return self.answer.clean(raw)

    def normalise(self, raw: object) -> Fraction | None:
        """The answer's score in [0, 1] as an exact Fraction (None for text answers)."""
        return self.answer.normalise(raw)


class Aspect(FrozenModel):
    """An inner node: children are either sub-aspects or indicators, weighted per ``weights``."""

    ref: Ref
    name: Text
    weight: Dec = Field(ge=0)
    component: Code | None = None
    weights: WeightsMode = "percent"
    tag: Code | None = None
    help: Text | None = None
    aspects: tuple[Aspect, ...] | None = None
    indicators: tuple[Indicator, ...] | None = None

    @model_validator(mode="after")
    def _check(self) -> Aspect:
        has_aspects, has_indicators = bool(self.aspects), bool(self.indicators)
        if has_aspects == has_indicators:
            message = (
                "isi salah satu saja: aspects atau indicators"
                if has_aspects
                else "aspek harus berisi aspects atau indicators"
            )
            raise_problems("Aspect", [Problem((), message)])
        key = "aspects" if has_aspects else "indicators"
        noun = "sub-aspek" if has_aspects else "indikator"
        total = sum((child.weight for child in self.children), Decimal(0))
        problem = weight_sum_problem(
            total, self.weights, self.weight, f"{noun} dalam aspek '{self.ref}'"
        )
        if problem:
            raise_problems("Aspect", [Problem((key,), problem)])
        return self

    @property
    def children(self) -> tuple[Aspect | Indicator, ...]:
        return self.aspects or self.indicators or ()

    def iter_indicators(self) -> Iterator[Indicator]:
        for child in self.children:
            if isinstance(child, Indicator):
                yield child
            else:
                yield from child.iter_indicators()


def weight_sum_problem(total: Decimal, mode: str, parent_weight: Decimal, what: str) -> str | None:
    """The message when children's weights do not add up per ``mode``, else None."""
    shown = decimal_text(total.normalize()) if total else "0"
    if mode == "percent" and total != 100:
        return f"bobot {what} berjumlah {shown}, seharusnya 100 (weights: percent)"
    if mode == "points" and total != parent_weight:
        return (
            f"bobot {what} berjumlah {shown}, seharusnya {decimal_text(parent_weight)} "
            "(weights: points = bobot induk)"
        )
    if mode == "relative" and total <= 0 and parent_weight != 0:
        return f"bobot {what} berjumlah 0; paling sedikit satu harus lebih dari 0"
    return None


class Band(FrozenModel):
    """A grade (predikat) band on the total scale; each bound says if it is inclusive."""

    code: Code
    label: Text
    min: Dec
    max: Dec
    min_inclusive: bool = True
    max_inclusive: bool = True
    flags: tuple[Code, ...] = ()
    description: Text | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Band:
        if self.max < self.min:
            raise_problems(
                "Band",
                [Problem(("max",), f"harus paling sedikit min ({decimal_text(self.min)})")],
            )
        return self

    def contains(self, value: Decimal | Fraction) -> bool:
        """Whether an (already rounded) value falls in this band."""
        low, high = Fraction(self.min), Fraction(self.max)
        value = Fraction(value)
        above = value > low or (self.min_inclusive and value == low)
        below = value < high or (self.max_inclusive and value == high)
        return above and below


class Stage(FrozenModel):
    """A default stage of a cycle with what it allows."""

    kind: StageKind
    name: Text
    days: Int | None = Field(default=None, ge=0)
    can_edit_self: bool = False
    can_upload_evidence: bool = False
    can_score: bool = False
    see_other_scores: Literal["never", "after_own", "always"] = "never"
    results_visible: bool = False
    description: Text | None = None


class Round(FrozenModel):
    """A round of a competition: a blend of components, weighted into the total."""

    code: Code
    name: Text
    components: tuple[Code, ...] = Field(min_length=1)
    weight: Dec = Field(ge=0)
    advance: Int | None = Field(default=None, ge=1)
    passing: Dec | None = None
    description: Text | None = None


class TieBreaker(FrozenModel):
    """Compare this component's or node's score when totals are equal (higher first)."""

    component: Code | None = None
    aspect: Ref | None = None

    @model_validator(mode="after")
    def _one(self) -> TieBreaker:
        if (self.component is None) == (self.aspect is None):
            raise_problems("TieBreaker", [Problem((), "isi salah satu: component atau aspect")])
        return self


class Ranking(FrozenModel):
    tie_breakers: tuple[TieBreaker, ...] = ()


class Award(FrozenModel):
    """An award for one rank (``rank: 1``) or for everyone within the top N (``top: 30``)."""

    code: Code
    label: Text
    rank: Int | None = Field(default=None, ge=1)
    top: Int | None = Field(default=None, ge=1)
    description: Text | None = None

    @model_validator(mode="after")
    def _one(self) -> Award:
        if (self.rank is None) == (self.top is None):
            raise_problems("Award", [Problem((), "isi salah satu: rank atau top")])
        return self


class Derived:
    """Lookups computed once per instrument (never compared, never serialised)."""

    def __init__(self, instrument: Instrument) -> None:
        self.nodes: dict[str, Aspect | Indicator] = {}
        self.parent: dict[str, str | None] = {}
        self.component_of: dict[str, str] = {}
        self.plans: dict[Any, Any] = {}
        default = instrument.components[0].code
        for aspect in instrument.aspects:
            self._walk(aspect, None, aspect.component or default)

    def _walk(self, node: Aspect | Indicator, parent: str | None, component: str) -> None:
        self.nodes[node.ref] = node
        self.parent[node.ref] = parent
        self.component_of[node.ref] = component
        if isinstance(node, Aspect):
            for child in node.children:
                self._walk(child, node.ref, component)


class Instrument(FrozenModel):
    """An evaluation instrument version: tree, weights, answer types, bands, stages, rounds."""

    code: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)
    version: Text
    family: Code | None = Field(default=None, validate_default=True)
    title: Text
    legal_basis: Text | None = None
    locale: Code = "id"
    provisional: bool = False
    provisional_notes: tuple[Text, ...] = ()
    description: Text | None = None
    scale: Scale
    decimals: Int = Field(ge=0, le=6)
    aggregation: Aggregation = Aggregation()
    missing: MissingPolicy = "zero"
    weights: WeightsMode = "percent"
    tags: dict[Code, Text] = {}
    answer_types: dict[Code, Answer] = {}
    components: tuple[Component, ...] = Field(min_length=1)
    aspects: tuple[Aspect, ...] = Field(min_length=1)
    bands: tuple[Band, ...] = ()
    stages: tuple[Stage, ...] = ()
    rounds: tuple[Round, ...] = ()
    ranking: Ranking = Ranking()
    awards: tuple[Award, ...] = ()

    @field_validator("family", mode="after")
    @classmethod
    def _family_defaults_to_code(cls, value: str | None, info: Any) -> str | None:
        return value if value is not None else info.data.get("code")

    @model_validator(mode="wrap")
    @classmethod
    def _validate_everything(cls, data: Any, handler: Any) -> Instrument:
        # Pydantic stops at the first failing level of a model; cross-references (refs,
        # component codes, tags, bands) are checked here on the raw data as well, so one
        # pass reports every problem of a file.
        if isinstance(data, Instrument) or not isinstance(data, Mapping):
            return handler(data)
        from .checks import global_problems, resolve_named_answers

        data, suppressed, problems = resolve_named_answers(data)
        details: list[InitErrorDetails] = []
        instrument = None
        try:
            instrument = handler(data)
        except ValidationError as exc:
            errors = exc.errors()
            item_locs = {clean_loc(e["loc"])[:-1] for e in errors if e["type"] != "too_short"}
            for error in errors:
                loc = clean_loc(error["loc"])
                if any(loc[: len(prefix)] == prefix for prefix in suppressed):
                    continue
                if error["type"] == "too_short" and any(
                    other[: len(loc)] == loc and len(other) > len(loc) for other in item_locs
                ):
                    continue  # "too few items" only because an item failed: noise
                details.append(
                    InitErrorDetails(
                        type=kinerja_error(message_for(error)), loc=loc, input=error.get("input")
                    )
                )
        problems.extend(global_problems(data))
        for problem in problems:
            details.append(
                InitErrorDetails(type=kinerja_error(problem.message), loc=problem.loc, input=None)
            )
        if details:
            raise ValidationError.from_exception_data("Instrument", details)
        assert instrument is not None
        return instrument

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Any:
        copied = super().model_copy(update=update, deep=deep)
        copied.__dict__.pop("derived", None)  # the lookups belong to the original's fields
        return copied

    @cached_property
    def derived(self) -> Derived:
        return Derived(self)

    @property
    def key(self) -> str:
        """``code@version``, e.g. ``pekppp@2023.1``."""
        return f"{self.code}@{self.version}"

    def component(self, code: str) -> Component:
        for component in self.components:
            if component.code == code:
                return component
        raise KeyError(code)

    def node(self, ref: str) -> Aspect | Indicator:
        return self.derived.nodes[ref]

    def indicator(self, ref: str) -> Indicator:
        node = self.derived.nodes[ref]
        if not isinstance(node, Indicator):
            raise KeyError(ref)
        return node

    def component_of(self, ref: str) -> str:
        """Code of the component a node belongs to."""
        return self.derived.component_of[ref]

    def top_aspects(self, component: str) -> tuple[Aspect, ...]:
        default = self.components[0].code
        return tuple(a for a in self.aspects if (a.component or default) == component)

    def iter_nodes(self) -> Iterator[Aspect | Indicator]:
        """Every aspect and indicator, depth first, in file order."""
        return iter(self.derived.nodes.values())

    def iter_aspects(self) -> Iterator[Aspect]:
        return (node for node in self.derived.nodes.values() if isinstance(node, Aspect))

    def iter_indicators(self, component: str | None = None) -> Iterator[Indicator]:
        return (
            node
            for node in self.derived.nodes.values()
            if isinstance(node, Indicator)
            and (component is None or self.derived.component_of[node.ref] == component)
        )

    def band(self, code: str) -> Band:
        for band in self.bands:
            if band.code == code:
                return band
        raise KeyError(code)


_ANSWER_TAGS = frozenset({"level", "choice", "yes_no", "number", "points", "text"})
_RULE_TAGS = frozenset({"ratio", "thresholds"})


def clean_loc(loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """Drop the union tags pydantic inserts (``answer.level.levels`` -> ``answer.levels``)."""
    cleaned: list[str | int] = []
    for index, part in enumerate(loc):
        before = loc[index - 1] if index else None
        before2 = loc[index - 2] if index > 1 else None
        if part in _ANSWER_TAGS and (before == "answer" or before2 == "answer_types"):
            continue
        if part in _RULE_TAGS and before == "rule":
            continue
        cleaned.append(part)
    return tuple(cleaned)
