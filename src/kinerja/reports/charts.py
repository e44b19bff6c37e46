"""Charts as plain SVG text: the same drawing in the web page (inline, no script) and in the PDF.

No JavaScript and no CDN: a bar per aspect with the cycle average marked, or a radar of the same.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from kinerja.common.numbers import local_number

Number = int | float | Decimal


@dataclass(frozen=True)
class Series:
    label: str
    value: Number
    average: Number | None = None


def _f(value: Number) -> float:
    return float(value)


def _n(value: float) -> str:
    """Coordinates with two decimals, so the output is stable text."""
    return f"{value:.2f}"


def _svg_open(width: float, height: float, label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kinerja-chart" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(label)}">'
    )


def bar_chart_svg(
    series: Sequence[Series],
    *,
    max_value: Number,
    title: str = "",
    value_label: str = "",
    average_label: str = "",
    width: int = 640,
    bar_height: int = 22,
) -> str:
    """Horizontal bars (one per series) scaled to ``max_value``, the average as a dark tick."""
    label_width = 220
    chart_width = width - label_width - 60
    gap = 10
    top = 30 if title else 8
    height = top + len(series) * (bar_height + gap) + 28
    top_value = _f(max_value) or 1.0
    parts = [
        _svg_open(width, height, title or value_label),
    ]
    if title:
        parts.append(f'<text x="0" y="18" font-size="14" font-weight="bold">{escape(title)}</text>')
    for index, item in enumerate(series):
        y = top + index * (bar_height + gap)
        length = max(0.0, min(1.0, _f(item.value) / top_value)) * chart_width
        parts.append(
            f'<text x="{label_width - 8}" y="{_n(y + bar_height * 0.7)}" font-size="12" '
            f'text-anchor="end">{escape(item.label[:40])}</text>'
        )
        parts.append(
            f'<rect x="{label_width}" y="{y}" width="{_n(chart_width)}" height="{bar_height}" '
            'fill="#e9ecef"/>'
        )
        parts.append(
            f'<rect class="bar" x="{label_width}" y="{y}" width="{_n(length)}" '
            f'height="{bar_height}" fill="#0b4f6c"><title>{escape(item.label)}: '
            f"{escape(local_number(item.value))}</title></rect>"
        )
        parts.append(
            f'<text x="{_n(label_width + chart_width + 6)}" y="{_n(y + bar_height * 0.7)}" '
            f'font-size="12">{escape(local_number(item.value))}</text>'
        )
        if item.average is not None:
            x = label_width + max(0.0, min(1.0, _f(item.average) / top_value)) * chart_width
            parts.append(
                f'<line class="average" x1="{_n(x)}" y1="{y - 3}" x2="{_n(x)}" '
                f'y2="{y + bar_height + 3}" stroke="#d9480f" stroke-width="3"/>'
            )
    legend_y = height - 8
    parts.append(
        f'<rect x="{label_width}" y="{legend_y - 10}" width="12" height="10" fill="#0b4f6c"/>'
        f'<text x="{label_width + 16}" y="{legend_y}" font-size="11">{escape(value_label)}</text>'
    )
    if average_label:
        parts.append(
            f'<line x1="{label_width + 160}" y1="{legend_y - 11}" x2="{label_width + 160}" '
            f'y2="{legend_y + 1}" stroke="#d9480f" stroke-width="3"/>'
            f'<text x="{label_width + 168}" y="{legend_y}" font-size="11">'
            f"{escape(average_label)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def radar_chart_svg(
    series: Sequence[Series], *, max_value: Number, title: str = "", size: int = 420
) -> str:
    """A radar (spider) chart: the participant's polygon over the average's dashed polygon."""
    if len(series) < 3:
        return bar_chart_svg(series, max_value=max_value, title=title)
    centre = size / 2
    radius = size / 2 - 100  # room for the axis labels
    top_value = _f(max_value) or 1.0
    count = len(series)

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        share = max(0.0, min(1.0, value / top_value))
        return centre + radius * share * math.cos(angle), centre + radius * share * math.sin(angle)

    def polygon(values: Sequence[float]) -> str:
        return " ".join(f"{_n(x)},{_n(y)}" for x, y in (point(i, v) for i, v in enumerate(values)))

    parts = [_svg_open(size, size, title)]
    for ring in (0.25, 0.5, 0.75, 1.0):
        ring_points = polygon([top_value * ring] * count)
        parts.append(f'<polygon points="{ring_points}" fill="none" stroke="#dee2e6"/>')
    for index, item in enumerate(series):
        x, y = point(index, top_value * 1.12)
        anchor = "middle" if abs(x - centre) < 1 else ("start" if x > centre else "end")
        parts.append(
            f'<text x="{_n(x)}" y="{_n(y)}" font-size="11" text-anchor="{anchor}">'
            f"{escape(item.label[:28])}</text>"
        )
    if all(item.average is not None for item in series):
        parts.append(
            f'<polygon class="average" points="{polygon([_f(i.average) for i in series])}" '
            'fill="none" stroke="#d9480f" stroke-width="2" stroke-dasharray="5,4"/>'
        )
    parts.append(
        f'<polygon class="value" points="{polygon([_f(i.value) for i in series])}" '
        'fill="#0b4f6c" fill-opacity="0.35" stroke="#0b4f6c" stroke-width="2"/>'
    )
    parts.append("</svg>")
    return "".join(parts)
