"""The parts of an instrument: scale, components, the tree of aspects and indicators, grade
bands, stages, rounds, tie-breakers and awards, each a frozen pydantic model validated exactly.

Each part checks itself (an aspect's children's weights, a band's bounds); what looks across
the whole instrument is in ``checks`` and the ``Instrument`` itself in ``schema``.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from pydantic import Field, model_validator

from .answers import Answer, NumberAnswer, RatioRule
from .base import Code, Dec, FrozenModel, Int, Ref, Text, raise_problems
from .errors import Problem
from .numbers import decimal_text

__all__ = [
    "Aggregation",
    "AggregationMethod",
    "Aspect",
    "Award",
    "Band",
    "Component",
    "EvidenceSlot",
    "Fact",
    "Indicator",
    "MissingPolicy",
    "Ranking",
    "Round",
    "Scale",
    "Source",
    "Stage",
    "StageKind",
    "TieBreaker",
    "WeightsMode",
    "weight_sum_problem",
]

WeightsMode = Literal["percent", "points", "relative"]
MissingPolicy = Literal["zero", "reweight", "no_result"]
AggregationMethod = Literal["mean", "median", "trimmed_mean"]
Source = Literal["self", "evaluator", "jury", "survey"]
MissingAnswers = Literal["per_element", "complete_only"]
# What Kinerja shows the evaluator beside an indicator, from outside the evaluation: "survey"
# is the unit's satisfaction survey (SKM) of the cycle's chosen period (PEKPPP indicators 6–9).
Fact = Literal["survey"]
"""A survey component's respondents who skipped an element: ``per_element`` (the default)
averages each element over those who answered it; ``complete_only`` counts only respondents who
answered every element."""
StageKind = Literal[
    "sosialisasi",
    "nominasi",
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
    missing_answers: MissingAnswers = "per_element"
    description: Text | None = None


class EvidenceSlot(FrozenModel):
    """A kind of supporting document (data dukung) an indicator asks for."""

    code: Code
    name: Text
    required: bool = False
    kinds: tuple[Code, ...] = ()
    help: Text | None = None


class Claims(FrozenModel):
    """An indicator scored by checking on site what the unit claims (SKK Jawa Timur's Tahap III:
    "inovasi yang dipaparkan benar ada"): the unit lists its innovations per criterion, each
    evaluator marks each one found or not, and the score is found / claimed."""

    criteria: tuple[Ref, ...] = Field(min_length=1)


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
    claims: Claims | None = None
    facts: tuple[Fact, ...] = ()
    provisional: bool = False

    @model_validator(mode="after")
    def _check(self) -> Indicator:
        problems = []
        if self.claims is not None and not (
            isinstance(self.answer, NumberAnswer)
            and isinstance(self.answer.rule, RatioRule)
            and self.answer.rule.target is None
        ):
            problems.append(
                Problem(
                    ("claims",),
                    "butir klaim dinilai ditemukan / diklaim: jawabannya harus "
                    "{type: number, rule: {kind: ratio}} tanpa target",
                )
            )
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
    """An award for one rank (``rank: 1``), for everyone within the top N (``top: 30``), or for
    a range of ranks (``from_rank: 6, top: 10``: "10 Terbaik" after a "5 Terbaik")."""

    code: Code
    label: Text
    rank: Int | None = Field(default=None, ge=1)
    top: Int | None = Field(default=None, ge=1)
    from_rank: Int | None = Field(default=None, ge=1)
    description: Text | None = None

    @model_validator(mode="after")
    def _one(self) -> Award:
        if (self.rank is None) == (self.top is None):
            raise_problems("Award", [Problem((), "isi salah satu: rank atau top")])
        if self.from_rank is not None and (self.top is None or self.from_rank > self.top):
            raise_problems(
                "Award",
                [Problem(("from_rank",), "from_rank hanya bersama top, dan tidak lebih dari top")],
            )
        return self

    def covers(self, rank: int) -> bool:
        """Whether a participant of this rank receives the award."""
        if self.rank is not None:
            return rank == self.rank
        return (self.from_rank or 1) <= rank <= self.top
