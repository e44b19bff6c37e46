"""The report card (rapor) of one participant, read from a determination's frozen snapshot."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from kinerja.common.numbers import local_number
from kinerja.reports.charts import Series, bar_chart_svg
from kinerja.results.compute import parse_fraction
from kinerja.scoring.engine.ranking import untaken_components


@dataclass(frozen=True)
class AspectLine:
    ref: str
    name: str
    display: str
    score: Fraction
    average: Fraction
    average_display: str

    @property
    def difference(self) -> Fraction:
        return self.score - self.average


@dataclass(frozen=True)
class Advice:
    """One recommendation on the card: what it is about (aspect or indicator) and its text."""

    subject: str
    text: str


@dataclass
class ReportCard:
    row: dict[str, Any]
    aspects: list[AspectLine]
    strengths: list[AspectLine] = field(default_factory=list)
    weaknesses: list[AspectLine] = field(default_factory=list)
    recommendations: list[Advice] = field(default_factory=list)
    # True when the team recorded none and the card suggests from the weaknesses instead.
    suggested: bool = False
    chart_svg: str = ""


def _rounded(value: Fraction, decimals: int) -> str:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return str(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def _subject(instrument, item: dict[str, str]) -> str:
    """ "1.a.Ak Standar pelayanan" for the indicator or aspect a recommendation is about."""
    ref = item.get("indicator_ref") or item.get("aspect_ref") or ""
    try:
        return f"{ref} {instrument.node(ref).name}" if ref else ""
    except KeyError:  # a ref of another instrument version: show it as written
        return ref


def taken_aspects(row: dict[str, Any], instrument) -> dict[str, dict[str, Any]]:
    """The row's aspects, without those of competition rounds it never had (it did not go on to
    them: ``untaken_components``)."""
    untaken = untaken_components(instrument, row.get("reached") or "")
    aspects = row.get("aspects") or {}
    if not untaken:
        return aspects
    derived = instrument.derived.component_of
    return {ref: a for ref, a in aspects.items() if derived.get(ref) not in untaken}


def aspect_averages(snapshot: list[dict[str, Any]], instrument) -> dict[str, Fraction]:
    """Mean score per aspect over the participants that have one (exact fractions); a round's
    aspects are averaged over the participants that took part in it."""
    sums: dict[str, list[Fraction]] = {}
    for row in snapshot:
        for ref, aspect in taken_aspects(row, instrument).items():
            score = parse_fraction(aspect.get("score") or "")
            if score is not None:
                sums.setdefault(ref, []).append(score)
    return {ref: sum(values, Fraction(0)) / len(values) for ref, values in sums.items()}


def report_card(
    snapshot: list[dict[str, Any]], participant_id: int, instrument
) -> ReportCard | None:
    """The card of one participant, or None when the snapshot has no such participant.

    Strengths are the (up to) two aspects furthest above the cycle average, weaknesses the two
    furthest below it. Recommendations are the evaluation team's, as frozen in the snapshot;
    when the team recorded none, the card suggests from the weaknesses and says so.
    """
    row = next((r for r in snapshot if r.get("participant_id") == participant_id), None)
    if row is None:
        return None
    return card_of(row, aspect_averages(snapshot, instrument), instrument)


def report_cards(snapshot: list[dict[str, Any]], instrument) -> list[ReportCard]:
    """Every participant's card, in the snapshot's order (the averages computed once)."""
    averages = aspect_averages(snapshot, instrument)
    return [card_of(row, averages, instrument) for row in snapshot]


def card_of(row: dict[str, Any], averages: dict[str, Fraction], instrument) -> ReportCard:
    """The card of one snapshot row against the cycle's aspect ``averages``."""
    lines = []
    for ref, aspect in taken_aspects(row, instrument).items():
        score = parse_fraction(aspect.get("score") or "")
        if score is None or ref not in averages:
            continue
        lines.append(
            AspectLine(
                ref=ref,
                name=aspect.get("name") or ref,
                display=aspect.get("display") or _rounded(score, instrument.decimals),
                score=score,
                average=averages[ref],
                average_display=_rounded(averages[ref], instrument.decimals),
            )
        )
    above = sorted((a for a in lines if a.difference > 0), key=lambda a: -a.difference)
    below = sorted((a for a in lines if a.difference < 0), key=lambda a: a.difference)
    card = ReportCard(row=row, aspects=lines, strengths=above[:2], weaknesses=below[:2])
    card.recommendations = [
        Advice(subject=_subject(instrument, item), text=item["text"])
        for item in row.get("recommendations") or []
    ]
    if not card.recommendations:
        card.suggested = bool(card.weaknesses)
        card.recommendations = [
            Advice(
                subject=a.name,
                text=_(
                    "Strengthen “%(aspect)s”: %(score)s against the cycle average of "
                    "%(average)s; learn from the participants that score highest on it."
                )
                % {
                    "aspect": a.name,
                    "score": local_number(a.display),
                    "average": local_number(a.average_display),
                },
            )
            for a in card.weaknesses
        ]
    if lines:
        top = max([float(instrument.scale.max)] + [float(a.score) for a in lines])
        top = max([top] + [float(a.average) for a in lines])
        card.chart_svg = bar_chart_svg(
            [
                Series(
                    label=a.name,
                    value=Decimal(_rounded(a.score, instrument.decimals)),
                    average=Decimal(a.average_display),
                )
                for a in lines
            ],
            max_value=top,
            title=_("Aspect scores against the cycle average"),
            value_label=row.get("unit", ""),
            average_label=_("Cycle average"),
        )
    return card
