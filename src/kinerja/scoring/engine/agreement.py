"""How far evaluators agree: Krippendorff's alpha and per-evaluator leniency (pure, exact).

Both functions take *units*: the things several coders (evaluators) scored, each a mapping
coder → value. In a cycle a unit is one (participant, indicator, round) and a value is the
evaluator's normalised score in [0, 1]; here a unit is just a mapping, so the same functions
serve tests, commands and the web page.

Arithmetic is exact (``Fraction``) wherever the statistic is rational: alpha for every metric,
means and mean deviations. Only the standard deviation needs a square root; it is taken once,
with ``Decimal`` at 28 significant digits (deterministic on every machine), and returned as a
``Fraction`` of that decimal.

Krippendorff's alpha (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability")::

    alpha = 1 - D_o / D_e = 1 - (n - 1) * sum_ck o_ck * delta2_ck / sum_ck n_c * n_k * delta2_ck

over the coincidence matrix ``o`` of the *pairable* values only: a missing value (absent key
or ``None``) is skipped, and a unit with fewer than two values is left out entirely (it has no
pair to compare). ``n`` is the number of pairable values. Metrics: ``nominal``, ``ordinal``,
``interval`` and ``ratio``. Alpha is ``None`` when it is undefined: fewer than two pairable
values, or no variation at all among them (every value the same, so D_e = 0).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any, Literal

__all__ = [
    "ALPHA_GOOD",
    "ALPHA_TENTATIVE",
    "MIN_EVALUATORS_FOR_OUTLIERS",
    "Agreement",
    "EvaluatorStats",
    "alpha_verdict",
    "evaluator_stats",
    "krippendorff_alpha",
    "outlier_evaluators",
    "tukey_fences",
]

Metric = Literal["nominal", "ordinal", "interval", "ratio"]
METRICS: tuple[str, ...] = ("nominal", "ordinal", "interval", "ratio")

# Krippendorff's conventions: rely on data with alpha >= 0.800, draw only tentative
# conclusions from 0.667 <= alpha < 0.800, and discard data below 0.667.
ALPHA_GOOD = Fraction(4, 5)
ALPHA_TENTATIVE = Fraction(667, 1000)

# Tukey's fences: k = 1.5 and at least four evaluators (with three, no value can lie outside
# the fences: the middle one pulls both quartiles).
TUKEY_K = Fraction(3, 2)
MIN_EVALUATORS_FOR_OUTLIERS = 4

# Deviations are shown in percentage points of the 0–1 score.
PERCENT = 100

_SQRT_PRECISION = 28

Units = Iterable[Mapping[Hashable, Any]] | Mapping[Hashable, Mapping[Hashable, Any]]


@dataclass(frozen=True)
class Agreement:
    """Krippendorff's alpha of a set of units, with what it was computed from.

    ``alpha`` is exact (``None`` when undefined, see the module notes); ``units`` counts the
    pairable units (at least two values), ``values`` the pairable values in them (``n``).
    """

    alpha: Fraction | None
    metric: str
    units: int
    values: int


@dataclass(frozen=True)
class EvaluatorStats:
    """One evaluator against the others, in percentage points (0–1 score × 100).

    ``scored`` counts every value the evaluator gave and ``mean`` is their plain mean over all
    of them. ``n`` counts the *comparable* values, those in units where at least one other
    evaluator scored too; over those, a deviation is the evaluator's value minus the mean of
    the others' values in that unit, ``mean_deviation`` their mean (positive: more lenient than
    the others) and ``spread`` their sample standard deviation (``None`` with fewer than two).
    """

    scored: int
    mean: Fraction | None
    n: int
    mean_deviation: Fraction | None
    spread: Fraction | None


# --- Krippendorff's alpha ---------------------------------------------------------------------


def _as_units(units: Units) -> Iterable[Mapping[Hashable, Any]]:
    if isinstance(units, Mapping):
        return units.values()
    return units


def _pairable(units: Units) -> list[list[Any]]:
    """The values of every unit with at least two of them (missing values dropped)."""
    kept = []
    for unit in _as_units(units):
        values = [v for v in unit.values() if v is not None]
        if len(values) >= 2:
            kept.append(values)
    return kept


def _interval_alpha(pairable: Sequence[Sequence[Any]]) -> Fraction | None:
    """Interval alpha from sums of values and squares (no coincidence matrix needed).

    Summed over ordered pairs (i, j), i != j, of a multiset of m values, (v_i - v_j)^2 is
    2 (m * sum v^2 - (sum v)^2); observed disagreement weighs each unit's pairs by 1/(m_u - 1).
    """
    observed = Fraction(0)
    total, total_squares, n = Fraction(0), Fraction(0), 0
    for raw in pairable:
        values = [Fraction(v) for v in raw]
        m = len(values)
        s1 = sum(values, Fraction(0))
        s2 = sum((v * v for v in values), Fraction(0))
        observed += 2 * (m * s2 - s1 * s1) / (m - 1)
        total += s1
        total_squares += s2
        n += m
    expected = 2 * (n * total_squares - total * total)
    if n < 2 or expected == 0:
        return None
    return 1 - (n - 1) * observed / expected


def _coincidences(pairable: Sequence[Sequence[Any]]) -> dict[tuple[Any, Any], Fraction]:
    """Krippendorff's coincidence matrix o_ck (only the non-zero cells)."""
    matrix: dict[tuple[Any, Any], Fraction] = {}
    for values in pairable:
        counts = Counter(values)
        weight = Fraction(1, len(values) - 1)
        for c, n_c in counts.items():
            for k, n_k in counts.items():
                pairs = n_c * (n_c - 1) if c == k else n_c * n_k
                if pairs:
                    matrix[(c, k)] = matrix.get((c, k), Fraction(0)) + pairs * weight
    return matrix


