"""The audit trail in plain language: translated actions and field names, names instead of ids,
times in WIB, before and after side by side, filters and the XLSX of a filtered view."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from kinerja.audit.models import AuditEvent
from kinerja.audit.readable import readable
from kinerja.audit.services import record_event
from kinerja.units.enums import UnitKind
from kinerja.units.models import Unit
from kinerja.units.services import update_unit

MOMENT = dt.datetime(2024, 10, 16, 9, 5, tzinfo=ZoneInfo("Asia/Jakarta"))


def _client(user, language="id") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


@pytest.fixture
def moved(organiser, kemantren, pemkot):
    """Mantrijeron moved under a new parent and given another kind, on 16 October 2024 09.05."""
    other = Unit.objects.create(kind=UnitKind.BAGIAN, name="Bagian Tapem", region=pemkot.region)
    with time_machine.travel(MOMENT, tick=False):
        update_unit(kemantren, by=organiser, parent=other, kind=UnitKind.KECAMATAN)
    return AuditEvent.objects.get(action="unit.update")


@pytest.mark.django_db
def test_event_reads_in_indonesian_with_names_and_wib(moved, pemkot):
    with translation.override("id"):
        [row] = readable([moved])

    assert row.when == "16-10-2024 09.05 WIB"
    assert row.action == "Unit diubah"
    changes = {c.label: (c.before, c.after) for c in row.changes}
    assert changes["Unit induk"] == (str(pemkot), "Bagian Tapem")
    assert changes["Jenis"][1] == str(UnitKind.KECAMATAN.label)


@pytest.mark.django_db
def test_event_reads_in_english(moved):
    with translation.override("en"):
        [row] = readable([moved])

    assert row.when == "16/10/2024 09:05 WIB"
    assert row.action == "Unit changed"
    assert [c.label for c in row.changes] == ["Kind", "Parent unit"]


@pytest.mark.django_db
def test_values_are_written_as_people_read_them(organiser, kemantren):
    record_event(
        actor=organiser,
        action="review.save",
        obj=kemantren,
        after={
            "indicator": "1.2",
            "value": "85.70",
            "submitted_at": "2024-10-16T02:05:00+00:00",
            "active": False,
            "unit": kemantren.pk,
            "awards": ["Terbaik I", "Terbaik II"],
        },
    )
    event = AuditEvent.objects.get(action="review.save")

    with translation.override("id"):
        [row] = readable([event])

    shown = {c.label: c.after for c in row.changes}
    assert row.created is True
    assert shown["Indikator"] == "1.2"
    assert shown["Nilai"] == "85,70"
    assert shown["Dikirim"] == "16-10-2024 09.05 WIB"
    assert shown["Aktif"] == "tidak"
    assert shown["Unit"] == str(kemantren)
    assert shown["Penghargaan"] == "Terbaik I, Terbaik II"


@pytest.mark.django_db
def test_page_shows_the_difference_not_raw_ids(moved, organiser, pemkot):
    body = _client(organiser).get(reverse("audit:events")).content.decode()

    assert "Unit diubah" in body
    assert f'<del class="text-muted">{pemkot}</del> → <ins>Bagian Tapem</ins>' in body
    assert "16-10-2024 09.05 WIB" in body


@pytest.mark.django_db
def test_filters_by_action_unit_person_and_dates(moved, organiser, kemantren, pemkot):
    update_unit(pemkot, by=organiser, short_name="Pemkot")
    client = _client(organiser, "en")
    url = reverse("audit:events")

    def actions(**query):
        return [e.action for e in client.get(url, query).context["events"]]

    assert actions(aksi="unit.update", unit="Mantrijeron") == ["unit.update"]
    assert len(actions(aksi="unit.update")) == 2
    assert actions(aksi="unit.update", dari="2024-10-16", sampai="2024-10-16") == ["unit.update"]
    assert actions(aksi="unit.update", sampai="2024-10-15") == []
    assert actions(pelaku=organiser.pk, aksi="unit.update", unit="Pemerintah") == ["unit.update"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [{"siklus": "x"}, {"pelaku": "9999999"}, {"dari": "2024-13-45"}, {"aksi": "tidak.ada"}],
)
def test_bad_filters_are_refused_without_an_error_page(moved, organiser, query):
    response = _client(organiser, "en").get(reverse("audit:events"), query)

    assert response.status_code == 200
    assert response.context["form"].errors


@pytest.mark.django_db
def test_export_is_the_filtered_view_as_xlsx(moved, organiser, pemkot):
    update_unit(pemkot, by=organiser, short_name="Pemkot")

    response = _client(organiser).get(
        reverse("audit:export"), {"aksi": "unit.update", "unit": "Mantrijeron"}
    )

    assert response["Content-Disposition"].startswith('attachment; filename="jejak-audit-')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Waktu", "Pelaku", "Tindakan", "Kode", "Objek", "Perubahan")
    assert len(rows) == 2
    assert rows[1][:4] == (
        "16-10-2024 09.05 WIB",
        "Penyelenggara Uji",
        "Unit diubah",
        "unit.update",
    )
    assert f"Unit induk: {pemkot} → Bagian Tapem" in rows[1][5]


@pytest.mark.django_db
def test_export_of_another_government_is_empty(moved, make_user, pemkot):
    stranger = make_user("orang.lain")

    response = _client(stranger).get(reverse("audit:export"))

    assert response.status_code == 404


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    values=st.fixed_dictionaries(
        {
            name: st.one_of(st.text(max_size=40), st.sampled_from(["1e1000", "²", "\x00", "-1"]))
            for name in ("siklus", "unit", "pelaku", "aksi", "dari", "sampai", "page")
        }
    )
)
def test_generated_filters_never_fail(moved, organiser, values):
    client = _client(organiser, "en")

    page = client.get(reverse("audit:events"), values)
    export = client.get(reverse("audit:export"), values)

    # A NUL in the query string is refused as a bad request by Django; nothing is a 500.
    assert {page.status_code, export.status_code} <= {200, 400}


@pytest.mark.django_db
def test_a_changed_stage_shows_only_what_changed(organiser, kemantren):
    stages = [
        {"order": 1, "name": "Sosialisasi", "starts_at": "2024-09-01T17:00:00+00:00"},
        {"order": 2, "name": "Pengisian", "starts_at": "2024-09-05T17:00:00+00:00"},
    ]
    moved = [dict(stages[0]), {**stages[1], "starts_at": "2024-09-07T17:00:00+00:00"}]
    record_event(
        actor=organiser,
        action="cycle.stages",
        obj=kemantren,
        before={"stages": stages},
        after={"stages": moved},
    )

    with translation.override("en"):
        [row] = readable(AuditEvent.objects.filter(action="cycle.stages"))

    assert [(c.label, c.before, c.after) for c in row.changes] == [
        ("Stages 2 (Pengisian)", "Starts: 06/09/2024 00:00 WIB", "Starts: 08/09/2024 00:00 WIB")
    ]


@pytest.mark.django_db
def test_an_uploaded_files_id_reads_as_its_name(organiser, kemantren):
    from kinerja.assessments.models import EvidenceFile

    stored = EvidenceFile.objects.create(
        original_name="sk-standar-pelayanan.pdf",
        sha256="0" * 64,
        size=10,
        content_type="application/pdf",
        storage_name="bukti/sk.pdf",
    )
    event = record_event(
        actor=organiser,
        action="evidence.upload",
        obj=kemantren,
        after={"file": stored.pk, "name": stored.original_name},
    )
    with translation.override("id"):
        [row] = readable([event])
    changes = {c.label: c.after for c in row.changes}
    assert changes["Berkas"] == "sk-standar-pelayanan.pdf"
