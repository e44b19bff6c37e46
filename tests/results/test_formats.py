"""Numbers and dates as each language writes them: a decimal comma and "Rabu, 16 Oktober 2024,
09.00" in Indonesian, a decimal point and "Wednesday, 16 October 2024, 09:00" in English, in
pages, PDFs (read back) and XLSX cells (numbers with a format that keeps their decimals)."""

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from kinerja.common.numbers import local_number
from kinerja.cycles.gates import local_time_text
from kinerja.results import services
from kinerja.results.compute import recompute_cycle

from .conftest import all_refs, put

DECREE = {
    "decree_number": "100.3.3.3/321/2025",
    "decree_date": dt.date(2024, 10, 16),
    "signatory_name": "Budi Prasetyo",
    "signatory_position": "Wali Kota Yogyakarta",
}
MOMENT = dt.datetime(2024, 10, 16, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.fixture
def announced(pekppp_cycle, organiser):
    cycle, participants, team = pekppp_cycle
    for index, ref in enumerate(all_refs(cycle)):
        put(participants[0], team[0], ref, 5)
        put(participants[1], team[0], ref, 3 if index % 2 else 4)
    recompute_cycle(cycle)
    services.determine(cycle, by=organiser, **DECREE)
    services.publish(cycle, by=organiser)
    return cycle, participants


def _client(language):
    client = Client()
    client.cookies["django_language"] = language
    return client


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("id", ["85,70", "1.234,5", "-0,074", "100", "—", "A", "3,87", "0,33"]),
        ("en", ["85.70", "1,234.5", "-0.074", "100", "—", "A", "3.87", "0.33"]),
    ],
)
def test_local_number_keeps_decimals_rounds_half_up_and_leaves_text(language, expected):
    with translation.override(language):
        shown = [local_number(v) for v in ("85.70", "1234.5", "-0.074", 100, "—", "A")]
        shown += [local_number(Decimal("3.865"), 2), local_number("0.333", 2)]

    assert shown == expected


@pytest.mark.parametrize(
    ("language", "date", "moment", "with_zone"),
    [
        (
            "id",
            "16 Oktober 2024",
            "Rabu, 16 Oktober 2024, 09.00",
            "Rabu, 16 Oktober 2024, 09.00 WIB",
        ),
        (
            "en",
            "16 October 2024",
            "Wednesday, 16 October 2024, 09:00",
            "Wednesday, 16 October 2024, 09:00 WIB",
        ),
    ],
)
def test_dates_in_each_language(language, date, moment, with_zone):
    with translation.override(language):
        assert formats.date_format(MOMENT.date(), "DATE_FORMAT") == date
        assert formats.date_format(MOMENT, "DATETIME_FORMAT") == moment
        assert local_time_text(MOMENT, "Asia/Jakarta") == with_zone


@pytest.mark.parametrize(("language", "total"), [("id", "5,00"), ("en", "5.00")])
def test_public_pages_write_numbers_in_the_language(announced, language, total):
    cycle, participants = announced
    kw = {"cycle_id": cycle.pk, "participant_id": participants[0].pk}

    card = _client(language).get(reverse("results:report_card", kwargs=kw))
    ranking = _client(language).get(reverse("results:announcement", kwargs={"cycle_id": cycle.pk}))

    assert f'<td data-testid="card-total">{total}</td>' in card.content.decode()
    assert f">{total}<" in ranking.content.decode()


@pytest.mark.parametrize(
    ("language", "total", "date"),
    [("id", "Total 5,00", "16 Oktober 2024"), ("en", "Total 5.00", "16 October 2024")],
)
def test_report_card_pdf_reads_back_in_the_language(announced, language, total, date):
    cycle, participants = announced
    kw = {"cycle_id": cycle.pk, "participant_id": participants[0].pk}

    response = _client(language).get(reverse("results:report_card_pdf", kwargs=kw))

    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert total in text
    assert date in text


def test_rekap_cells_are_numbers_that_keep_their_decimals(announced, organiser):
    cycle, _participants = announced
    client = _client("id")
    client.force_login(organiser)

    response = client.get(reverse("results:rekap", kwargs={"cycle_id": cycle.pk}))

    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    total = workbook.worksheets[0]["C2"]
    assert (total.value, total.number_format) == (5, "#,##0.00")
    aspect = workbook.worksheets[1]["B2"]
    assert aspect.number_format == "#,##0.00"
