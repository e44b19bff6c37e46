"""F01 in a real browser: the operator fills and uploads, the head submits, the organiser sees
the kemantren at 100 % on the monitoring page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kinerja.assessments import services
from kinerja.assessments.models import Answer, EvidenceRevision
from kinerja.assessments.queries import scope_for
from kinerja.cycles.enums import MemberRole
from kinerja.cycles.models import ParticipantMember
from kinerja.cycles.services.cycle import create_cycle
from kinerja.cycles.services.participants import add_participants
from kinerja.demo.f01 import demo_value, minimal_pdf
from kinerja.instruments.models import InstrumentVersion
from kinerja.instruments.services import ensure_library

FILLED_BY_TEST = ("1.1", "2.4")


@pytest.fixture
def f01_world(transactional_db, make_user, organiser, pemkot, kemantren, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    ensure_library()
    cycle = create_cycle(
        version=InstrumentVersion.objects.get(instrument__code="ekk-yogyakarta"),
        name="EKK 2025",
        year=2025,
        organiser_unit=pemkot,
        starts_on=timezone.localdate() - dt.timedelta(days=4),
        by=organiser,
    )
    [participant] = add_participants(cycle, [kemantren], by=organiser)
    operator = make_user("op.mantrijeron", full_name="Operator Mantrijeron")
    head = make_user("kepala.mantrijeron", full_name="Mantri Pamong Praja")
    ParticipantMember.objects.create(
        participant=participant, user=operator, role=MemberRole.OPERATOR
    )
    ParticipantMember.objects.create(participant=participant, user=head, role=MemberRole.HEAD)
    scope = scope_for(cycle)
    for seed, ref in enumerate(scope.counted_refs):
        if ref not in FILLED_BY_TEST:
            services.save_answer(
                participant,
                ref,
                value=demo_value(scope.indicator(ref), seed),
                narrative="",
                by=operator,
            )
    return participant


def english_page(browser):
    context = browser.new_context()
    return context, context.new_page()


def test_operator_fills_head_submits_organiser_sees_100_percent(
    browser, live_server, login, f01_world, tmp_path
):
    participant = f01_world
    f01_url = f"{live_server.url}/f01/{participant.pk}/"
    pdf = tmp_path / "laporan-trantibum.pdf"
    pdf.write_bytes(minimal_pdf("Laporan trantibum Mantrijeron"))

    # The operator answers two indicators (autosave) and uploads a PDF.
    context, page = english_page(browser)
    login(page, "op.mantrijeron")
    page.get_by_test_id("lang-en").click()
    page.goto(f01_url)
    expect(page.get_by_test_id("f01-progress")).to_contain_text("19 of 21 indicators answered")
    card = page.get_by_test_id("answer-1.1")
    card.locator("input[name=value][value='3']").check()
    expect(page.get_by_test_id("status-1.1")).to_contain_text(re.compile(r"Saved \d\d\.\d\d"))
    page.get_by_role("tab", name=re.compile("Tugas Delegatif")).click()
    number = page.get_by_test_id("answer-2.4")
    number.get_by_label("Value").fill("92,5")
    number.get_by_label("Explanation (narrative)").fill("Data Puskesmas Mantrijeron 2025.")
    number.get_by_label("Explanation (narrative)").blur()
    expect(page.get_by_test_id("status-2.4")).to_contain_text("Saved")
    expect(page.get_by_test_id("f01-percent")).to_have_text("100%")
    page.get_by_role("tab", name=re.compile("Tugas Atributif")).click()
    form = page.get_by_test_id("upload-1.1-laporan-trantibum")
    form.locator("input[type=file]").set_input_files(str(pdf))
    form.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "“laporan-trantibum.pdf” uploaded (revision 1)."
    )
    expect(page.get_by_test_id("slot-1.1-laporan-trantibum")).to_contain_text(
        "laporan-trantibum.pdf"
    )
    context.close()
    assert Answer.objects.get(participant=participant, indicator_ref="2.4").value == "92.5"
    assert Answer.objects.get(participant=participant, indicator_ref="2.4").narrative == (
        "Data Puskesmas Mantrijeron 2025."
    )
    assert EvidenceRevision.objects.filter(evidence__participant=participant).count() == 1

    # The head reads what is still missing and submits.
    context, page = english_page(browser)
    login(page, "kepala.mantrijeron")
    page.get_by_test_id("lang-en").click()
    page.goto(f01_url)
    page.get_by_test_id("f01-submit").click()
    expect(page.get_by_test_id("gaps")).to_contain_text("18 required documents missing")
    page.get_by_test_id("confirm-submit").click()
    expect(page.get_by_test_id("f01-status")).to_have_text("Submitted")
    context.close()

    # The organiser sees the kemantren complete on the monitoring page.
    context, page = english_page(browser)
    login(page, "organiser")
    page.get_by_test_id("lang-en").click()
    page.goto(f"{live_server.url}/f01/siklus/{participant.cycle_id}/pemantauan/")
    row = page.get_by_test_id(f"row-{participant.pk}")
    expect(row.get_by_test_id(f"percent-{participant.pk}")).to_have_text("100%")
    expect(row).to_contain_text("Submitted")
    context.close()
