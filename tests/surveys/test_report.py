"""The IKM report as PDF (kop surat, chart, elements, breakdowns) and XLSX (numbers as numbers, a
native bar chart): the keepers' at any time, the public's once the IKM is published."""

from __future__ import annotations

import io

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from kinerja.surveys import services

from .conftest import answer


def _answers(survey):
    answer(survey, *[4] * 9, sex="p", education="s1")
    answer(survey, *[3] * 9, sex="l")
    answer(survey, *[4] * 8, 2, sex="p")  # U9 the lowest


def _keepers_url(survey, fmt):
    return reverse("surveys:report", kwargs={"survey_id": survey.pk, "report_format": fmt})


def _public_url(survey, fmt):
    return reverse("survey_public:report", kwargs={"survey_id": survey.pk, "report_format": fmt})


def test_the_pdf_has_the_ikm_the_elements_the_chart_and_the_breakdowns(survey, organiser_client):
    _answers(survey)
    got = organiser_client.get(_keepers_url(survey, "pdf"))
    assert got.status_code == 200 and got["Content-Type"] == "application/pdf"
    assert "attachment" in got["Content-Disposition"]
    reader = PdfReader(io.BytesIO(got.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    # U1…U8: (4 + 3 + 4)/3 = 11/3; U9: (4 + 3 + 2)/3 = 3 → IKM = (8 × 11/3 + 3)/9 × 25 = 89.81
    assert "89,81" in text
    assert survey.unit.name.upper() in text.upper()
    assert "Persyaratan" in text and "Sarana dan prasarana" in text
    assert "3,000" in text  # U9's NRR
    assert "Perempuan" in text  # the breakdown by sex


def test_the_xlsx_has_numbers_and_a_native_chart(survey, organiser_client):
    _answers(survey)
    got = organiser_client.get(_keepers_url(survey, "xlsx"))
    assert got.status_code == 200
    book = load_workbook(io.BytesIO(got.content))
    sheet = book["IKM"]
    assert (sheet["A5"].value, sheet["B5"].value) == ("Jumlah responden terhitung", 3)
    assert (sheet["A6"].value, sheet["B6"].value) == ("IKM", 89.81)
    nrr = {row[0].value: row[7].value for row in sheet.iter_rows() if str(row[0].value)[:1] == "U"}
    assert nrr["U9"] == 3.0 and round(nrr["U1"], 3) == 3.667
    assert len(sheet._charts) == 1
    assert len(book.sheetnames) == 2


def test_the_public_gets_the_report_only_once_published(survey, organiser):
    _answers(survey)
    public = Client()
    assert public.get(_public_url(survey, "pdf")).status_code == 404
    services.set_published(survey, published=True, by=organiser)
    assert public.get(_public_url(survey, "pdf")).status_code == 200
    assert public.get(_public_url(survey, "xlsx")).status_code == 200
    assert public.get(_public_url(survey, "docx")).status_code == 404
    page = public.get(reverse("survey_public:ikm", kwargs={"survey_id": survey.pk}))
    assert b'data-testid="report-pdf"' in page.content


def test_a_stranger_gets_404_for_the_keepers_report(survey, client, plain_user):
    client.force_login(plain_user)
    assert client.get(_keepers_url(survey, "pdf")).status_code == 404


def test_breakdowns_by_age_group_and_month_of_the_visit(survey):
    import datetime as dt

    from kinerja.surveys.report import ikm_report

    answer(survey, *[4] * 9, age=19, visited_on=dt.date(2026, 2, 3))
    answer(survey, *[2] * 9, age=25, visited_on=dt.date(2026, 2, 20))
    answer(survey, *[3] * 9, age=64, visited_on=dt.date(2026, 1, 9))
    answer(survey, *[3] * 9)
    groups = dict(ikm_report(survey).groups)
    ages = [(label, g.responses, g.display) for label, g in groups["Umur"]]
    assert ages == [
        ("< 20", 1, "100.00"),
        ("20–29", 1, "50.00"),
        ("≥ 60", 1, "75.00"),
        ("tidak diisi", 1, "75.00"),
    ]
    visits = [(label, g.responses, g.display) for label, g in groups["Tanggal kunjungan"]]
    assert visits == [
        ("Januari 2026", 1, "75.00"),
        ("Februari 2026", 2, "75.00"),
        ("tidak diisi", 1, "75.00"),
    ]


def test_the_keepers_read_the_suggestions_and_extra_answers(survey, organiser_client, organiser):
    services.update_survey(
        survey,
        expected_version=survey.version,
        by=organiser,
        questions=["Apa yang paling perlu diperbaiki?"],
    )
    answer(survey, *[4] * 9, suggestion="Tambah kursi ruang tunggu.")
    answer(survey, *[3] * 9, extra={"0": "Antrean loket KTP."})
    answer(survey, *[3] * 9)
    page = organiser_client.get(reverse("surveys:detail", kwargs={"survey_id": survey.pk}))
    html = page.content.decode()
    assert "Tambah kursi ruang tunggu." in html
    assert "Apa yang paling perlu diperbaiki?" in html and "Antrean loket KTP." in html
    assert html.count('class="list-group-item small"') == 2
