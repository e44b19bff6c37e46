"""Presentation and field-visit services: scheduling without double-booking (through the pure
timetable and over the stored rows), hand edits, photos, attendance, done, the checklist through
record_review, and the audit trail."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinerja.audit.models import AuditEvent
from kinerja.cycles.models import Assignment, Participant, TeamMember
from kinerja.cycles.services.assignments import assign
from kinerja.reviews.models import Review
from kinerja.visits import queries, services, timetable
from kinerja.visits.enums import VisitStatus
from kinerja.visits.models import Attendance, FieldVisit, Presentation, Unavailability, VisitPhoto

from ..assessments.conftest import kemantren_unit, stored_files
from .conftest import PENDOPO, VISIT_DAY, jpeg_bytes

WIB = ZoneInfo("Asia/Jakarta")


def actions(obj) -> list[str]:
    return list(
        AuditEvent.objects.filter(
            object_type=obj._meta.label_lower, object_id=str(obj.pk)
        ).values_list("action", flat=True)
    )


def stored_clashes(cycle) -> list[tuple[int, dt.date, str]]:
    """Our own check over the stored rows: (evaluator, day, session) seen twice."""
    seen, clashes = set(), []
    rows = Assignment.objects.filter(
        cycle=cycle, participant__field_visit__isnull=False
    ).values_list(
        "evaluator_id", "participant__field_visit__day", "participant__field_visit__session"
    )
    for row in rows:
        if row in seen:
            clashes.append(row)
        seen.add(row)
    return clashes


# --- presentations --------------------------------------------------------------------------


def test_schedule_presentation_stores_and_audits(world, team):
    starts = dt.datetime(2024, 10, 7, 9, 0, tzinfo=WIB)
    presentation = services.schedule_presentation(
        world.mantrijeron,
        starts_at=starts,
        place="Ruang Rapat Bima, Balai Kota",
        presenter_name="Mantri Pamong Praja Mantrijeron",
        presenter_position="Mantri Pamong Praja",
        by=world.organiser,
    )
    assert (presentation.starts_at, presentation.place) == (starts, "Ruang Rapat Bima, Balai Kota")
    assert actions(presentation) == ["presentation.schedule"]


def test_schedule_presentation_without_place_or_link_is_refused(world, team):
    with pytest.raises(ValidationError) as caught:
        services.schedule_presentation(
            world.mantrijeron, starts_at=dt.datetime(2024, 10, 7, 9, tzinfo=WIB), by=world.organiser
        )
    assert caught.value.code == "where"
    assert Presentation.objects.count() == 0


def test_schedule_presentation_by_evaluator_is_refused(world, team):
    with pytest.raises(PermissionDenied):
        services.schedule_presentation(
            world.mantrijeron,
            starts_at=dt.datetime(2024, 10, 7, 9, tzinfo=WIB),
            online_link="https://zoom.example/j/1",
            by=world.evaluator,
        )


# --- generating the timetable --------------------------------------------------------------


def test_generate_field_schedule_places_everyone_without_double_booking(world, team):
    result = services.generate_field_schedule(
        world.cycle, days=[VISIT_DAY], sessions=["pagi", "siang"], by=world.organiser
    )
    assert result.unplaced == []
    assert result.timetable.check(result.visits) == []
    assert queries.double_bookings(world.cycle) == []
    assert stored_clashes(world.cycle) == []
    stored = {v.participant_id: v for v in FieldVisit.objects.all()}
    assert set(stored) == {world.mantrijeron.pk, world.kraton.pk}
    visit = stored[world.mantrijeron.pk]
    expected_hour = {"pagi": 9, "siang": 13}[visit.session]
    assert visit.starts_at == dt.datetime(2024, 10, 16, expected_hour, 0, tzinfo=WIB)
    assert visit.place == "Kantor Kemantren Mantrijeron"
    assert actions(world.cycle).count("visits.generate") == 1


def test_generate_field_schedule_keeps_agreed_visit(world, team, visit):
    services.generate_field_schedule(
        world.cycle, days=[VISIT_DAY + dt.timedelta(days=1)], sessions=["siang"], by=world.organiser
    )
    visit.refresh_from_db()
    assert (visit.day, visit.session, visit.place) == (VISIT_DAY, "pagi", PENDOPO)


def test_generate_field_schedule_reports_participant_without_evaluators(world, team, pemkot):
    unit = kemantren_unit(pemkot, "Kotagede", "34.71.05")
    lonely = Participant.objects.create(cycle=world.cycle, unit=unit)
    result = services.generate_field_schedule(
        world.cycle, days=[VISIT_DAY], sessions=["pagi"], by=world.organiser
    )
    assert [(p.pk, reason) for p, reason in result.unplaced] == [
        (lonely.pk, services.NO_EVALUATORS)
    ]


def test_generate_field_schedule_reports_when_sessions_run_out(world, team):
    # Kraton shares Mantrijeron's evaluator: one session cannot hold both visits.
    assign(world.cycle, evaluator=team.evaluator, participant=world.kraton, by=world.organiser)
    result = services.generate_field_schedule(
        world.cycle, days=[VISIT_DAY], sessions=["pagi"], by=world.organiser
    )
    assert len(result.unplaced) == 1
    assert result.unplaced[0][1] == timetable.NO_FREE_SLOT
    assert FieldVisit.objects.count() == 1
    assert stored_clashes(world.cycle) == []


def test_generate_field_schedule_respects_unavailability(world, team):
    services.set_unavailable(team.outsider, day=VISIT_DAY, session="pagi", by=world.organiser)
    services.generate_field_schedule(
        world.cycle, days=[VISIT_DAY], sessions=["pagi", "siang"], by=world.organiser
    )
    assert FieldVisit.objects.get(participant=world.kraton).session == "siang"
    assert Unavailability.objects.count() == 1


def test_generate_field_schedule_by_evaluator_is_refused(world, team):
    with pytest.raises(PermissionDenied):
        services.generate_field_schedule(
            world.cycle, days=[VISIT_DAY], sessions=["pagi"], by=world.evaluator
        )


@pytest.mark.django_db(transaction=False)
def test_generated_stored_schedule_never_double_books(world, organiser, pemkot):
    """Property: whatever the assignments, unavailability and calendar, the stored schedule
    has no evaluator twice in one session (checked with timetable.check and over the rows)."""
    cycle = world.cycle
    Assignment.objects.filter(cycle=cycle).delete()
    units = [kemantren_unit(pemkot, f"Uji {n}", f"34.71.9{n}") for n in range(6)]
    users = [world.evaluator, world.other_evaluator] + [
        type(world.evaluator).objects.create(username=f"uji{n}", full_name=f"Uji {n}")
        for n in range(3)
    ]
    seats = [TeamMember.objects.get_or_create(cycle=cycle, user=u)[0] for u in users]
    base_day = dt.date(2024, 10, 14)

    @settings(
        max_examples=30,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        teams=st.lists(
            st.sets(st.integers(0, len(seats) - 1), min_size=1, max_size=3),
            min_size=1,
            max_size=len(units),
        ),
        day_count=st.integers(1, 3),
        sessions=st.sets(st.sampled_from(["pagi", "siang"]), min_size=1),
        away=st.lists(
            st.tuples(
                st.integers(0, len(seats) - 1),
                st.integers(0, 2),
                st.sampled_from(["pagi", "siang", ""]),
            ),
            max_size=4,
        ),
        cap=st.one_of(st.none(), st.integers(1, 3)),
    )
    def check(teams, day_count, sessions, away, cap):
        with transaction.atomic():
            for index, members in enumerate(teams):
                participant = Participant.objects.create(cycle=cycle, unit=units[index])
                for m in members:
                    Assignment.objects.create(
                        cycle=cycle, evaluator=seats[m], participant=participant, method="manual"
                    )
            for m, offset, session in set(away):
                Unavailability.objects.get_or_create(
                    member=seats[m], day=base_day + dt.timedelta(days=offset), session=session
                )
            days = [base_day + dt.timedelta(days=n) for n in range(day_count)]
            result = services.generate_field_schedule(
                cycle, days=days, sessions=sorted(sessions), max_visits_per_slot=cap, by=organiser
            )
            assert result.timetable.check(result.visits) == []
            assert queries.double_bookings(cycle) == []
            assert stored_clashes(cycle) == []
            per_slot = {}
            for v in FieldVisit.objects.filter(participant__cycle=cycle):
                per_slot[(v.day, v.session)] = per_slot.get((v.day, v.session), 0) + 1
                assert v.day in days and v.session in sessions
            if cap is not None:
                assert max(per_slot.values(), default=0) <= cap
            placed = set(
                FieldVisit.objects.filter(participant__cycle=cycle).values_list(
                    "participant_id", flat=True
                )
            )
            left = {p.pk for p, _reason in result.unplaced}
            assert placed | left == set(cycle.participants.values_list("pk", flat=True))
            assert placed & left == set()
            transaction.set_rollback(True)

    check()


# --- hand edits -----------------------------------------------------------------------------


def test_plan_field_visit_sets_start_in_cycle_time_zone(world, team, visit):
    assert visit.starts_at == dt.datetime(2024, 10, 16, 9, 0, tzinfo=WIB)
    assert (visit.fixed, visit.status) == (True, VisitStatus.PLANNED)
    assert actions(visit) == ["field_visit.plan"]


def test_plan_field_visit_that_double_books_is_refused(world, team, visit):
    assign(world.cycle, evaluator=team.evaluator, participant=world.kraton, by=world.organiser)
    with pytest.raises(ValidationError) as caught:
        services.plan_field_visit(
            world.kraton,
            day=VISIT_DAY,
            session="pagi",
            place="Pendopo Kemantren Kraton",
            by=world.organiser,
        )
    assert caught.value.code == "double_booked"
    assert "Penilai Satu" in caught.value.messages[0]
    assert FieldVisit.objects.filter(participant=world.kraton).exists() is False


def test_plan_field_visit_in_other_session_is_accepted(world, team, visit):
    assign(world.cycle, evaluator=team.evaluator, participant=world.kraton, by=world.organiser)
    moved = services.plan_field_visit(
        world.kraton, day=VISIT_DAY, session="siang", place="", by=world.organiser
    )
    assert moved.starts_at == dt.datetime(2024, 10, 16, 13, 0, tzinfo=WIB)
    assert stored_clashes(world.cycle) == []


def test_plan_field_visit_when_evaluator_unavailable_is_refused(world, team):
    services.set_unavailable(team.second, day=VISIT_DAY, by=world.organiser)
    with pytest.raises(ValidationError) as caught:
        services.plan_field_visit(
            world.mantrijeron, day=VISIT_DAY, session="siang", place=PENDOPO, by=world.organiser
        )
    assert caught.value.code == "unavailable"


def test_save_visit_settings_moves_start_times(world, team, visit):
    services.save_visit_settings(
        world.cycle,
        field_component="lapangan",
        pagi_starts=dt.time(8, 30),
        siang_starts=dt.time(13, 30),
        by=world.organiser,
    )
    visit.refresh_from_db()
    assert visit.starts_at == dt.datetime(2024, 10, 16, 8, 30, tzinfo=WIB)


# --- on site --------------------------------------------------------------------------------


def test_add_photo_jpeg_is_stored_with_hash_and_location(world, team, visit, media):
    upload = SimpleUploadedFile("IMG_0001.jpg", jpeg_bytes(), content_type="image/jpeg")
    taken = dt.datetime(2024, 10, 16, 9, 40, tzinfo=WIB)
    photo = services.add_photo(
        visit,
        upload=upload,
        caption="Pendopo",
        taken_at=taken,
        latitude="-7.8160",
        longitude="110.3610",
        by=world.evaluator,
    )
    assert (photo.content_type, photo.taken_at, str(photo.latitude), str(photo.longitude)) == (
        "image/jpeg",
        taken,
        "-7.816000",
        "110.361000",
    )
    assert len(photo.sha256) == 64
    assert len(stored_files(media)) == 1
    assert actions(photo) == ["visit_photo.add"]


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        (
            "foto.jpg",
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n",
            "not_allowed",
        ),
        ("foto.jpg", b"MZ\x90\x00" + b"\x00" * 200, "executable"),
    ],
    ids=["pdf", "executable"],
)
def test_add_photo_of_wrong_type_is_refused_and_nothing_stored(
    world, team, visit, media, name, content, code, pdf_bytes
):
    if code == "not_allowed":
        content = pdf_bytes
    with pytest.raises(ValidationError) as caught:
        services.add_photo(visit, upload=SimpleUploadedFile(name, content), by=world.evaluator)
    assert caught.value.code == code
    assert stored_files(media) == []
    assert VisitPhoto.objects.count() == 0


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [
        ("91", "110"),
        ("-90.5", "110"),
        ("-7.8", "180.1"),
        ("-7.8", "-181"),
        ("abc", "110"),
        ("-7.8", ""),
    ],
)
def test_add_photo_with_bad_coordinates_is_refused(world, team, visit, media, latitude, longitude):
    upload = SimpleUploadedFile("a.jpg", jpeg_bytes())
    with pytest.raises(ValidationError) as caught:
        services.add_photo(
            visit, upload=upload, latitude=latitude, longitude=longitude, by=world.evaluator
        )
    assert caught.value.code == "coordinate"
    assert stored_files(media) == []


def test_add_photo_at_range_edges_is_accepted(world, team, visit, media):
    photo = services.add_photo(
        visit,
        upload=SimpleUploadedFile("a.jpg", jpeg_bytes()),
        latitude="-90",
        longitude="180",
        by=world.evaluator,
    )
    assert (str(photo.latitude), str(photo.longitude)) == ("-90.000000", "180.000000")


def test_add_photo_by_unassigned_evaluator_is_refused(world, team, visit, media):
    with pytest.raises(PermissionDenied):
        services.add_photo(
            visit, upload=SimpleUploadedFile("a.jpg", jpeg_bytes()), by=world.other_evaluator
        )
    assert stored_files(media) == []


def test_add_and_remove_attendee_are_audited(world, team, visit):
    row = services.add_attendee(
        visit,
        name="Ketua TP PKK Mantrijeron",
        position="TP PKK",
        category="partner",
        signed=True,
        by=world.evaluator,
    )
    assert list(visit.attendees.values_list("name", "category", "signed")) == [
        ("Ketua TP PKK Mantrijeron", "partner", True)
    ]
    services.remove_attendee(row, by=team.second_user)
    assert Attendance.objects.count() == 0
    assert AuditEvent.objects.filter(action__startswith="attendance.").count() == 2


def test_add_attendee_without_name_is_refused(world, team, visit):
    with pytest.raises(ValidationError) as caught:
        services.add_attendee(
            visit, name="  ", category="official", signed=False, by=world.evaluator
        )
    assert caught.value.code == "name"


def test_mark_visit_done_records_time(world, team, visit, field_stage):
    done = services.mark_visit_done(visit, by=world.evaluator)
    assert (done.status, done.done_at is not None) == (VisitStatus.DONE, True)
    assert "field_visit.done" in actions(visit)
    with pytest.raises(ValidationError):
        services.plan_field_visit(
            world.mantrijeron, day=VISIT_DAY, session="siang", place="", by=world.organiser
        )


def test_record_checklist_item_goes_through_record_review(world, team, visit, field_stage):
    review = services.record_checklist_item(
        visit,
        "L2",
        evaluator=team.evaluator,
        value="3",
        note="19 unsur hadir",
        expected_version=0,
        by=world.evaluator,
    )
    stored = Review.objects.get(pk=review.pk)
    assert (stored.component, stored.value, stored.note, stored.version) == (
        "lapangan",
        3,
        "19 unsur hadir",
        1,
    )
    assert AuditEvent.objects.filter(action="review.save", object_id=str(review.pk)).count() == 1


def test_record_checklist_item_outside_field_component_is_refused(world, team, visit, field_stage):
    with pytest.raises(ValidationError) as caught:
        services.record_checklist_item(
            visit,
            "P1",
            evaluator=team.evaluator,
            value="10",
            note="",
            expected_version=0,
            by=world.evaluator,
        )
    assert caught.value.code == "unknown_indicator"
    assert Review.objects.count() == 0


def test_record_checklist_item_after_scoring_closed_is_refused(world, team, visit):
    stage = world.stage("penyampaian_hasil")
    import time_machine

    from .conftest import moment_in

    with time_machine.travel(moment_in(stage), tick=False), pytest.raises(ValidationError):
        services.record_checklist_item(
            visit,
            "L1",
            evaluator=team.evaluator,
            value="4",
            note="",
            expected_version=0,
            by=world.evaluator,
        )
    assert Review.objects.count() == 0


def test_field_indicators_of_ekk_are_the_lapangan_component(world):
    assert [i.ref for i in queries.field_indicators(world.cycle)] == ["L1", "L2", "L3", "L4", "L5"]
