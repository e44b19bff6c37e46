"""Decree documents read back from the PDF: the ranking (lampiran keputusan) and the
certificates (piagam penghargaan, sertifikat predikat)."""

import datetime as dt
import io
import re

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from kinerja.cycles import services as cycle_services
from kinerja.jobs.models import Job
from kinerja.reports.qr import qr_svg
from kinerja.results import services
from kinerja.results.certificates import (
    certificates_for_row,
    signing_place,
    verification_code,
)
from kinerja.results.compute import recompute_cycle
from kinerja.results.documents import prepared_path
from kinerja.units.models import Unit

from .conftest import all_refs, put

DECREE = {
    "decree_number": "100.3.3.3/123/2025",
    "decree_date": dt.date(2025, 11, 3),
    "signatory_name": "Budi Prasetyo",
    "signatory_position": "Wali Kota Yogyakarta",
}
AWARDS = [
    {"code": "terbaik-1", "label": "Terbaik I", "rank": 1},
    {"code": "terbaik-2", "label": "Terbaik II", "rank": 2},
]


def pdf_pages(response) -> list[str]:
    assert response["Content-Type"] == "application/pdf"
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]


def pdf_text(response) -> str:
    return "\n".join(pdf_pages(response))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def scored(pekppp_cycle):
    """UKPD 1 first (5.00, A, Terbaik I), UKPD 0 second (Terbaik II), UKPD 2 third (no
    award), UKPD 3 last with nothing scored."""
    cycle, participants, team = pekppp_cycle
    cycle.award_scheme = "custom"
    cycle.awards = AWARDS
    cycle.save(update_fields=["award_scheme", "awards"])
    for index, ref in enumerate(all_refs(cycle)):
        put(participants[1], team[0], ref, 5)
        put(participants[0], team[0], ref, 3 if index % 2 else 4)
        put(participants[2], team[0], ref, 2)
    recompute_cycle(cycle)
    return cycle, participants, team


@pytest.fixture
def announced(scored, organiser):
    cycle, participants, _team = scored
    determination = services.determine(cycle, by=organiser, **DECREE)
    services.publish(cycle, by=organiser)
    return cycle, participants, determination


def certificate_url(cycle, participant, kind):
    return reverse(
        "results:certificate_pdf",
        kwargs={"cycle_id": cycle.pk, "participant_id": participant.pk, "kind": kind},
    )


# --- certificates.py ---------------------------------------------------------------------------


def test_certificates_for_row_one_per_award_then_grade():
    row = {"participant_id": 7, "unit": "UKPD 7", "rank": 1, "grade_code": "A", "grade_label": "X"}

    found = certificates_for_row(row, ["Terbaik I", "5 Terbaik"])

    assert [(c.kind, c.name, c.code) for c in found] == [
        ("penghargaan", "Terbaik I", ""),
        ("penghargaan", "5 Terbaik", ""),
        ("predikat", "X", "A"),
    ]


def test_certificates_for_row_without_grade_or_award_is_empty():
    row = {"participant_id": 7, "unit": "UKPD 7", "rank": None, "grade_code": ""}
    assert certificates_for_row(row, []) == []


def test_qr_svg_is_inline_svg_sized_by_stylesheet():
    svg = qr_svg("http://testserver/pengumuman/1/rapor/2/")
    assert svg.startswith('<svg class="qr" ')
    assert "viewBox=" in svg
    assert "<?xml" not in svg


def test_signing_place_and_verification_code():
    assert signing_place("Kota Yogyakarta") == "Yogyakarta"
    assert signing_place("Kota Administrasi Jakarta Pusat") == "Jakarta Pusat"
    assert signing_place("Kabupaten Malang") == "Malang"
    assert verification_code("0123456789abcdef" * 4) == "0123456789abcdef"


# --- ranking PDF ---------------------------------------------------------------------------------


def test_ranking_pdf_has_decree_header_table_and_signature(client, announced):
    cycle, _participants, determination = announced

    response = client.get(reverse("results:ranking_pdf", kwargs={"cycle_id": cycle.pk}))

    assert response.status_code == 200
    text = squash(pdf_text(response))
    assert "100.3.3.3/123/2025" in text
    assert "3 November 2025".upper() in text  # the header block is set in capitals
    assert "3 November 2025" in text  # the signature's date
    assert "WALI KOTA YOGYAKARTA" in text
    assert "PEKPPP 2025" in text
    assert "Budi Prasetyo" in text  # the name as typed (an academic title keeps its case)
    assert "Yogyakarta" in text
    assert "PEMERINTAH KOTA YOGYAKARTA" in text.upper()
    rows = [line for line in pdf_text(response).splitlines() if re.match(r"\d+ UKPD ", line)]
    # An Indonesian document writes a decimal comma.
    assert rows == [
        "1 UKPD 1 5,00 A · Pelayanan Prima Terbaik I",
        "2 UKPD 0 3,46 B- · Baik (dengan catatan) Terbaik II",
        "3 UKPD 2 2,00 D · Buruk —",
        "4 UKPD 3 0,00 F · Gagal —",
    ]
    assert determination.sha256 in text
    assert re.search(rf"\b{determination.version}\b · SHA-256", text)


