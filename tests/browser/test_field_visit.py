"""The on-site page on a phone (390×844): an assigned evaluator opens Mantrijeron's field visit,
confirms one checklist score and adjusts another, each with a note, adds a stakeholder to the
attendance list and marks the visit done. Screenshots of the on-site page and of the
organiser's timetable grid land in the test's tmp dir."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kinerja.cycles.enums import MemberRole
from kinerja.cycles.models import ParticipantMember
from kinerja.cycles.services.assignments import assign
from kinerja.cycles.services.cycle import create_cycle
from kinerja.cycles.services.participants import add_participants
from kinerja.cycles.services.stages import STAGE_FIELDS, save_stages
from kinerja.cycles.services.team import add_team_member
from kinerja.instruments.models import InstrumentVersion
from kinerja.instruments.services import ensure_library
from kinerja.reviews.models import Review
from kinerja.reviews.services import record_review
from kinerja.units.enums import UnitKind
from kinerja.units.models import Unit
from kinerja.visits import services
from kinerja.visits.models import Attendance, FieldVisit

SCREENSHOTS = Path(tempfile.gettempdir()) / "visits-screens"


def open_field_stage_now(cycle, organiser):
    """Move the plan so the field-verification stage (scoring open) runs now."""
    now = timezone.now()
    plan = []
    for stage in cycle.stages.order_by("order"):
        data = {name: getattr(stage, name) for name in STAGE_FIELDS if name != "order"}
        if stage.kind == "verifikasi_lapangan":
            data["starts_at"], data["ends_at"] = (
                now - dt.timedelta(hours=1),
                now + dt.timedelta(days=3),
            )
        elif stage.order < 4:
            data["starts_at"] = now - dt.timedelta(days=40 - 10 * stage.order)
            data["ends_at"] = now - dt.timedelta(days=39 - 10 * stage.order)
        else:
            offset = dt.timedelta(days=3 + stage.order)
            data["starts_at"], data["ends_at"] = now + offset, now + offset + dt.timedelta(days=1)
        plan.append(data)
    save_stages(cycle, plan, by=organiser)


@pytest.fixture
def visit_world(transactional_db, make_user, organiser, pemkot, kemantren, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    ensure_library()
    kraton = Unit.objects.create(
        kind=UnitKind.KEMANTREN, name="Kemantren Kraton", region=pemkot.region, parent=pemkot
    )
    cycle = create_cycle(
        version=InstrumentVersion.objects.get(instrument__code="ekk-yogyakarta"),
        name="EKK 2024",
        year=2024,
        organiser_unit=pemkot,
        starts_on=timezone.localdate() - dt.timedelta(days=4),
        by=organiser,
    )
    participant, other = add_participants(cycle, [kemantren, kraton], by=organiser)
    head = make_user("kepala.mantrijeron", full_name="Mantri Pamong Praja")
    ParticipantMember.objects.create(participant=participant, user=head, role=MemberRole.HEAD)
    evaluator = make_user("penilai.satu", full_name="Penilai Satu")
    colleague = make_user("penilai.dua", full_name="Penilai Dua")
    seat = add_team_member(cycle, user=evaluator, by=organiser)
    other_seat = add_team_member(cycle, user=colleague, by=organiser)
    assign(cycle, evaluator=seat, participant=participant, by=organiser)
    assign(cycle, evaluator=other_seat, participant=participant, by=organiser)
    assign(cycle, evaluator=other_seat, participant=other, by=organiser)
    open_field_stage_now(cycle, organiser)
    # Mantrijeron's visit was agreed beforehand; the generator places the rest around it.
    services.plan_field_visit(
        participant,
        day=dt.date(2024, 10, 16),
        session="pagi",
        place="Pendopo Kemantren Mantrijeron",
        by=organiser,
    )
    services.generate_field_schedule(
        cycle,
        days=[dt.date(2024, 10, 16), dt.date(2024, 10, 17)],
        sessions=["pagi", "siang"],
        by=organiser,
    )
    # The desk review already gave L1 a 3: on site the evaluator confirms it.
    record_review(participant, "L1", evaluator=seat, value="3", expected_version=0, by=evaluator)
    return participant, seat


def test_field_visit_checklist_is_completed_on_a_phone(browser, live_server, login, visit_world):
    SCREENSHOTS.mkdir(exist_ok=True)
    participant, seat = visit_world
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    login(page, "penilai.satu")
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/kunjungan/peserta/{participant.pk}/lapangan/")
    expect(page.get_by_test_id("visit-when")).to_contain_text("Wednesday, 16 October 2024")
    expect(page.get_by_test_id("visit-when")).to_contain_text("09.00 WIB")
    # Nothing wider than the phone: no horizontal scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # Confirm L1 (already 3) with a note.
    l1 = page.get_by_test_id("check-L1")
    expect(l1.get_by_test_id("current-L1")).to_contain_text("3")
    expect(l1.locator("input[name=value][value='3']")).to_be_checked()
    l1.get_by_label("Note from the field").fill("Data dukung trantibum sesuai di lapangan.")
    l1.get_by_test_id("confirm-L1").click()
    expect(page.get_by_role("alert").first).to_contain_text("Checklist item L1 saved.")

    # Adjust L2 to 4 with a note.
    l2 = page.get_by_test_id("check-L2")
    l2.locator("label[for$='-l4']").click()
    l2.get_by_label("Note from the field").fill("19 unsur pemangku kepentingan hadir, aktif.")
    l2.get_by_test_id("confirm-L2").click()
    expect(page.get_by_role("alert").first).to_contain_text("Checklist item L2 saved.")
    expect(page.get_by_test_id("current-L2")).to_contain_text("4")

    # The attendance list: a stakeholder from the EKK source.
    form = page.get_by_test_id("attendee-form")
    form.get_by_label("Name", exact=True).fill("Kepala Puskesmas Mantrijeron")
    form.get_by_label("Position or organisation").fill("Puskesmas")
    form.get_by_label("Category").select_option("stakeholder")
    form.get_by_label("Signed the attendance sheet").check()
    form.get_by_role("button", name="Add attendee").click()
    expect(page.get_by_test_id("attendance")).to_contain_text("Kepala Puskesmas Mantrijeron")
    page.screenshot(path=f"{SCREENSHOTS}/onsite-390.png", full_page=True)

    page.get_by_test_id("mark-done").click()
    expect(page.get_by_test_id("visit-done")).to_be_visible()
    expect(page.get_by_test_id("mark-done")).to_have_count(0)

    reviews = {
        r.indicator_ref: (r.value, r.note, r.component, r.version)
        for r in Review.objects.filter(participant=participant, evaluator=seat)
    }
    assert reviews == {
        "L1": (3, "Data dukung trantibum sesuai di lapangan.", "lapangan", 2),
        "L2": (4, "19 unsur pemangku kepentingan hadir, aktif.", "lapangan", 1),
    }
    assert list(Attendance.objects.values_list("name", "category", "signed")) == [
        ("Kepala Puskesmas Mantrijeron", "stakeholder", True)
    ]
    assert FieldVisit.objects.get(participant=participant).status == "done"
    context.close()

    # The organiser's grid at desktop width (for the screenshot; the grid shows both visits).
    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    page = desk.new_page()
    login(page, "organiser")
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/kunjungan/siklus/{participant.cycle_id}/")
    expect(page.get_by_test_id("cell-2024-10-16-pagi")).to_contain_text("Kemantren Mantrijeron")
    page.screenshot(path=f"{SCREENSHOTS}/schedule-1280.png", full_page=True)
    desk.close()
