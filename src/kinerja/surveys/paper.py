"""Paper forms typed into a table (CSV or XLSX, the columns of the regulation's form): checked
line by line, imported whole or not at all.

Columns (headers in any case and order): ``U1`` … ``U9`` (required; 1–4, empty when the
respondent skipped the element) and optionally ``tanggal`` (visit date, YYYY-MM-DD or
DD/MM/YYYY), ``umur``, ``jenis kelamin`` (L/P), ``pendidikan`` (SD, SMP, SMA, D1–D3, D4/S1, S2,
S3), ``pekerjaan`` (PNS, TNI/POLRI, Swasta, Wirausaha, Pelajar, Lainnya), ``jenis layanan`` and
``saran``. Every problem is reported with its spreadsheet row and column; a file with any
problem writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.audit.services import record_event
from kinerja.common.tabular import Table, TableError, read_table
from kinerja.surveys import tally
from kinerja.surveys.enums import ELEMENTS, Channel, Education, Occupation, Sex
from kinerja.surveys.models import Response, Survey
from kinerja.tenancy.keepers import may_edit

ELEMENT_COLUMNS = tuple(f"u{n}" for n in range(1, ELEMENTS + 1))
SEX = {"l": Sex.MALE, "laki-laki": Sex.MALE, "p": Sex.FEMALE, "perempuan": Sex.FEMALE}
EDUCATION = {
    "sd": Education.PRIMARY,
    "smp": Education.JUNIOR,
    "sma": Education.SENIOR,
    "smk": Education.SENIOR,
    "d1": Education.DIPLOMA,
    "d2": Education.DIPLOMA,
    "d3": Education.DIPLOMA,
    "diploma": Education.DIPLOMA,
    "d4": Education.BACHELOR,
    "s1": Education.BACHELOR,
    "s2": Education.MASTER,
    "s3": Education.DOCTOR,
}
OCCUPATION = {
    "pns": Occupation.CIVIL_SERVANT,
    "pppk": Occupation.CIVIL_SERVANT,
    "tni": Occupation.MILITARY_POLICE,
    "polri": Occupation.MILITARY_POLICE,
    "tni/polri": Occupation.MILITARY_POLICE,
    "swasta": Occupation.PRIVATE,
    "wirausaha": Occupation.SELF_EMPLOYED,
    "pelajar": Occupation.STUDENT,
    "mahasiswa": Occupation.STUDENT,
    "pelajar/mahasiswa": Occupation.STUDENT,
    "lainnya": Occupation.OTHER,
}


@dataclass
class PaperImport:
    """What a file holds: the responses ready to save, or the problems (``row, column: what``)."""

    filename: str
    responses: list[Response] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.responses)


def _date(text: str) -> dt.date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError


def _row(survey: Survey, number: int, row: dict[str, str], when, problems: list[str], batch: str):
    def problem(column: str, message: str) -> None:
        problems.append(
            _("Row %(row)s, column %(column)s: %(message)s")
            % {"row": number, "column": column, "message": message}
        )

    answers = {}
    for index, column in enumerate(ELEMENT_COLUMNS, start=1):
        text = row.get(column, "")
        if text == "":
            answers[f"a{index}"] = None
        elif text in {"1", "2", "3", "4"}:
            answers[f"a{index}"] = int(text)
        else:
            problem(column.upper(), _("“%(value)s” is not an answer from 1 to 4") % {"value": text})
    if all(v is None for v in answers.values()) and len(answers) == ELEMENTS:
        problem("U1–U9", _("no element is answered"))
    profile = {}
    for column, mapping, name in (
        ("jenis kelamin", SEX, "sex"),
        ("pendidikan", EDUCATION, "education"),
        ("pekerjaan", OCCUPATION, "occupation"),
    ):
        text = row.get(column, "").lower()
        if text and text not in mapping:
            problem(
                column,
                _("“%(value)s” is not one of %(choices)s")
                % {"value": row[column], "choices": ", ".join(sorted(mapping))},
            )
        elif text:
            profile[name] = mapping[text]
    age = row.get("umur", "")
    if age:
        if age.isdigit() and 10 <= int(age) <= 110:
            profile["age"] = int(age)
        else:
            problem("umur", _("“%(value)s” is not an age from 10 to 110") % {"value": age})
    visited = row.get("tanggal", "")
    if visited:
        try:
            profile["visited_on"] = _date(visited)
        except ValueError:
            problem("tanggal", _("“%(value)s” is not a date (YYYY-MM-DD)") % {"value": visited})
    profile["service"] = row.get("jenis layanan", "")[:200]
    profile["suggestion"] = row.get("saran", "")[:2000]
    return Response(
        survey=survey, submitted_at=when, channel=Channel.PAPER, batch=batch, **answers, **profile
    )


def check_file(survey: Survey, data: bytes, *, filename: str) -> PaperImport:
    """Read and check the file; nothing is written."""
    result = PaperImport(filename=filename)
    try:
        table: Table = read_table(data, filename=filename)
    except TableError as error:
        result.problems.append(str(error))
        return result
    missing = [c.upper() for c in ELEMENT_COLUMNS if c not in table.headers]
    if missing:
        result.problems.append(
            _("Row 1: the columns %(columns)s are missing") % {"columns": ", ".join(missing)}
        )
        return result
    if not table.rows:
        result.problems.append(_("The file has no rows below its header."))
        return result
    now = timezone.now()
    batch = f"{filename[:80]} · {timezone.localtime(now):%Y-%m-%d %H:%M}"
    for number, row in table.rows:
        response = _row(survey, number, row, now, result.problems, batch)
        result.responses.append(response)
    return result


@transaction.atomic
def import_file(survey: Survey, checked: PaperImport, *, by) -> int:
    """Save a checked file's responses and count them in (all or nothing). Audited
    ``survey.paper_import`` with the file name and count."""
    if not may_edit(by, survey.unit):
        raise PermissionDenied
    if not checked.ok:
        raise ValueError("the file has problems")
    Response.objects.bulk_create(checked.responses, batch_size=1000)
    tally.add_many(checked.responses)
    record_event(
        actor=by,
        action="survey.paper_import",
        obj=survey,
        after={"file": checked.filename, "responses": len(checked.responses)},
    )
    return len(checked.responses)
