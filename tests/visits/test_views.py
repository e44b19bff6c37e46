"""Presentation and field-visit pages: the permission matrix over every view, the generator
and hand edits through the pages, the itinerary PDF read back, the on-site page's checklist,
photos and attendance, and query counts with one and many visits."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from kinerja.cycles.models import Participant
from kinerja.cycles.services.assignments import assign
from kinerja.cycles.services.team import add_team_member
from kinerja.reviews.models import Review
from kinerja.visits import services
from kinerja.visits.models import Attendance, FieldVisit, Presentation, VisitPhoto

from ..assessments.conftest import kemantren_unit, stored_files
from .conftest import PENDOPO, VISIT_DAY, jpeg_bytes

WIB = ZoneInfo("Asia/Jakarta")
PERSONAS = [
    "operator_a",
    "head_a",
    "operator_b",
    "evaluator",
    "second",
    "outsider",
    "chair",
    "organiser",
    "anonymous",
]


def people(world, team):
    return {
        "operator_a": world.operator_a,
        "head_a": world.head_a,
        "operator_b": world.operator_b,
        "evaluator": world.evaluator,
        "second": team.second_user,
        "outsider": world.other_evaluator,
        "chair": team.chair_user,
        "organiser": world.organiser,
        "anonymous": None,
    }


def client_as(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


ORGANISER_GET = {"organiser": 200}
ORGANISER_POST = {"organiser": 302}
TEAM = ("evaluator", "second", "outsider", "chair")
ITINERARY = {"evaluator": 200, "chair": 200, "organiser": 200}
PARTICIPANT = {**dict.fromkeys(TEAM, 200), "organiser": 200, "operator_a": 200, "head_a": 200}
ONSITE = {"evaluator": 200, "second": 200, "chair": 200, "organiser": 200}
WORK_POST = {"evaluator": 302, "second": 302}
MINE = {**dict.fromkeys(TEAM, 302), "organiser": 302}


def _post_data(name, world, team, visit):
    return {
        "generate": {
            "first_day": "2024-10-16",
            "last_day": "2024-10-17",
            "sessions": ["pagi", "siang"],
        },
        "settings": {
            "field_component": "lapangan",
            "pagi_starts": "09:00",
            "siang_starts": "13:00",
        },
        "presentation_edit": {
            "day": "2024-10-07",
            "time": "09:00",
            "place": "Ruang Rapat Bima",
            "presenter_position": "Mantri Pamong Praja",
        },
        "visit_edit": {"day": "2024-10-16", "session": "pagi", "place": PENDOPO},
        "checklist_save": {"value": "3", "note": "ok", "version": "0"},
        "photo_upload": {"photo": SimpleUploadedFile("a.jpg", jpeg_bytes()), "caption": "x"},
        "attendee_add": {"name": "Lurah Gedongkiwo", "category": "official"},
        "attendee_remove": {},
        "done": {},
    }[name]


# (url name, method, expected {persona: status}; everyone else 404, anonymous → login)
MATRIX = [
    ("schedule", "get", ORGANISER_GET),
    ("generate", "post", {"organiser": 200}),
    ("settings", "post", ORGANISER_POST),
    ("mine", "get", MINE),
    ("evaluator", "get", ITINERARY),
    ("evaluator_pdf", "get", ITINERARY),
    ("participant", "get", PARTICIPANT),
    ("participant_pdf", "get", PARTICIPANT),
    ("presentation_edit", "get", ORGANISER_GET),
    ("presentation_edit", "post", ORGANISER_POST),
    ("visit_edit", "get", ORGANISER_GET),
    ("visit_edit", "post", ORGANISER_POST),
    ("onsite", "get", ONSITE),
    ("checklist_save", "post", WORK_POST),
    ("photo_upload", "post", WORK_POST),
    ("photo", "get", ONSITE),
    ("attendee_add", "post", WORK_POST),
    ("attendee_remove", "post", WORK_POST),
    ("done", "post", WORK_POST),
]


def _args(name, world, team, visit, photo, attendee):
    if name in ("schedule", "generate", "settings", "mine"):
        return [world.cycle.pk]
    if name in ("evaluator", "evaluator_pdf"):
        return [team.evaluator.pk]
    if name == "checklist_save":
        return [world.mantrijeron.pk, "L1"]
    if name == "photo":
        return [world.mantrijeron.pk, photo.pk]
    if name == "attendee_remove":
        return [world.mantrijeron.pk, attendee.pk]
    return [world.mantrijeron.pk]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "method", "allowed"), MATRIX, ids=[f"{n}-{m}" for n, m, _ in MATRIX]
)
def test_view_permission_matrix(
    world, team, visit, media, field_stage, persona, name, method, allowed
):
    photo = services.add_photo(
        visit, upload=SimpleUploadedFile("p.jpg", jpeg_bytes()), by=world.evaluator
    )
    attendee = services.add_attendee(
        visit, name="Ketua Karang Taruna", category="partner", signed=False, by=world.evaluator
    )
    url = reverse(f"visits:{name}", args=_args(name, world, team, visit, photo, attendee))
    client = client_as(people(world, team)[persona])
    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, _post_data(name, world, team, visit))
    if persona == "anonymous":
        assert (response.status_code, response["Location"].split("?")[0]) == (302, "/akun/masuk/")
    else:
        assert response.status_code == allowed.get(persona, 404)


# --- the organiser's schedule ---------------------------------------------------------------


def test_generate_view_shows_grid_and_unplaced(world, team, pemkot):
    unit = kemantren_unit(pemkot, "Kotagede", "34.71.05")
    Participant.objects.create(cycle=world.cycle, unit=unit)
    response = client_as(world.organiser).post(
        reverse("visits:generate", args=[world.cycle.pk]),
        {"first_day": "2024-10-16", "last_day": "2024-10-16", "sessions": ["pagi"]},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="cell-2024-10-16-pagi"' in html
    assert "No evaluator is assigned." in html
    assert FieldVisit.objects.filter(participant__cycle=world.cycle).count() == 2


def test_generate_view_with_reversed_days_is_refused(world, team):
    response = client_as(world.organiser).post(
        reverse("visits:generate", args=[world.cycle.pk]),
        {"first_day": "2024-10-17", "last_day": "2024-10-16", "sessions": ["pagi"]},
    )
    assert response.status_code == 400
    assert FieldVisit.objects.count() == 0


def test_visit_edit_view_that_double_books_is_refused(world, team, visit):
    assign(world.cycle, evaluator=team.evaluator, participant=world.kraton, by=world.organiser)
    response = client_as(world.organiser).post(
        reverse("visits:visit_edit", args=[world.kraton.pk]),
        {"day": "2024-10-16", "session": "pagi", "place": "Pendopo Kemantren Kraton"},
    )
    assert response.status_code == 400
    assert "cannot be in two places at once" in response.content.decode()
    assert FieldVisit.objects.filter(participant=world.kraton).count() == 0


def test_presentation_edit_view_stores_time_in_cycle_zone(world, team):
    response = client_as(world.organiser).post(
        reverse("visits:presentation_edit", args=[world.mantrijeron.pk]),
        {
            "day": "2024-10-07",
            "time": "09:30",
            "online_link": "https://meet.example/ekk",
            "presenter_name": "Mantri Pamong Praja Mantrijeron",
            "presenter_position": "Mantri Pamong Praja",
        },
    )
    assert response.status_code == 302
    presentation = Presentation.objects.get()
    assert (presentation.starts_at, presentation.online_link) == (
        dt.datetime(2024, 10, 7, 9, 30, tzinfo=WIB),
        "https://meet.example/ekk",
    )


# --- itineraries ----------------------------------------------------------------------------


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_evaluator_itinerary_pdf_contains_participant_place_and_date(world, team, visit):
    response = client_as(world.evaluator).get(
        reverse("visits:evaluator_pdf", args=[team.evaluator.pk])
    )
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    text = " ".join(_pdf_text(response.content).split())
    assert "Kemantren Mantrijeron" in text
    assert PENDOPO in text
    assert "16 October 2024" in text
    assert "09.00 WIB" in text


def test_participant_itinerary_pdf_in_indonesian_has_kop_surat(world, team, visit):
    client = client_as(world.head_a)
    client.cookies["django_language"] = "id"
    response = client.get(reverse("visits:participant_pdf", args=[world.mantrijeron.pk]))
    text = " ".join(_pdf_text(response.content).split())
    assert "PEMERINTAH KOTA YOGYAKARTA" in text.upper()
    assert PENDOPO in text
    assert "Rabu, 16 Oktober 2024" in text


def test_participant_itinerary_lists_presentation_and_visit(world, team, visit):
    services.schedule_presentation(
        world.mantrijeron,
        starts_at=dt.datetime(2024, 10, 7, 9, tzinfo=WIB),
        place="Ruang Rapat Bima",
        by=world.organiser,
    )
    response = client_as(world.operator_a).get(
        reverse("visits:participant", args=[world.mantrijeron.pk])
    )
    html = response.content.decode()
    assert f'data-testid="stop-presentation-{world.mantrijeron.pk}"' in html
    assert f'data-testid="stop-visit-{world.mantrijeron.pk}"' in html
    assert "Ruang Rapat Bima" in html


def test_mine_redirects_evaluator_to_own_itinerary(world, team):
    response = client_as(world.evaluator).get(reverse("visits:mine", args=[world.cycle.pk]))
    assert response["Location"] == reverse("visits:evaluator", args=[team.evaluator.pk])


# --- on site --------------------------------------------------------------------------------


def test_checklist_save_view_records_review_of_field_component(world, team, visit, field_stage):
    client = client_as(world.evaluator)
    response = client.post(
        reverse("visits:checklist_save", args=[world.mantrijeron.pk, "L4"]),
        {"value": "3", "note": "Bank sampah berjalan", "version": "0"},
    )
    assert response.status_code == 302
    review = Review.objects.get()
    assert (review.indicator_ref, review.component, review.value, review.note) == (
        "L4",
        "lapangan",
        3,
        "Bank sampah berjalan",
    )
    stale = client.post(
        reverse("visits:checklist_save", args=[world.mantrijeron.pk, "L4"]),
        {"value": "2", "note": "", "version": "0"},
    )
    assert stale.status_code == 409
    assert Review.objects.get().value == 3


def test_checklist_save_view_for_presentation_indicator_is_404(world, team, visit, field_stage):
    response = client_as(world.evaluator).post(
        reverse("visits:checklist_save", args=[world.mantrijeron.pk, "P1"]),
        {"value": "10", "note": "", "version": "0"},
    )
    assert response.status_code == 404


def test_photo_upload_view_of_pdf_is_refused_with_message(world, team, visit, media, pdf_bytes):
    response = client_as(world.evaluator).post(
        reverse("visits:photo_upload", args=[world.mantrijeron.pk]),
        {
            "photo": SimpleUploadedFile("foto.jpg", pdf_bytes),
            "latitude": "-7.8",
            "longitude": "110.3",
        },
    )
    assert response.status_code == 400
    assert "only JPEG, PNG, WebP can be uploaded here" in response.content.decode()
    assert stored_files(media) == []


def test_photo_upload_view_keeps_client_time_and_location(world, team, visit, media):
    response = client_as(world.evaluator).post(
        reverse("visits:photo_upload", args=[world.mantrijeron.pk]),
        {
            "photo": SimpleUploadedFile("foto.jpg", jpeg_bytes()),
            "caption": "Sarana pelayanan",
            "taken_at": "2024-10-16T02:41:00.000Z",
            "latitude": "-7.8161",
            "longitude": "110.3612",
        },
    )
    assert response.status_code == 302
    photo = VisitPhoto.objects.get()
    assert photo.taken_at == dt.datetime(2024, 10, 16, 9, 41, tzinfo=WIB)
    assert (str(photo.latitude), str(photo.longitude)) == ("-7.816100", "110.361200")
    download = client_as(team.chair_user).get(
        reverse("visits:photo", args=[world.mantrijeron.pk, photo.pk])
    )
    assert (download.status_code, download["Content-Type"]) == (200, "image/jpeg")


def test_attendee_add_view_lists_attendee(world, team, visit):
    client = client_as(world.evaluator)
    client.post(
        reverse("visits:attendee_add", args=[world.mantrijeron.pk]),
        {
            "name": "Kepala Puskesmas Mantrijeron",
            "position": "Puskesmas",
            "category": "stakeholder",
            "signed": "on",
        },
    )
    assert list(Attendance.objects.values_list("name", "position", "category", "signed")) == [
        ("Kepala Puskesmas Mantrijeron", "Puskesmas", "stakeholder", True)
    ]
    html = client.get(reverse("visits:onsite", args=[world.mantrijeron.pk])).content.decode()
    assert "Kepala Puskesmas Mantrijeron" in html


def test_onsite_view_without_visit_is_404(world, team):
    response = client_as(world.organiser).get(reverse("visits:onsite", args=[world.mantrijeron.pk]))
    assert response.status_code == 404


# --- query counts ---------------------------------------------------------------------------


def _more_participants(world, team, pemkot, count):
    for n in range(count):
        unit = kemantren_unit(pemkot, f"Uji {n}", f"34.71.8{n}")
        participant = Participant.objects.create(cycle=world.cycle, unit=unit)
        user = type(world.evaluator).objects.create(username=f"qc{n}", full_name=f"QC {n}")
        seat = add_team_member(world.cycle, user=user, by=world.organiser)
        assign(world.cycle, evaluator=seat, participant=participant, by=world.organiser)
        assign(world.cycle, evaluator=team.evaluator, participant=participant, by=world.organiser)
        services.schedule_presentation(
            participant,
            starts_at=dt.datetime(2024, 10, 8, 9, tzinfo=WIB),
            place="Balai Kota",
            by=world.organiser,
        )


def _count(django_assert_max_num_queries, client, url, limit):
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("extra", [0, 8])
def test_schedule_view_query_count_is_constant(
    world, team, pemkot, django_assert_max_num_queries, extra
):
    _more_participants(world, team, pemkot, extra)
    services.generate_field_schedule(
        world.cycle,
        days=[VISIT_DAY + dt.timedelta(days=n) for n in range(5)],
        sessions=["pagi", "siang"],
        by=world.organiser,
    )
    _count(
        django_assert_max_num_queries,
        client_as(world.organiser),
        reverse("visits:schedule", args=[world.cycle.pk]),
        16,
    )


@pytest.mark.parametrize("extra", [0, 8])
def test_itinerary_view_query_count_is_constant(
    world, team, pemkot, django_assert_max_num_queries, extra
):
    _more_participants(world, team, pemkot, extra)
    services.generate_field_schedule(
        world.cycle,
        days=[VISIT_DAY + dt.timedelta(days=n) for n in range(10)],
        sessions=["pagi", "siang"],
        by=world.organiser,
    )
    _count(
        django_assert_max_num_queries,
        client_as(world.evaluator),
        reverse("visits:evaluator", args=[team.evaluator.pk]),
        12,
    )


@pytest.mark.parametrize("extra", [0, 6])
def test_onsite_view_query_count_is_constant(
    world, team, visit, media, field_stage, django_assert_max_num_queries, extra
):
    for n in range(extra):
        services.add_photo(
            visit, upload=SimpleUploadedFile("p.jpg", jpeg_bytes()), by=world.evaluator
        )
        services.add_attendee(
            visit, name=f"Peserta {n}", category="stakeholder", signed=True, by=world.evaluator
        )
    for ref in ("L1", "L2", "L3"):
        services.record_checklist_item(
            visit,
            ref,
            evaluator=team.evaluator,
            value="2",
            note="",
            expected_version=0,
            by=world.evaluator,
        )
    _count(
        django_assert_max_num_queries,
        client_as(world.evaluator),
        reverse("visits:onsite", args=[world.mantrijeron.pk]),
        19,  # +1: the organiser-scope check
    )
