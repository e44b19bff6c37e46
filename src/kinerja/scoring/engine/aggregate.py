"""Combining several evaluators' (or respondents') scores of one indicator, exactly.

All functions take and return exact Fractions. The z-score normalisation needs one square root
per evaluator; it is taken with Decimal in a fixed local context (28 significant digits) and
turned back into a Fraction, so every machine computes the same digits.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext
from fractions import Fraction

from ..model.schema import Aggregation

__all__ = [
    "ZScore",
    "aggregate",
    "mean",
    "median",
    "trimmed_mean",
    "zscore_parameters",
]

_SQRT_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)


def mean(values: Sequence[Fraction]) -> Fraction:
    """Arithmetic mean (the values must not be empty)."""
    return sum(values, Fraction(0)) / len(values)


def median(values: Sequence[Fraction]) -> Fraction:
    """Middle value; the mean of the two middle values when there is an even number."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def trimmed_mean(values: Sequence[Fraction], trim: Fraction) -> Fraction:
    """Mean after cutting floor(n * trim) values from each end (trim < 1/2 keeps one value)."""
    ordered = sorted(values)
    cut = int(len(ordered) * trim)  # floor: both factors are non-negative
    kept = ordered[cut : len(ordered) - cut] if cut else ordered
    return mean(kept)


def aggregate(
    values: Sequence[Fraction], aggregation: Aggregation, counts: Sequence[int] | None = None
) -> Fraction | None:
    """The aggregate of one indicator's scores per ``aggregation`` (None when there are none).

    ``counts`` (one per value) says how many respondents gave each value: the result is the
    aggregate of the values repeated that many times, the mean computed without repeating them.
    """
    if counts is not None:
        if aggregation.method == "mean":
            total = sum(counts)
            if not total:
                return None
            return sum((v * c for v, c in zip(values, counts, strict=True)), Fraction(0)) / total
        values = [v for v, c in zip(values, counts, strict=True) for _ in range(c)]
    if not values:
        return None
    if aggregation.method == "median":
        return median(values)
    if aggregation.method == "trimmed_mean":
        return trimmed_mean(values, Fraction(aggregation.trim))
    return mean(values)


def _sqrt(value: Fraction) -> Fraction:
    with localcontext(_SQRT_CONTEXT):
        root = (Decimal(value.numerator) / Decimal(value.denominator)).sqrt()
    return Fraction(root)


@dataclass(frozen=True)
class ZScore:
    """Per-evaluator parameters: s' = clamp(mean_all + (s - mean_e) * ratio_e).

    ``ratio`` is sd_all / sd_e; when an evaluator gave the same score everywhere (sd_e = 0),
    ``ratio`` is None and the score is only shifted by mean_all - mean_e.
    """

    mean_all: Fraction
    means: Mapping[Hashable, Fraction]
    ratios: Mapping[Hashable, Fraction | None]

    def adjust(self, evaluator: Hashable, score: Fraction) -> Fraction:
        mean_e = self.means.get(evaluator)
        if mean_e is None:
            return score
        ratio = self.ratios[evaluator]
        if ratio is None:
            adjusted = score + (self.mean_all - mean_e)
        else:
            adjusted = self.mean_all + (score - mean_e) * ratio
        return min(max(adjusted, Fraction(0)), Fraction(1))


def _variance(values: Sequence[Fraction], centre: Fraction) -> Fraction:
    return sum(((value - centre) ** 2 for value in values), Fraction(0)) / len(values)


def zscore_parameters(samples: Iterable[tuple[Hashable, Fraction]]) -> ZScore:
    """Parameters of z-score normalisation over a batch of (evaluator, normalised score).

    Population statistics: mean and standard deviation per evaluator over every score they
    gave in the batch, and over all scores of all evaluators.
    """
    by_evaluator: dict[Hashable, list[Fraction]] = {}
    everything: list[Fraction] = []
    for evaluator, value in samples:
        by_evaluator.setdefault(evaluator, []).append(value)
        everything.append(value)
    if not everything:
        return ZScore(Fraction(0), {}, {})
    mean_all = mean(everything)
    variance_all = _variance(everything, mean_all)
    means: dict[Hashable, Fraction] = {}
    ratios: dict[Hashable, Fraction | None] = {}
    for evaluator, values in by_evaluator.items():
        mean_e = mean(values)
        variance_e = _variance(values, mean_e)
        means[evaluator] = mean_e
        # One square root of the variance ratio rather than two roots divided: fewer roundings.
        ratios[evaluator] = _sqrt(variance_all / variance_e) if variance_e else None
    return ZScore(mean_all, means, ratios)