def test_ranking_pdf_unannounced_is_404_for_anonymous_and_preview_for_organiser(
    client, scored, organiser
):
    cycle, _participants, _team = scored
    services.determine(cycle, by=organiser, **DECREE)
    url = reverse("results:ranking_pdf", kwargs={"cycle_id": cycle.pk})

    assert client.get(url).status_code == 404
    client.force_login(organiser)
    response = client.get(url)

    assert response.status_code == 200
    assert "100.3.3.3/123/2025" in pdf_text(response)


def test_ranking_pdf_without_determination_is_404_even_for_organiser(client, scored, organiser):
    cycle, _participants, _team = scored
    client.force_login(organiser)
    assert (
        client.get(reverse("results:ranking_pdf", kwargs={"cycle_id": cycle.pk})).status_code == 404
    )


@pytest.mark.parametrize("extra", [0, 40])
def test_ranking_pdf_query_count_constant(
    client, scored, organiser, django_assert_max_num_queries, extra
):
    cycle, participants, _team = scored
    if extra:
        units = Unit.objects.bulk_create(
            Unit(kind="ukpd", name=f"Tambahan {i:02}", region=participants[0].unit.region)
            for i in range(extra)
        )
        cycle_services.add_participants(cycle, units, by=organiser)
        recompute_cycle(cycle)
    services.determine(cycle, by=organiser, **DECREE)
    services.publish(cycle, by=organiser)
    url = reverse("results:ranking_pdf", kwargs={"cycle_id": cycle.pk})

    # Announcement, instrument, organiser unit with region, kop surat; plus the request savepoint.
    with django_assert_max_num_queries(6):
        response = client.get(url)

    text = pdf_text(response)
    assert "UKPD 3" in text
    assert ("Tambahan 39" in text) == bool(extra)


# --- certificates ------------------------------------------------------------------------------