def _delta2(metric: str, marginals: dict[Any, Fraction]):
    """The squared difference function of ``metric`` (over the marginals for ordinal)."""
    if metric == "nominal":
        return lambda c, k: Fraction(c != k)
    if metric == "ratio":

        def ratio(c, k):
            c, k = Fraction(c), Fraction(k)
            return ((c - k) / (c + k)) ** 2 if c + k else Fraction(0)

        return ratio
    # Ordinal: the number of values between c and k (half of each end counted).
    ranks = sorted(marginals)
    cumulative: dict[Any, Fraction] = {}
    running = Fraction(0)
    for value in ranks:
        cumulative[value] = running  # pairable values ranked strictly below ``value``
        running += marginals[value]

    def ordinal(c, k):
        if c == k:
            return Fraction(0)
        low, high = (c, k) if cumulative[c] < cumulative[k] else (k, c)
        between = cumulative[high] + marginals[high] - cumulative[low]
        return (between - (marginals[low] + marginals[high]) / 2) ** 2

    return ordinal


def krippendorff_alpha(units: Units, *, metric: Metric = "interval") -> Agreement:
    """Krippendorff's alpha of ``units`` (each a mapping coder → value), exact.

    ``units`` is an iterable of mappings, or a mapping unit key → mapping (its values are used).
    A value of ``None`` (or an absent coder) is missing; units with fewer than two values are
    not pairable and are left out. ``nominal`` compares any hashable values for equality;
    ``ordinal`` needs values that sort; ``interval`` and ``ratio`` need exact numbers (int,
    Fraction, Decimal; ratio also non-negative). Returns the alpha (``None`` when undefined:
    fewer than two pairable values or no variation) with the pairable unit and value counts.
    """
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}; use one of {', '.join(METRICS)}")
    pairable = _pairable(units)
    n = sum(len(values) for values in pairable)
    if metric == "interval":
        return Agreement(_interval_alpha(pairable), metric, len(pairable), n)
    matrix = _coincidences(pairable)
    marginals: dict[Any, Fraction] = {}
    for (c, _k), count in matrix.items():
        marginals[c] = marginals.get(c, Fraction(0)) + count
    delta2 = _delta2(metric, marginals)
    observed = sum((count * delta2(c, k) for (c, k), count in matrix.items()), Fraction(0))
    expected = sum(
        (n_c * n_k * delta2(c, k) for c, n_c in marginals.items() for k, n_k in marginals.items()),
        Fraction(0),
    )
    if n < 2 or expected == 0:
        return Agreement(None, metric, len(pairable), n)
    return Agreement(1 - (n - 1) * observed / expected, metric, len(pairable), n)


