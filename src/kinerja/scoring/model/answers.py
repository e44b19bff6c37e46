"""Answer types: what an indicator accepts and how an answer becomes a score in [0, 1].

Every answer type turns a raw answer into an exact ``Fraction`` between 0 and 1 (``normalise``),
or refuses it with an ``AnswerError`` whose message says what is expected (``clean``). The web
forms, the calculator and the engine all use these methods, so a value is judged the same way
everywhere.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from .base import Code, Dec, FrozenModel, Int, Text, raise_problems
from .errors import AnswerError, Problem
from .numbers import NotANumberError, decimal_text, read_number

__all__ = [
    "Answer",
    "ChoiceAnswer",
    "FastTable",
    "Level",
    "LevelAnswer",
    "NumberAnswer",
    "Option",
    "PointsAnswer",
    "RatioRule",
    "TextAnswer",
    "ThresholdRule",
    "ThresholdStep",
    "YesNoAnswer",
]

ANSWER_KINDS = ("level", "choice", "yes_no", "number", "points", "text")

_EXACT_TYPES = frozenset({int, str, Decimal, Fraction})


@dataclass(frozen=True)
class FastTable:
    """A finite answer type as integers: ``score = numerators[raw] / denominator``.

    ``types`` are the Python types a raw value may have to be looked up at all; anything else
    goes to the general path, which then accepts or refuses it with a proper message.
    """

    numerators: Mapping[object, int]
    denominator: int
    types: frozenset[type]


def _show(raw: object) -> str:
    # Short however hostile the value: "1e10000000" must not become ten million digits here.
    if isinstance(raw, str):
        return f"'{raw}'" if len(raw) <= 40 else f"'{raw[:40]}…'"
    if isinstance(raw, Decimal):
        return decimal_text(raw) if raw.is_finite() and abs(raw.adjusted()) <= 30 else str(raw)
    if isinstance(raw, int) and not isinstance(raw, bool) and raw.bit_length() > 100:
        return f"bilangan bulat {raw.bit_length()} bit"
    return str(raw)


def _number(raw: object) -> Fraction:
    try:
        return read_number(raw)
    except NotANumberError as exc:
        raise AnswerError(str(exc)) from None


class Level(FrozenModel):
    """One level of a level scale; every level has a written descriptor."""

    value: Int = Field(ge=0)
    label: Text | None = None
    descriptor: Text


class LevelAnswer(FrozenModel):
    """Levels with contiguous integer values; score = value / highest value."""

    type: Literal["level"] = "level"
    levels: tuple[Level, ...] = Field(min_length=2)

    @model_validator(mode="after")
    def _contiguous(self) -> LevelAnswer:
        problems = []
        for index in range(1, len(self.levels)):
            previous, value = self.levels[index - 1].value, self.levels[index].value
            if value != previous + 1:
                problems.append(
                    Problem(
                        ("levels", index, "value"),
                        f"nilai level harus berurutan naik satu per satu: setelah {previous} "
                        f"seharusnya {previous + 1}, bukan {value}",
                    )
                )
        raise_problems("LevelAnswer", problems)
        return self

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(level.value for level in self.levels)

    @property
    def max_value(self) -> int:
        return self.levels[-1].value

    def expected(self) -> str:
        return f"level {self.levels[0].value}-{self.max_value}"

    def clean(self, raw: object) -> int:
        """The level as an int, or AnswerError."""
        if isinstance(raw, bool) or not isinstance(raw, int | str | Decimal | Fraction):
            raise AnswerError(f"nilai {_show(raw)} bukan level; harus {self.expected()}")
        try:
            value = _number(raw)
        except AnswerError:
            raise AnswerError(f"nilai {_show(raw)} bukan level; harus {self.expected()}") from None
        if value.denominator != 1 or value.numerator not in self.values:
            raise AnswerError(f"nilai {_show(raw)} bukan level yang sah; harus {self.expected()}")
        return value.numerator

    def normalise(self, raw: object) -> Fraction:
        return Fraction(self.clean(raw), self.max_value)

    def fast_table(self) -> FastTable:
        numerators: dict[object, int] = {}
        for value in self.values:
            numerators[value] = value
            numerators[str(value)] = value
        return FastTable(numerators, self.max_value, _EXACT_TYPES)


class Option(FrozenModel):
    """One option of a choice; ``value`` is its worth (score = value / highest value)."""

    key: Code
    label: Text | None = None
    value: Dec = Field(ge=0)
    descriptor: Text | None = None


class ChoiceAnswer(FrozenModel):
    """A closed list of options (SAKIP A/B/C/D = 1/0.66/0.33/0)."""

    type: Literal["choice"] = "choice"
    options: tuple[Option, ...] = Field(min_length=2)

    @model_validator(mode="after")
    def _check(self) -> ChoiceAnswer:
        problems = []
        seen: dict[str, int] = {}
        for index, option in enumerate(self.options):
            folded = option.key.casefold()
            if folded in seen:
                problems.append(
                    Problem(
                        ("options", index, "key"),
                        f"kunci opsi '{option.key}' sudah dipakai (opsi ke-{seen[folded] + 1})",
                    )
                )
            seen.setdefault(folded, index)
        if max(option.value for option in self.options) <= 0:
            problems.append(Problem(("options",), "paling sedikit satu opsi harus bernilai > 0"))
        raise_problems("ChoiceAnswer", problems)
        return self

    @property
    def max_value(self) -> Decimal:
        return max(option.value for option in self.options)

    def expected(self) -> str:
        return "salah satu dari " + ", ".join(option.key for option in self.options)

    def option(self, raw: object) -> Option:
        """The option a raw key names (exact, else ignoring case), or AnswerError."""
        if isinstance(raw, str):
            key = raw.strip()
            for option in self.options:
                if option.key == key:
                    return option
            for option in self.options:
                if option.key.casefold() == key.casefold():
                    return option
        raise AnswerError(f"opsi {_show(raw)} tidak dikenal; harus {self.expected()}")

    def clean(self, raw: object) -> str:
        return self.option(raw).key

    def normalise(self, raw: object) -> Fraction:
        return Fraction(self.option(raw).value) / Fraction(self.max_value)

    def fast_table(self) -> FastTable:
        shares = {o.key: Fraction(o.value) / Fraction(self.max_value) for o in self.options}
        denominator = math.lcm(*(share.denominator for share in shares.values()))
        numerators = {
            key: share.numerator * (denominator // share.denominator)
            for key, share in shares.items()
        }
        return FastTable(numerators, denominator, frozenset({str}))


_YES = frozenset({"y", "ya", "yes", "true", "1"})
_NO = frozenset({"t", "tidak", "n", "no", "false", "0"})


class YesNoAnswer(FrozenModel):
    """Ya (Y) / Tidak (T): score 1 / 0."""

    type: Literal["yes_no"] = "yes_no"
    yes_label: Text = "Ya"
    no_label: Text = "Tidak"

    def expected(self) -> str:
        return "Y atau T"

    def clean(self, raw: object) -> str:
        """'Y' or 'T'; accepts also true/false, 1/0, ya/tidak, yes/no (any case)."""
        if isinstance(raw, bool):
            return "Y" if raw else "T"
        if isinstance(raw, int) and raw in (0, 1):
            return "Y" if raw == 1 else "T"
        if isinstance(raw, str):
            folded = raw.strip().casefold()
            if folded in _YES:
                return "Y"
            if folded in _NO:
                return "T"
        raise AnswerError(f"nilai {_show(raw)} tidak sah; harus {self.expected()}")

    def normalise(self, raw: object) -> Fraction:
        return Fraction(1 if self.clean(raw) == "Y" else 0)

    def fast_table(self) -> FastTable:
        # True == 1 and False == 0 as dict keys, so the ints 1/0 are covered by the bools.
        numerators: dict[object, int] = {True: 1, False: 0, "Y": 1, "T": 0, "y": 1, "t": 0}
        return FastTable(numerators, 1, frozenset({bool, int, str}))


class RatioRule(FrozenModel):
    """Realisation against a target: score = min(actual / target, cap) / cap."""

    kind: Literal["ratio"] = "ratio"
    target: Dec | None = Field(default=None, gt=0)
    cap: Dec = Field(default=Decimal(1), gt=0)


class ThresholdStep(FrozenModel):
    min: Dec
    score: Dec = Field(ge=0, le=1)


class ThresholdRule(FrozenModel):
    """Score of the highest step whose ``min`` is at most the answer (0 below the first step)."""

    kind: Literal["thresholds"] = "thresholds"
    steps: tuple[ThresholdStep, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _ascending(self) -> ThresholdRule:
        problems = [
            Problem(
                ("steps", index, "min"),
                f"batas tangga harus naik: {decimal_text(step.min)} tidak lebih besar dari "
                f"{decimal_text(self.steps[index - 1].min)}",
            )
            for index, step in enumerate(self.steps)
            if index and step.min <= self.steps[index - 1].min
        ]
        raise_problems("ThresholdRule", problems)
        return self


Rule = Annotated[RatioRule | ThresholdRule, Field(discriminator="kind")]


class NumberAnswer(FrozenModel):
    """A measured number scored by a rule (ratio to a target, or thresholds)."""

    type: Literal["number"] = "number"
    rule: Rule
    unit: Text | None = None

    def expected(self) -> str:
        if isinstance(self.rule, RatioRule) and self.rule.target is None:
            return "pasangan {target, actual} dengan angka >= 0"
        return "angka" + (f" ({self.unit})" if self.unit else "")

    def clean(self, raw: object) -> Fraction | tuple[Fraction, Fraction]:
        """The exact number, or (target, actual) when the answer carries its own target."""
        if isinstance(raw, Mapping):
            unknown = set(raw) - {"target", "actual"}
            if unknown or "actual" not in raw:
                raise AnswerError("jawaban angka berbentuk pemetaan harus berisi target dan actual")
            actual = _number(raw["actual"])
            if isinstance(self.rule, ThresholdRule):
                raise AnswerError("aturan ambang (thresholds) memakai satu angka, bukan target")
            target_raw = raw.get("target", self.rule.target)
            if target_raw is None:
                raise AnswerError("target wajib diisi")
            target = _number(target_raw)
            if target <= 0:
                raise AnswerError(f"target harus lebih dari 0, bukan {_show(target_raw)}")
            if actual < 0:
                raise AnswerError(f"realisasi tidak boleh negatif ({_show(raw['actual'])})")
            return (target, actual)
        value = _number(raw)
        if isinstance(self.rule, RatioRule):
            if self.rule.target is None:
                raise AnswerError(f"instrumen tidak menetapkan target; isi {self.expected()}")
            if value < 0:
                raise AnswerError(f"realisasi tidak boleh negatif ({_show(raw)})")
        return value

    def normalise(self, raw: object) -> Fraction:
        value = self.clean(raw)
        rule = self.rule
        if isinstance(rule, RatioRule):
            if isinstance(value, tuple):
                target, actual = value
            else:
                target, actual = Fraction(rule.target or 1), value
            cap = Fraction(rule.cap)
            return min(actual / target, cap) / cap
        assert not isinstance(value, tuple)
        score = Fraction(0)
        for step in rule.steps:
            if value >= Fraction(step.min):
                score = Fraction(step.score)
        return score


class PointsAnswer(FrozenModel):
    """Points between ``min`` and ``max``; score = points / max."""

    type: Literal["points"] = "points"
    max: Dec = Field(gt=0)
    min: Dec = Field(default=Decimal(0), ge=0)
    unit: Text | None = None

    @model_validator(mode="after")
    def _range(self) -> PointsAnswer:
        if self.min >= self.max:
            raise_problems(
                "PointsAnswer",
                [Problem(("min",), f"min ({self.min}) harus lebih kecil dari max ({self.max})")],
            )
        return self

    def expected(self) -> str:
        return f"angka {decimal_text(self.min)}-{decimal_text(self.max)}"

    def clean(self, raw: object) -> Fraction:
        value = _number(raw)
        if not Fraction(self.min) <= value <= Fraction(self.max):
            raise AnswerError(f"poin {_show(raw)} di luar rentang; harus {self.expected()}")
        return value

    def normalise(self, raw: object) -> Fraction:
        return self.clean(raw) / Fraction(self.max)


class TextAnswer(FrozenModel):
    """Free text: recorded, never scored (its indicator must weigh 0). ``max_words`` limits its
    length (a proposal section "paling banyak 500 kata")."""

    type: Literal["text"] = "text"
    max_words: Int | None = Field(default=None, ge=1)

    def expected(self) -> str:
        if self.max_words:
            return f"teks, paling banyak {self.max_words} kata"
        return "teks"

    def clean(self, raw: object) -> str:
        if not isinstance(raw, str):
            raise AnswerError(f"nilai {_show(raw)} harus berupa teks")
        words = len(raw.split())
        if self.max_words and words > self.max_words:
            raise AnswerError(f"teks paling banyak {self.max_words} kata; isian ini {words} kata")
        return raw

    def normalise(self, raw: object) -> None:
        self.clean(raw)
        return None


Answer = Annotated[
    LevelAnswer | ChoiceAnswer | YesNoAnswer | NumberAnswer | PointsAnswer | TextAnswer,
    Field(discriminator="type"),
]


def fast_table_of(answer: Any) -> FastTable | None:
    """The integer table of a finite answer type, or None when it has none."""
    maker = getattr(answer, "fast_table", None)
    return maker() if maker is not None else None
