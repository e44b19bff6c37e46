"""The berita acara and recommendations: drafting from the record, signatures, finalisation
(stored PDF and its hash), the frozen final document, follow-up and every view's permissions."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from kinerja.audit.models import AuditEvent
from kinerja.minutes import services
from kinerja.minutes.enums import FollowUpStatus, MinutesStatus, SignerRole
from kinerja.minutes.models import Minutes
from kinerja.visits.enums import AttendeeCategory, Session
from kinerja.visits.models import Attendance, FieldVisit


@pytest.fixture
def visit(world):
    day = dt.date(2025, 8, 14)
    visit = FieldVisit.objects.create(
        participant=world.mantrijeron,
        day=day,
        session=Session.PAGI,
        starts_at=timezone.make_aware(dt.datetime(2025, 8, 14, 9)),
        place="Kantor Kemantren Mantrijeron",
    )
    for name, category in [
        ("Bu Sri Lestari", AttendeeCategory.OFFICIAL),
        ("Pak Budi Santoso", AttendeeCategory.STAKEHOLDER),
    ]:
        Attendance.objects.create(visit=visit, name=name, position="Jabatan", category=category)
    return visit


@pytest.fixture
def minutes(world, team, visit, media):
    return services.draft_minutes(world.mantrijeron, by=world.evaluator)


def signer_users(world, team):
    return [world.evaluator, team.second_user, team.chair_user, world.head_a]


def pdf_text(data: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())  # table cells wrap lines


def sign_all(world, team, minutes):
    for user in signer_users(world, team):
        services.confirm_signature(minutes, by=user)
    minutes.refresh_from_db()
    return minutes


# --- services --------------------------------------------------------------------------------


def test_draft_minutes_from_the_record(world, team, minutes):
    assert minutes.status == MinutesStatus.DRAFT
    assert minutes.meeting_date == dt.date(2025, 8, 14)
    assert minutes.place == "Kantor Kemantren Mantrijeron"
    rows = list(minutes.signers.values_list("user__username", "role", "order"))
    assert rows == [
        ("penilai.satu", SignerRole.EVALUATOR, 0),
        ("penilai.tiga", SignerRole.EVALUATOR, 1),
        ("ketua.tim", SignerRole.CHAIR, 2),
        ("kepala.mantrijeron", SignerRole.UNIT_HEAD, 3),
    ]
    refs = [ref for ref, _name in services.top_aspects(world.mantrijeron)]
    assert list(minutes.observations.values_list("aspect_ref", flat=True)) == refs
    assert AuditEvent.objects.filter(action="minutes.draft", object_id=str(minutes.pk)).count() == 1


def test_draft_minutes_refused_to_the_unit_and_outsiders(world, team, media):
    for user in (world.operator_a, world.head_a, world.other_evaluator):
        with pytest.raises(PermissionDenied):
            services.draft_minutes(world.mantrijeron, by=user)
    assert Minutes.objects.count() == 0


def test_confirm_signature_records_time_and_audit(world, team, minutes):
    signer = services.confirm_signature(minutes, by=world.evaluator)
    assert signer.confirmed_at is not None
    assert signer.role == SignerRole.EVALUATOR
    event = AuditEvent.objects.get(action="minutes.confirm")
    assert event.actor == world.evaluator
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.DRAFT


def test_confirm_signature_only_by_a_signer(world, team, minutes):
    for user in (world.operator_a, world.other_evaluator, world.organiser):
        with pytest.raises(PermissionDenied):
            services.confirm_signature(minutes, by=user)
    services.confirm_signature(minutes, by=world.evaluator)
    with pytest.raises(ValidationError):
        services.confirm_signature(minutes, by=world.evaluator)


def test_editing_clears_confirmations(world, team, minutes):
    services.confirm_signature(minutes, by=world.evaluator)
    ref = services.top_aspects(world.mantrijeron)[0][0]
    services.set_observation(minutes, ref, text="Ruang tunggu nyaman", by=team.chair_user)
    assert minutes.signers.filter(confirmed_at__isnull=False).count() == 0
    assert AuditEvent.objects.filter(action="minutes.observation").count() == 1


def test_last_confirmation_finalizes_with_stored_pdf_and_hash(world, team, minutes):
    ref = services.top_aspects(world.mantrijeron)[0][0]
    services.set_observation(minutes, ref, text="Maklumat pelayanan terpasang", by=world.evaluator)
    services.add_recommendation(
        world.mantrijeron,
        text="Perbarui standar pelayanan secara berkala",
        aspect_ref=ref,
        by=world.evaluator,
    )
    services.add_recommendation(
        world.mantrijeron, text="Sediakan kanal pengaduan daring", by=team.chair_user
    )

    minutes = sign_all(world, team, minutes)

    assert minutes.status == MinutesStatus.FINAL
    assert minutes.finalized_at is not None
    with default_storage.open(minutes.final_pdf, "rb") as stored:
        data = stored.read()
    assert minutes.sha256 == hashlib.sha256(data).hexdigest()
    assert minutes.final_pdf.startswith(f"berita-acara/{world.cycle.pk}/")
    assert minutes.signers.filter(confirmed_at__isnull=True).count() == 0
    text = pdf_text(data)
    for expected in [
        "Mantrijeron",
        "Bu Sri Lestari",
        "Pak Budi Santoso",
        "Maklumat pelayanan terpasang",
        "Perbarui standar pelayanan secara berkala",
        "Sediakan kanal pengaduan daring",
        "Penilai Satu",
        "Penilai Tiga",
        "Ketua Tim",
        "Mantri Pamong Praja Mantrijeron",
    ]:
        assert expected in text, expected
    event = AuditEvent.objects.get(action="minutes.finalize")
    assert event.after["sha256"] == minutes.sha256
    assert text.count("Dikonfirmasi di Kinerja pada") == 4
    assert AuditEvent.objects.filter(action="minutes.confirm").count() == 4


def test_final_minutes_refuse_edits(world, team, minutes):
    minutes = sign_all(world, team, minutes)
    ref = services.top_aspects(world.mantrijeron)[0][0]
    with pytest.raises(ValidationError):
        services.set_observation(minutes, ref, text="Later", by=world.evaluator)
    with pytest.raises(ValidationError):
        services.update_minutes(minutes, meeting_date=None, place="X", notes="", by=world.evaluator)
    with pytest.raises(ValidationError):
        services.add_recommendation(world.mantrijeron, text="Later", by=world.evaluator)
    with pytest.raises(ValidationError):
        services.confirm_signature(minutes, by=world.evaluator)
    assert minutes.observations.get(aspect_ref=ref).text == ""


def test_wet_ink_pdf_has_blank_signature_blocks(world, team, minutes):
    services.confirm_signature(minutes, by=world.evaluator)
    text = pdf_text(services.render_minutes_pdf(minutes, wet_ink=True))
    assert "Penilai Satu" in text
    assert "Confirmed in Kinerja" not in text and "Dikonfirmasi di Kinerja" not in text


def test_follow_up_by_the_unit_and_status_by_the_team(world, team, minutes):
    rec = services.add_recommendation(world.mantrijeron, text="Rapikan arsip", by=world.evaluator)
    services.update_follow_up(
        rec, status=FollowUpStatus.IN_PROGRESS, note="Sedang dikerjakan", by=world.operator_a
    )
    rec.refresh_from_db()
    assert (rec.follow_up_status, rec.follow_up_note, rec.follow_up_by) == (
        FollowUpStatus.IN_PROGRESS,
        "Sedang dikerjakan",
        world.operator_a,
    )
    with pytest.raises(ValidationError):
        services.update_follow_up(rec, status=FollowUpStatus.DONE, note="", by=world.operator_a)
    with pytest.raises(PermissionDenied):
        services.update_follow_up(rec, status=FollowUpStatus.OPEN, note="", by=world.operator_b)
    services.update_follow_up(rec, status=FollowUpStatus.DONE, note="Selesai", by=world.evaluator)
    rec.refresh_from_db()
    assert rec.follow_up_status == FollowUpStatus.DONE
    assert AuditEvent.objects.filter(action="recommendation.follow_up").count() == 2


def test_follow_up_continues_after_final(world, team, minutes):
    rec = services.add_recommendation(world.mantrijeron, text="Rapikan arsip", by=world.evaluator)
    sign_all(world, team, minutes)
    services.update_follow_up(rec, status=FollowUpStatus.DONE, note="Sudah", by=team.chair_user)
    rec.refresh_from_db()
    assert rec.follow_up_status == FollowUpStatus.DONE


# --- views -----------------------------------------------------------------------------------

VIEWERS = {"operator_a", "head_a", "evaluator", "organiser", "second", "chair"}
EDITORS = {"evaluator", "organiser", "second", "chair"}


def personas(world, team):
    return {**world.personas, "second": team.second_user, "chair": team.chair_user}


def as_client(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def _expect(status_ok: int, allowed: bool, user) -> int:
    if user is None:
        return 302
    return status_ok if allowed else 404


@pytest.mark.parametrize("name", ["detail", "wet_ink", "pdf"], ids=lambda n: n)
def test_view_permission_matrix_for_reading(client, world, team, minutes, name):
    if name == "pdf":
        sign_all(world, team, minutes)
    url = reverse(f"minutes:{name}", args=[world.mantrijeron.pk])
    for persona, user in personas(world, team).items():
        response = as_client(client, user).get(url)
        assert response.status_code == _expect(200, persona in VIEWERS, user), persona


def test_final_pdf_404_while_draft(client, world, team, minutes):
    response = as_client(client, world.evaluator).get(
        reverse("minutes:pdf", args=[world.mantrijeron.pk])
    )
    assert response.status_code == 404


def test_final_pdf_download_matches_hash(client, world, team, minutes):
    minutes = sign_all(world, team, minutes)
    response = as_client(client, world.head_a).get(
        reverse("minutes:pdf", args=[world.mantrijeron.pk])
    )
    data = b"".join(response.streaming_content)
    assert hashlib.sha256(data).hexdigest() == minutes.sha256
    page = as_client(client, world.head_a).get(
        reverse("minutes:detail", args=[world.mantrijeron.pk])
    )
    assert minutes.sha256 in page.content.decode()


def test_draft_view_permission_matrix(client, world, team, visit, media):
    url = reverse("minutes:draft", args=[world.mantrijeron.pk])
    for persona, user in personas(world, team).items():
        if persona in EDITORS:
            continue
        response = as_client(client, user).post(url)
        assert response.status_code == _expect(302, False, user), persona
    assert Minutes.objects.count() == 0
    response = as_client(client, team.chair_user).post(url)
    assert response.status_code == 302
    assert Minutes.objects.filter(participant=world.mantrijeron).count() == 1


def test_edit_view_permission_matrix(client, world, team, minutes):
    url = reverse("minutes:edit", args=[world.mantrijeron.pk])
    for persona, user in personas(world, team).items():
        data = {"meeting_date": "2025-08-15", "place": f"Tempat {persona}", "notes": ""}
        response = as_client(client, user).post(url, data)
        assert response.status_code == _expect(302, persona in EDITORS, user), persona
    minutes.refresh_from_db()
    assert minutes.place == "Tempat chair"
    assert minutes.meeting_date == dt.date(2025, 8, 15)


def test_edit_view_saves_observations(client, world, team, minutes):
    ref = services.top_aspects(world.mantrijeron)[1][0]
    as_client(client, world.evaluator).post(
        reverse("minutes:edit", args=[world.mantrijeron.pk]),
        {"meeting_date": "2025-08-14", "place": "Kantor", "notes": "", f"obs-{ref}": "Baik"},
    )
    assert minutes.observations.get(aspect_ref=ref).text == "Baik"


def test_add_recommendation_view_permission_matrix(client, world, team, minutes):
    url = reverse("minutes:recommendation_add", args=[world.mantrijeron.pk])
    for persona, user in personas(world, team).items():
        response = as_client(client, user).post(url, {"text": f"Saran {persona}"})
        assert response.status_code == _expect(302, persona in EDITORS, user), persona
    assert sorted(world.mantrijeron.recommendations.values_list("text", flat=True)) == sorted(
        f"Saran {p}" for p in EDITORS
    )


def test_follow_up_view_permission_matrix(client, world, team, minutes):
    rec = services.add_recommendation(world.mantrijeron, text="Rapikan arsip", by=world.evaluator)
    url = reverse("minutes:recommendation_follow_up", args=[world.mantrijeron.pk, rec.pk])
    allowed = EDITORS | {"operator_a", "head_a"}
    for persona, user in personas(world, team).items():
        response = as_client(client, user).post(url, {"status": "in_progress", "note": persona})
        assert response.status_code == _expect(302, persona in allowed, user), persona
    rec.refresh_from_db()
    assert rec.follow_up_status == FollowUpStatus.IN_PROGRESS


def test_confirm_view_permission_matrix(client, world, team, minutes):
    url = reverse("minutes:confirm", args=[world.mantrijeron.pk])
    signers = {"evaluator", "second", "chair", "head_a"}
    for persona, user in personas(world, team).items():
        response = as_client(client, user).post(url)
        assert response.status_code == _expect(302, persona in signers, user), persona
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.FINAL


def test_minutes_page_shows_confirm_button_to_pending_signer(client, world, team, minutes):
    url = reverse("minutes:detail", args=[world.mantrijeron.pk])
    assert (
        'data-testid="confirm-signature"'
        in as_client(client, world.head_a).get(url).content.decode()
    )
    assert (
        'data-testid="confirm-signature"'
        not in as_client(client, world.operator_a).get(url).content.decode()
    )


@pytest.mark.parametrize("recommendations", [1, 8])
def test_minutes_page_query_count(
    client, world, team, minutes, recommendations, django_assert_max_num_queries
):
    for i in range(recommendations):
        services.add_recommendation(world.mantrijeron, text=f"Saran {i}", by=world.evaluator)
    as_client(client, world.evaluator)
    url = reverse("minutes:detail", args=[world.mantrijeron.pk])
    with django_assert_max_num_queries(40):
        response = client.get(url)
    assert response.status_code == 200
