"""A unit's own people keep its innovations (issue 13): its operators draft and edit them and
upload their documents and photos, its head publishes them to the public catalogue; nobody else
sees a draft or its files."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kinerja.audit.models import AuditEvent
from kinerja.cycles.models import ParticipantMember
from kinerja.innovations import services
from kinerja.innovations.enums import MAX_FILES
from kinerja.innovations.models import InnovationFile
from kinerja.units.enums import MemberRole

from ..results.conftest import pekppp_cycle  # noqa: F401 -- fixture

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
PDF = b"%PDF-1.4\n% proposal\n"


@pytest.fixture
def people(pekppp_cycle, make_user):  # noqa: F811
    _cycle, participants, _team = pekppp_cycle
    own, other = participants[0], participants[1]
    cast = {
        "op": (own, MemberRole.OPERATOR),
        "head": (own, MemberRole.HEAD),
        "op2": (other, MemberRole.OPERATOR),
    }
    users = {}
    for name, (participant, role) in cast.items():
        users[name] = make_user(f"{name}.ukpd")
        ParticipantMember.objects.create(participant=participant, user=users[name], role=role)
    users["unit"], users["other_unit"] = own.unit, other.unit
    return users


def _client(client, user):
    client.force_login(user)
    return client


def test_operators_draft_and_the_head_publishes(people):
    op, head, op2, unit = people["op"], people["head"], people["op2"], people["unit"]

    innovation = services.create_innovation(owner=unit, title="Antrean Daring", by=op)
    services.update_innovation(innovation, expected_version=1, by=op, acronym="ANDA")
    with pytest.raises(PermissionDenied):
        services.set_published(innovation, published=True, by=op)
    with pytest.raises(PermissionDenied):
        services.create_innovation(owner=unit, title="Bukan unitnya", by=op2)
    with pytest.raises(PermissionDenied):
        services.update_innovation(innovation, expected_version=2, by=op2, acronym="X")
    services.set_published(innovation, published=True, by=head)

    innovation.refresh_from_db()
    assert innovation.published and innovation.published_by == head
    assert innovation.acronym == "ANDA"
    assert list(
        AuditEvent.objects.for_object(innovation).order_by("pk").values_list("action", flat=True)
    ) == ["innovation.create", "innovation.update", "innovation.publish"]


def test_the_pages_show_a_unit_only_its_own_innovations(people, client):
    op, head, op2, unit = people["op"], people["head"], people["op2"], people["unit"]
    mine = services.create_innovation(owner=unit, title="Antrean Daring", by=op)
    theirs = services.create_innovation(owner=people["other_unit"], title="Lain", by=op2)

    listing = _client(client, op).get(reverse("innovations:manage"))
    created = client.post(
        reverse("innovations:manage"),
        {"owner": people["other_unit"].pk, "title": "Menyusup", "status": "berjalan"},
    )
    edit = client.get(reverse("innovations:edit", kwargs={"innovation_id": mine.pk}))
    foreign = client.get(reverse("innovations:edit", kwargs={"innovation_id": theirs.pk}))
    refused = client.post(
        reverse("innovations:edit", kwargs={"innovation_id": mine.pk}), {"publish": "1"}
    )
    as_head = _client(client, head).get(
        reverse("innovations:edit", kwargs={"innovation_id": mine.pk})
    )
    published = client.post(
        reverse("innovations:edit", kwargs={"innovation_id": mine.pk}), {"publish": "1"}
    )

    assert listing.status_code == 200
    assert "Antrean Daring" in listing.text and "Lain" not in listing.text
    assert created.status_code == 400  # the other unit is not a choice
    assert edit.status_code == 200 and 'data-testid="head-publishes"' in edit.text
    assert 'data-testid="publish"' not in edit.text
    assert foreign.status_code == 404 and refused.status_code == 404
    assert 'data-testid="publish"' in as_head.text
    assert published.status_code == 302
    mine.refresh_from_db()
    assert mine.published


def test_files_are_checked_by_content_and_public_only_once_published(people, client):
    op, head, unit = people["op"], people["head"], people["unit"]
    innovation = services.create_innovation(owner=unit, title="Antrean Daring", by=op)
    upload = reverse("innovations:file_upload", kwargs={"innovation_id": innovation.pk})

    op_client = _client(client, op)
    photo = op_client.post(
        upload, {"file": SimpleUploadedFile("loket.png", PNG), "caption": "Loket baru"}
    )
    doc = op_client.post(upload, {"file": SimpleUploadedFile("profil.pdf", PDF)})
    wrong = op_client.post(upload, {"file": SimpleUploadedFile("foto.png", b"bukan gambar")})
    rows = {row.original_name: row for row in innovation.files.all()}
    photo_url = reverse(
        "innovations:file", kwargs={"innovation_id": innovation.pk, "file_id": rows["loket.png"].pk}
    )
    as_keeper = op_client.get(photo_url)
    client.logout()
    draft_public = client.get(photo_url)
    services.set_published(innovation, published=True, by=head)
    public = client.get(photo_url)
    page = client.get(reverse("catalogue:detail", kwargs={"innovation_id": innovation.pk}))

    assert photo.status_code == 302 and doc.status_code == 302
    assert wrong.status_code == 400 and "foto.png" in wrong.text
    assert "PNG" in wrong.text  # what was allowed, named in the refusal
    assert set(rows) == {"loket.png", "profil.pdf"}
    assert rows["loket.png"].is_photo and not rows["profil.pdf"].is_photo
    assert default_storage.exists(rows["profil.pdf"].file_name)
    assert as_keeper.status_code == 200 and draft_public.status_code == 404
    assert public.status_code == 200 and public["Content-Type"] == "image/png"
    assert b"".join(public.streaming_content) == PNG
    assert 'data-testid="photos"' in page.text and "Loket baru" in page.text
    assert 'data-testid="documents"' in page.text and "profil.pdf" in page.text
    assert AuditEvent.objects.filter(action="innovation_file.add").count() == 2


def test_a_file_is_removed_on_the_record_and_others_cannot(people, client):
    op, op2, unit = people["op"], people["op2"], people["unit"]
    innovation = services.create_innovation(owner=unit, title="Antrean Daring", by=op)
    row = services.add_file(innovation, upload=SimpleUploadedFile("a.pdf", PDF), by=op)
    remove = reverse(
        "innovations:file_remove", kwargs={"innovation_id": innovation.pk, "file_id": row.pk}
    )

    foreign = _client(client, op2).post(remove)
    with pytest.raises(PermissionDenied):
        services.add_file(innovation, upload=SimpleUploadedFile("b.pdf", PDF), by=op2)
    removed = _client(client, op).post(remove)

    assert foreign.status_code == 404
    assert removed.status_code == 302
    assert not innovation.files.exists()
    event = AuditEvent.objects.get(action="innovation_file.remove")
    assert event.before["original_name"] == "a.pdf"


def test_an_innovation_keeps_at_most_its_files(people):
    op, unit = people["op"], people["unit"]
    innovation = services.create_innovation(owner=unit, title="Antrean Daring", by=op)
    InnovationFile.objects.bulk_create(
        InnovationFile(
            innovation=innovation,
            file_name=f"innovations/x{i}.pdf",
            content_type="application/pdf",
            original_name=f"x{i}.pdf",
            size=1,
            sha256="0" * 64,
        )
        for i in range(MAX_FILES)
    )

    with pytest.raises(ValidationError) as full:
        services.add_file(innovation, upload=SimpleUploadedFile("c.pdf", PDF), by=op)

    assert full.value.code == "too_many_files"
    assert innovation.files.count() == MAX_FILES


def test_the_edit_page_keeps_the_start_date_in_its_date_field(people, client):
    op, unit = people["op"], people["unit"]
    innovation = services.create_innovation(
        owner=unit, title="Antrean Daring", started_on=dt.date(2022, 6, 1), by=op
    )

    page = _client(client, op).get(
        reverse("innovations:edit", kwargs={"innovation_id": innovation.pk})
    )

    # A date input takes only ISO dates: a localised "01/06/2022" shows empty and saving the
    # form would have dropped the start date.
    assert 'name="started_on" value="2022-06-01"' in page.text
