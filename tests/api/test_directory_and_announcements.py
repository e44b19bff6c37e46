"""The API's regions and units (an organiser's own government only, 404 for anyone else) and its
announced results (the live announcements, one decree, a participant's report card; 409 for a
snapshot that no longer matches its SHA-256)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kinerja.api.services import create_token
from kinerja.audit.models import AuditEvent
from kinerja.jobs.models import Job
from kinerja.results import services as results
from kinerja.results.integrity import MISMATCH_ACTION
from kinerja.results.models import Determination
from kinerja.units.models import Region, Unit

DECREE = {
    "decree_number": "100/7/2025",
    "decree_date": dt.date(2025, 11, 3),
    "signatory_name": "Hasto Wardoyo",
    "signatory_position": "Wali Kota",
}


def _client(raw: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _token(user) -> str:
    return create_token(by=user, name="Sistem", scope="read")[1]


@pytest.fixture
def jatim_organiser(make_user):
    region = Region.objects.create(code="35", name="Provinsi Jawa Timur", kind="provinsi")
    body = Unit.objects.create(kind="pemda", name="Pemprov Jatim", region=region)
    Unit.objects.create(kind="opd", name="Dinas Jatim", region=region, parent=body)
    return make_user("organiser.jatim", organiser_of=body)


def test_regions_and_units_are_the_organisers_own_government(
    organiser, kemantren, jatim_organiser, plain_user
):
    mine = _client(_token(organiser))
    regions = mine.get(reverse("api:regions")).json()["results"]
    assert "34.71" in {r["code"] for r in regions} and "35" not in {r["code"] for r in regions}
    units = mine.get(reverse("api:units")).json()["results"]
    assert {u["name"] for u in units} == {"Pemerintah Kota Yogyakarta", "Kemantren Mantrijeron"}
    found = mine.get(reverse("api:units"), {"q": "mantri", "kind": "kemantren"}).json()
    assert [u["id"] for u in found["results"]] == [kemantren.pk]
    assert found["results"][0]["region"] == "34.71" and found["results"][0]["code"] == "34.71.01"
    by_region = mine.get(reverse("api:units"), {"region": "34"}).json()["results"]
    assert len(by_region) == 2
    assert mine.get(reverse("api:units"), {"active": "false"}).json()["results"] == []
    detail = mine.get(reverse("api:unit", kwargs={"unit_id": kemantren.pk}))
    assert detail.status_code == 200 and detail.json()["parent_id"] == kemantren.parent_id

    # Another government's organiser sees its own units, never these; a non-organiser nothing.
    theirs = _client(_token(jatim_organiser))
    assert {u["name"] for u in theirs.get(reverse("api:units")).json()["results"]} == {
        "Pemprov Jatim",
        "Dinas Jatim",
    }
    assert theirs.get(reverse("api:unit", kwargs={"unit_id": kemantren.pk})).status_code == 404
    nobody = _client(_token(plain_user))
    assert nobody.get(reverse("api:units")).status_code == 404
    assert nobody.get(reverse("api:regions")).status_code == 404


def test_unit_filters_refuse_what_cannot_be_a_filter(organiser):
    mine = _client(_token(organiser))
    # A NUL is refused before any view (the request middleware), a too-long filter by the API.
    assert mine.get(reverse("api:units"), {"q": "a\x00b"}).status_code == 400
    assert mine.get(reverse("api:units"), {"q": "x" * 201}).status_code == 422


def test_announcements_and_report_cards(pekppp_cycle, organiser, plain_user):
    cycle, participants, _team = pekppp_cycle
    public = _client(_token(plain_user))
    card_url = reverse(
        "api:report_card", kwargs={"cycle_id": cycle.pk, "participant_id": participants[0].pk}
    )
    assert public.get(reverse("api:announcements")).json()["results"] == []
    assert public.get(card_url).status_code == 404

    determination = results.determine(cycle, by=organiser, override_reason="uji", **DECREE)
    results.publish(cycle, by=organiser)

    listed = public.get(reverse("api:announcements")).json()["results"]
    assert [(a["cycle_id"], a["decree_number"]) for a in listed] == [(cycle.pk, "100/7/2025")]
    one = public.get(reverse("api:announcement", kwargs={"cycle_id": cycle.pk})).json()
    assert one["sha256"] == determination.sha256 and one["organiser"] == cycle.organiser_unit.name
    assert one["determination_version"] == 1 and one["signatory_name"] == "Hasto Wardoyo"
    card = public.get(card_url).json()
    assert card["result"]["participant_id"] == participants[0].pk
    assert card["result"]["unit"] == participants[0].unit.name
    assert card["determination_version"] == 1 and isinstance(card["aspects"], list)
    stranger = reverse("api:report_card", kwargs={"cycle_id": cycle.pk, "participant_id": 10**9})
    assert public.get(stranger).status_code == 404

    results.withdraw(cycle, by=organiser)
    assert public.get(reverse("api:announcements")).json()["results"] == []
    assert public.get(reverse("api:announcement", kwargs={"cycle_id": cycle.pk})).status_code == 404


def test_an_altered_snapshot_is_refused_with_409_and_audited(pekppp_cycle, organiser, plain_user):
    cycle, participants, _team = pekppp_cycle
    determination = results.determine(cycle, by=organiser, override_reason="uji", **DECREE)
    results.publish(cycle, by=organiser)
    tampered = [dict(row, unit=f"{row['unit']} (diubah)") for row in determination.snapshot]
    Determination.objects.filter(pk=determination.pk).update(snapshot=tampered)
    public = _client(_token(plain_user))

    card = public.get(
        reverse(
            "api:report_card",
            kwargs={"cycle_id": cycle.pk, "participant_id": participants[0].pk},
        )
    )
    whole = public.get(reverse("api:results", kwargs={"cycle_id": cycle.pk}))

    assert card.status_code == 409 and card["Content-Type"] == "application/problem+json"
    assert whole.status_code == 409 and whole.json()["title"] == "Conflict"
    assert AuditEvent.objects.filter(action=MISMATCH_ACTION).count() == 1


CSV = (
    "kode,nama,singkatan,jenis,wilayah,induk,aktif\n"
    "34.71.02,Kemantren Kraton,Kraton,kemantren,34.71,Pemerintah Kota Yogyakarta,ya\n"
    "34.71.03,Kemantren Gondomanan,Gondomanan,kemantren,34.71,Pemerintah Kota Yogyakarta,ya\n"
)


def _import(client: Client, content: str, **fields):
    upload = SimpleUploadedFile("unit.csv", content.encode(), content_type="text/csv")
    return client.post(reverse("api:units_import"), {"file": upload, **fields})


def test_units_are_imported_by_a_job_after_a_dry_run(organiser, pemkot, jatim_organiser):
    writer = _client(create_token(by=organiser, name="Simpeg", scope="write")[1])

    dry = _import(writer, CSV, dry_run="true")

    assert dry.status_code == 200
    assert dry.json() | {"rows": []} == {
        "ok": True,
        "create": 2,
        "update": 0,
        "unchanged": 0,
        "file_errors": [],
        "rows": [],
        "job": None,
    }
    assert not Unit.objects.filter(name="Kemantren Kraton").exists()

    done = _import(writer, CSV)

    assert done.status_code == 202
    job = Job.objects.get(pk=done.json()["job"]["id"])
    assert (job.kind, job.status, job.started_by) == ("unit_import", "done", organiser)
    assert set(pemkot.children.values_list("name", flat=True)) == {
        "Kemantren Kraton",
        "Kemantren Gondomanan",
    }
    assert AuditEvent.objects.filter(action="unit.import").count() == 2
    followed = writer.get(reverse("api:job", kwargs={"job_id": job.pk})).json()
    assert followed["status"] == "done" and followed["result_url"] == reverse("units:regions")

    # Again: nothing new to create; the same rows are unchanged.
    again = _import(writer, CSV, dry_run="1").json()
    assert (again["create"], again["unchanged"]) == (0, 2)


def test_a_unit_import_with_errors_queues_nothing(organiser, jatim_organiser):
    writer = _client(create_token(by=organiser, name="Simpeg", scope="write")[1])
    bad = CSV + "35.07.01,Kecamatan Lain,,kecamatan,35,,ya\n"

    answer = _import(writer, bad)

    assert answer.status_code == 200
    body = answer.json()
    assert body["ok"] is False and body["job"] is None
    assert [r["row"] for r in body["rows"]] == [4]
    assert not Job.objects.exists()
    assert not Unit.objects.filter(name="Kemantren Kraton").exists()
    not_a_table = _import(writer, "")
    assert not_a_table.status_code == 422
    assert writer.post(reverse("api:units_import")).status_code == 422


def test_a_unit_import_needs_a_write_token_of_an_organiser(organiser, plain_user):
    reader = _client(_token(organiser))
    assert _import(reader, CSV).status_code == 403
    stranger = _client(create_token(by=plain_user, name="X", scope="write")[1])
    assert _import(stranger, CSV).status_code == 404
    assert not Job.objects.exists()
