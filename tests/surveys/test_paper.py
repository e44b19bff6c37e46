"""Paper forms typed into a table: checked row by row with the row and column of each problem,
imported whole or not at all, counted in the IKM."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from kinerja.audit.models import AuditEvent
from kinerja.surveys.ikm import ikm_of
from kinerja.surveys.models import Response

HEADER = (
    "tanggal,umur,jenis kelamin,pendidikan,pekerjaan,jenis layanan,U1,U2,U3,U4,U5,U6,U7,U8,U9,saran"
)
GOOD = [
    "2026-07-14,35,P,S1,Swasta,KTP elektronik,4,4,4,4,4,4,4,4,4,",
    "14/07/2026,61,L,SD,Lainnya,Kartu keluarga,3,3,3,,3,3,3,3,3,Ramah",
]


def _csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def _post(client, survey, data: bytes, *, name="kertas.csv", dry_run=False):
    fields = {"file": SimpleUploadedFile(name, data)}
    if dry_run:
        fields["dry_run"] = "on"
    return client.post(reverse("surveys:paper", kwargs={"survey_id": survey.pk}), fields)


def test_a_dry_run_checks_and_writes_nothing(survey, organiser_client):
    got = _post(organiser_client, survey, _csv(*GOOD), dry_run=True)
    assert got.status_code == 200
    assert "2 formulir kertas dapat diimpor" in got.content.decode()
    assert not Response.objects.exists()


def test_a_clean_file_is_imported_and_counted(survey, organiser_client):
    got = _post(organiser_client, survey, _csv(*GOOD))
    assert got.status_code == 302
    rows = list(Response.objects.filter(survey=survey).order_by("pk"))
    assert [r.channel for r in rows] == ["paper", "paper"]
    assert rows[1].a4 is None and rows[1].sex == "l" and rows[1].education == "sd"
    assert rows[1].visited_on.isoformat() == "2026-07-14"
    ikm = ikm_of(survey)
    assert ikm.responses == 2
    assert ikm.elements[3].respondents == 1  # U4 skipped on the second form
    event = AuditEvent.objects.get(action="survey.paper_import")
    assert event.after == {"file": "kertas.csv", "responses": 2}


def test_every_problem_is_named_by_row_and_column_and_nothing_is_written(survey, organiser_client):
    bad = _csv(
        GOOD[0],
        "2026-07-14,35,X,S1,Swasta,KTP,4,5,4,4,4,4,4,4,4,",
        "kemarin,7,P,S1,Swasta,KTP,,,,,,,,,,",
    )
    got = _post(organiser_client, survey, bad)
    html = got.content.decode()
    assert got.status_code == 400
    assert "Baris 3, kolom jenis kelamin" in html
    assert "Baris 3, kolom U2" in html
    assert "Baris 4, kolom umur" in html
    assert "Baris 4, kolom tanggal" in html
    assert "Baris 4, kolom U1–U9" in html
    assert not Response.objects.exists()


def test_missing_element_columns_are_named(survey, organiser_client):
    got = _post(organiser_client, survey, b"umur,U1,U2\n30,4,4\n")
    assert got.status_code == 400
    assert "U3, U4, U5, U6, U7, U8, U9" in got.content.decode()


def test_an_xlsx_file_is_read_by_content(survey, organiser_client):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(["2026-07-14", 40, "P", "S2", "PNS", "KTP", *([4] * 9), ""])
    buffer = io.BytesIO()
    book.save(buffer)
    got = _post(organiser_client, survey, buffer.getvalue(), name="kertas.bin")
    assert got.status_code == 302
    assert Response.objects.get().occupation == "pns"


def test_a_file_that_is_no_table_is_refused_with_a_message(survey, organiser_client):
    got = _post(organiser_client, survey, b"\x89PNG\r\n\x1a\n\x00\x00", name="foto.csv")
    assert got.status_code == 400
    assert not Response.objects.exists()
