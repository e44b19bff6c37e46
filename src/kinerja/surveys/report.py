"""The IKM report of one survey, the same on the public page, in the PDF and in the XLSX: the index
and its band, each element's tally and NRR with the lowest flagged, a chart of the NRR, the IKM of
each group of respondents by profile and by service, and the unit's follow-up.

The PDF has the unit's kop surat and the chart as SVG; the XLSX has a summary sheet with a native
bar chart (openpyxl) and one sheet of breakdowns, its numbers as numbers (the reader's spreadsheet
shows them with its own separators).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font

from kinerja.reports.charts import Series, bar_chart_svg
from kinerja.reports.letterhead import letterhead_for
from kinerja.reports.pdf import render_pdf
from kinerja.surveys.enums import ANSWERS
from kinerja.surveys.ikm import BREAKDOWNS, Ikm, breakdown, ikm_of
from kinerja.surveys.models import Response, Survey

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("pdf", "xlsx")


def _short(label: str, length: int = 28) -> str:
    return label if len(label) <= length else label[: length - 1].rstrip() + "…"


def _labelled(name: str, groups: list[tuple[object, Ikm]]) -> list[tuple[str, Ikm]]:
    """Groups of one profile field with their labels, in the order of its choices (age groups
    youngest first, months in order; the services and empty answers last)."""
    if name == "age":
        ordered = sorted(groups, key=lambda g: (not g[0], str(g[0] or "")))
        return [(str(key or "").partition("|")[2] or _("not stated"), ikm) for key, ikm in ordered]
    if name == "visited_on":
        dated = sorted((g for g in groups if g[0] is not None), key=lambda g: g[0])
        return [(date_format(key, "F Y"), ikm) for key, ikm in dated] + [
            (_("not stated"), ikm) for key, ikm in groups if key is None
        ]
    choices = list(Response._meta.get_field(name).choices or ())
    order = {value: index for index, (value, _label) in enumerate(choices)}
    labels = dict(choices)
    ordered = sorted(groups, key=lambda g: (g[0] == "", order.get(g[0], len(order)), g[0]))
    return [(str(labels.get(value, value) or _("not stated")), ikm) for value, ikm in ordered]


@dataclass(frozen=True)
class IkmReport:
    survey: Survey
    ikm: Ikm
    groups: list[tuple[str, list[tuple[str, Ikm]]]]

    def chart_svg(self) -> str:
        return bar_chart_svg(
            [
                Series(_short(f"{e.ref} {e.name}"), Decimal(e.nrr_display or 0))
                for e in self.ikm.elements
            ],
            max_value=4,
            title=_("Average per element (NRR, 1–4)"),
            value_label="NRR",
        )

    @property
    def filename(self) -> str:
        return f"ikm-{self.survey.year}-{self.survey.period}-{self.survey.pk}"


def ikm_report(survey: Survey) -> IkmReport:
    """The survey's IKM now with its breakdowns (two queries, and one per breakdown)."""
    groups = [
        (
            str(Response._meta.get_field(name).verbose_name).capitalize(),
            _labelled(name, breakdown(survey, name)),
        )
        for name in BREAKDOWNS
    ]
    return IkmReport(survey, ikm_of(survey), groups)


def report_pdf(report: IkmReport, *, request=None) -> bytes:
    return render_pdf(
        "surveys/ikm_pdf.html",
        {
            "survey": report.survey,
            "ikm": report.ikm,
            "chart": report.chart_svg(),
            "groups": report.groups,
            "letterhead": letterhead_for(report.survey.unit),
            "generated_at": timezone.now(),
        },
        request=request,
    )


def _nrr(element) -> float | None:
    return None if element.nrr is None else float(Decimal(element.nrr_display))


def _summary(sheet, report: IkmReport) -> None:
    survey, ikm = report.survey, report.ikm
    bold = Font(bold=True)
    sheet.append([_("Community satisfaction index (IKM)")])
    sheet["A1"].font = Font(bold=True, size=14)
    rows = [
        (_("Unit"), survey.unit.name),
        (_("Period"), f"{survey.get_period_display()} {survey.year}"),
        (_("Answers from"), f"{survey.opens_on:%d-%m-%Y} – {survey.closes_on:%d-%m-%Y}"),
        (_("Counted respondents"), ikm.responses),
        ("IKM", float(Decimal(ikm.display)) if ikm.result else None),
        (_("Band"), f"{ikm.band.code} {ikm.band.label}" if ikm.band else "—"),
    ]
    for label, value in rows:
        sheet.append([label, value])
        sheet.cell(row=sheet.max_row, column=1).font = bold
    sheet.cell(row=sheet.max_row - 1, column=2).number_format = "0.00"
    sheet.append([])
    header = [_("Element"), _("Name"), _("Respondents"), *map(str, reversed(ANSWERS)), "NRR"]
    sheet.append([*header, _("Lowest")])
    first = sheet.max_row
    for cell in sheet[first]:
        cell.font = bold
    for e in ikm.elements:
        sheet.append(
            [
                e.ref,
                e.name,
                e.respondents,
                *(e.counts[a] for a in reversed(ANSWERS)),
                _nrr(e),
                _("lowest") if e.lowest else "",
            ]
        )
        sheet.cell(row=sheet.max_row, column=8).number_format = "0.000"
    last = sheet.max_row
    sheet.append([])
    sheet.append([_("IKM = Σ(NRR × 1/9) × 25, with the exact 1/9 (PermenPANRB 14/2017).")])
    if survey.follow_up:
        sheet.append([_("Follow-up actions"), survey.follow_up])
        sheet.cell(row=sheet.max_row, column=1).font = bold
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 42
    chart = BarChart()
    chart.type = "bar"
    chart.title = _("Average per element (NRR, 1–4)")
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 4
    chart.legend = None
    chart.add_data(Reference(sheet, min_col=8, min_row=first, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=first + 1, max_row=last))
    chart.height, chart.width = 9, 16
    sheet.add_chart(chart, f"K{first}")


def _breakdowns(sheet, report: IkmReport) -> None:
    bold = Font(bold=True)
    for title, rows in report.groups:
        sheet.append([title, _("Respondents"), "IKM"])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for label, group in rows:
            value = float(Decimal(group.display)) if group.result else None
            sheet.append([label, group.responses, value])
            sheet.cell(row=sheet.max_row, column=3).number_format = "0.00"
        sheet.append([])
    sheet.column_dimensions["A"].width = 40


def report_xlsx(report: IkmReport) -> bytes:
    book = Workbook()
    summary = book.active
    summary.title = "IKM"
    _summary(summary, report)
    _breakdowns(book.create_sheet(_("Breakdown")[:31]), report)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