def test_award_certificate_names_award_unit_decree_and_verification(client, announced):
    cycle, participants, determination = announced

    response = client.get(certificate_url(cycle, participants[1], "penghargaan"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; ")  # saved, to print
    pages = pdf_pages(response)
    assert len(pages) == 1
    text = squash(pages[0])
    assert "UKPD 1" in text
    assert "Terbaik I" in text and "Terbaik II" not in text
    assert "PEKPPP 2025" in text
    assert "100.3.3.3/123/2025" in text
    assert "3 November 2025" in text
    assert determination.sha256[:16] in text
    assert determination.sha256 not in text
    assert "Budi Prasetyo" in text  # as typed, not in capitals
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape
    card = reverse(
        "results:report_card", kwargs={"cycle_id": cycle.pk, "participant_id": participants[1].pk}
    )
    assert response.context["pages"][0]["qr"] == qr_svg(f"http://testserver{card}")


def test_grade_certificate_names_grade(client, announced):
    cycle, participants, _determination = announced

    response = client.get(certificate_url(cycle, participants[2], "predikat"))

    assert response.status_code == 200
    text = squash(pdf_text(response))
    assert "UKPD 2" in text
    assert "D — Buruk" in text


def test_award_certificate_404_without_award(client, announced):
    cycle, participants, _determination = announced

    assert client.get(certificate_url(cycle, participants[2], "penghargaan")).status_code == 404
    assert client.get(certificate_url(cycle, participants[2], "predikat")).status_code == 200


def test_certificate_404_for_unknown_participant_or_kind(client, announced):
    cycle, participants, _determination = announced
    unknown = reverse(
        "results:certificate_pdf",
        kwargs={"cycle_id": cycle.pk, "participant_id": 999999, "kind": "predikat"},
    )

    assert client.get(unknown).status_code == 404
    assert client.get(certificate_url(cycle, participants[1], "juara")).status_code == 404


def test_certificate_unannounced_404_for_anonymous_preview_for_organiser(client, scored, organiser):
    cycle, participants, _team = scored
    services.determine(cycle, by=organiser, **DECREE)
    url = certificate_url(cycle, participants[1], "penghargaan")

    assert client.get(url).status_code == 404
    assert (
        client.get(
            reverse("results:certificate_bundle_pdf", kwargs={"cycle_id": cycle.pk})
        ).status_code
        == 404
    )
    client.force_login(organiser)
    assert client.get(url).status_code == 200


def test_certificate_bundle_one_page_per_certificate_awards_first(client, announced):
    cycle, _participants, _determination = announced

    response = client.get(reverse("results:certificate_bundle_pdf", kwargs={"cycle_id": cycle.pk}))

    pages = [squash(page) for page in pdf_pages(response)]
    assert len(pages) == 2 + 4  # two awards, four grades
    assert ["Terbaik I " in p for p in pages[:2]] == [True, False]
    assert "Terbaik II" in pages[1]
    units = [re.search(r"UKPD \d", p).group() for p in pages]
    assert units == ["UKPD 1", "UKPD 0", "UKPD 1", "UKPD 0", "UKPD 2", "UKPD 3"]


# --- links on the pages ------------------------------------------------------------------------


def test_announcement_links_ranking_pdf_and_certificates(client, announced):
    cycle, participants, _determination = announced

    html = client.get(
        reverse("results:announcement", kwargs={"cycle_id": cycle.pk})
    ).content.decode()

    assert reverse("results:ranking_pdf", kwargs={"cycle_id": cycle.pk}) in html
    assert certificate_url(cycle, participants[1], "penghargaan") in html
    assert certificate_url(cycle, participants[2], "predikat") in html
    assert certificate_url(cycle, participants[2], "penghargaan") not in html


def test_report_card_links_certificates(client, announced):
    cycle, participants, _determination = announced
    kw = {"cycle_id": cycle.pk, "participant_id": participants[2].pk}

    html = client.get(reverse("results:report_card", kwargs=kw)).content.decode()

    assert certificate_url(cycle, participants[2], "predikat") in html
    assert certificate_url(cycle, participants[2], "penghargaan") not in html


def test_determination_page_links_documents_when_determined(client, scored, organiser):
    cycle, _participants, _team = scored
    client.force_login(organiser)
    url = reverse("results:determination", kwargs={"cycle_id": cycle.pk})
    bundle = reverse("results:certificate_bundle_pdf", kwargs={"cycle_id": cycle.pk})

    assert bundle not in client.get(url).content.decode()
    services.determine(cycle, by=organiser, **DECREE)
    html = client.get(url).content.decode()

    assert bundle in html
    assert reverse("results:ranking_pdf", kwargs={"cycle_id": cycle.pk}) in html


def test_announcing_a_large_cycle_prepares_its_certificate_bundle_as_a_job(
    client, scored, organiser, settings
):
    settings.KINERJA_BUNDLE_AS_JOB_ABOVE = 3  # four participants
    cycle = scored[0]
    determination = services.determine(cycle, by=organiser, **DECREE)
    client.force_login(organiser)
    url = reverse("results:determination", kwargs={"cycle_id": cycle.pk})

    sent = client.post(url, {"action": "publish", "confirmed": "1"})

    job = Job.objects.get(kind="certificate_bundle", cycle=cycle)
    assert sent["Location"] == reverse("jobs:detail", kwargs={"job_id": job.pk})
    bundle = reverse("results:certificate_bundle_pdf", kwargs={"cycle_id": cycle.pk})
    assert (job.status, job.done, job.total, job.result_url) == ("done", 6, 6, bundle)
    assert default_storage.exists(prepared_path(determination, "piagam"))
    # The public URL serves the prepared file: the same six pages, awards first.
    served = Client().get(bundle)
    assert served["Content-Disposition"].startswith("attachment")
    reader = PdfReader(io.BytesIO(b"".join(served.streaming_content)))
    pages = [squash(page.extract_text()) for page in reader.pages]
    assert len(pages) == 6
    assert "Terbaik I " in pages[0] and "Terbaik II" in pages[1]
    # The ranking (lampiran) was prepared by the same job and is served from storage too.
    ranking = Client().get(reverse("results:ranking_pdf", kwargs={"cycle_id": cycle.pk}))
    assert ranking["Content-Disposition"].startswith("inline")
    kept = default_storage.open(prepared_path(determination, "peringkat")).read()
    assert b"".join(ranking.streaming_content) == kept
    assert "Terbaik I" in PdfReader(io.BytesIO(kept)).pages[0].extract_text()
    # And every report card, in one file.
    cards = Client().get(reverse("results:report_card_bundle_pdf", kwargs={"cycle_id": cycle.pk}))
    kept = default_storage.open(prepared_path(determination, "rapor")).read()
    assert b"".join(cards.streaming_content) == kept
    assert len(PdfReader(io.BytesIO(kept)).pages) >= 4
    for name in ("piagam", "peringkat", "rapor"):
        default_storage.delete(prepared_path(determination, name))


def test_every_report_card_in_one_pdf_in_ranking_order(client, scored, organiser):
    cycle = scored[0]
    determination = services.determine(cycle, by=organiser, **DECREE)
    url = reverse("results:report_card_bundle_pdf", kwargs={"cycle_id": cycle.pk})
    assert Client().get(url).status_code == 404  # not announced yet
    services.publish(cycle, by=organiser)

    got = Client().get(url)

    assert got["Content-Disposition"].startswith("attachment")
    text = " ".join(
        squash(page.extract_text()) for page in PdfReader(io.BytesIO(got.content)).pages
    )
    units = [row["unit"] for row in determination.snapshot]
    assert len(units) == 4
    starts = [text.index(f"RAPOR: {unit.upper()}") for unit in units]  # h1 is upper case
    assert starts == sorted(starts)
