"""The instrument as data: pydantic models of an evaluation instrument, validated exactly.

An ``Instrument`` (here) is made of parts (``parts``: scale, components, aspects, indicators,
bands, stages, rounds, awards), re-exported here so ``schema`` names the whole model. It is built
from plain data (YAML, XLSX or Python dicts). Validation reports every
problem at once, each with its path into the data (``aspects[0].indicators[2].weight``); the
loaders turn those paths into file lines or workbook cells. Models are frozen: an instrument
version never changes once read.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cached_property
from typing import Any

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
from .base import Code, FrozenModel, Int, Text, kinerja_error
from .checks import global_problems, resolve_named_answers
from .errors import message_for
from .parts import (
    Aggregation,
    Aspect,
    Award,
    Band,
    Claims,
    Component,
    EvidenceSlot,
    Indicator,
    MissingPolicy,
    Ranking,
    Round,
    Scale,
    Stage,
    TieBreaker,
    WeightsMode,
)

__all__ = [
    "Aggregation",
    "Answer",
    "Aspect",
    "Award",
    "Band",
    "ChoiceAnswer",
    "Claims",
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

    def claim_indicators(self) -> tuple[Indicator, ...]:
        """The indicators scored by checking the unit's claims on site (``claims:``)."""
        return tuple(node for node in self.iter_indicators() if node.claims is not None)

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