def alpha_verdict(alpha: Fraction | None) -> str:
    """Krippendorff's reading of an alpha: ``good`` (>= 0.8), ``tentative`` (0.667 up to 0.8),
    ``poor`` (below 0.667) or ``undefined`` (no alpha)."""
    if alpha is None:
        return "undefined"
    if alpha >= ALPHA_GOOD:
        return "good"
    if alpha >= ALPHA_TENTATIVE:
        return "tentative"
    return "poor"


# --- evaluators against each other ------------------------------------------------------------


def _sqrt(value: Fraction) -> Fraction:
    with localcontext() as context:
        context.prec = _SQRT_PRECISION
        root = (Decimal(value.numerator) / Decimal(value.denominator)).sqrt()
    return Fraction(root)


def _mean(values: Sequence[Fraction]) -> Fraction:
    return sum(values, Fraction(0)) / len(values)


def _sample_sd(values: Sequence[Fraction]) -> Fraction | None:
    if len(values) < 2:
        return None
    centre = _mean(values)
    variance = sum(((v - centre) ** 2 for v in values), Fraction(0)) / (len(values) - 1)
    return _sqrt(variance)


def evaluator_stats(units: Units) -> dict[Hashable, EvaluatorStats]:
    """Each evaluator's mean, and mean and spread of their deviation from the others.

    ``units`` as for ``krippendorff_alpha`` (evaluator → score in [0, 1]; ``None`` is
    missing). For every unit where the evaluator and at least one other evaluator scored, the
    deviation is (value - mean of the others' values) × 100, in percentage points. See
    ``EvaluatorStats`` for the fields; every evaluator with at least one value gets a row.
    """
    given: dict[Hashable, list[Fraction]] = {}
    deviations: dict[Hashable, list[Fraction]] = {}
    for unit in _as_units(units):
        scores = {e: Fraction(v) for e, v in unit.items() if v is not None}
        total = sum(scores.values(), Fraction(0))
        others = len(scores) - 1
        for evaluator, value in scores.items():
            given.setdefault(evaluator, []).append(value)
            if others:
                deviation = (value - (total - value) / others) * PERCENT
                deviations.setdefault(evaluator, []).append(deviation)
    stats = {}
    for evaluator, values in given.items():
        own = deviations.get(evaluator, [])
        stats[evaluator] = EvaluatorStats(
            scored=len(values),
            mean=_mean(values) * PERCENT,
            n=len(own),
            mean_deviation=_mean(own) if own else None,
            spread=_sample_sd(own),
        )
    return stats


def _quantile(ordered: Sequence[Fraction], p: Fraction) -> Fraction:
    """Linear interpolation between the sorted values at position (n − 1) × p ("type 7")."""
    position = (len(ordered) - 1) * p
    low = int(position)
    if low + 1 >= len(ordered):
        return ordered[-1]
    return ordered[low] + (ordered[low + 1] - ordered[low]) * (position - low)


def tukey_fences(values: Sequence[Fraction]) -> tuple[Fraction, Fraction] | None:
    """Tukey's fences (Q1 − 1.5 IQR, Q3 + 1.5 IQR), ``None`` with fewer than four values."""
    if len(values) < MIN_EVALUATORS_FOR_OUTLIERS:
        return None
    ordered = sorted(values)
    q1, q3 = _quantile(ordered, Fraction(1, 4)), _quantile(ordered, Fraction(3, 4))
    iqr = q3 - q1
    return q1 - TUKEY_K * iqr, q3 + TUKEY_K * iqr


def outlier_evaluators(stats: Mapping[Hashable, EvaluatorStats]) -> set[Hashable]:
    """The evaluators whose mean deviation lies outside Tukey's fences.

    The rule: take the mean deviations of every evaluator with at least one comparable value;
    with at least four such evaluators, compute the quartiles Q1 and Q3 (linear interpolation,
    "type 7") and flag an evaluator whose mean deviation is below Q1 − 1.5 × IQR or above
    Q3 + 1.5 × IQR (consistently more lenient or stricter than the team). With fewer than four
    evaluators nobody is flagged. Tukey's fences need no normal distribution and, unlike a
    z-score, are not pulled by the outlier itself.
    """
    means = {e: s.mean_deviation for e, s in stats.items() if s.mean_deviation is not None}
    bounds = tukey_fences(list(means.values()))
    if bounds is None:
        return set()
    low, high = bounds
    return {e for e, value in means.items() if value < low or value > high}
