"""Verification and scoring (F02) in a real browser: the evaluator reviews a kemantren from its
F01 evidence, saves a score with "save and next" and asks a clarification; the operator answers it
and uploads a PDF although the F01 is submitted; the evaluator reads the answer and resolves it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import expect

from kinerja.assessments import services as f01
from kinerja.assessments.models import Clarification
from kinerja.cycles.enums import MemberRole
from kinerja.cycles.models import ParticipantMember
from kinerja.cycles.services.assignments import assign
from kinerja.cycles.services.cycle import create_cycle
from kinerja.cycles.services.participants import add_participants
from kinerja.cycles.services.stages import STAGE_FIELDS, save_stages
from kinerja.cycles.services.team import add_team_member
from kinerja.demo.f01 import minimal_pdf
from kinerja.instruments.models import InstrumentVersion
from kinerja.instruments.services import ensure_library
from kinerja.reviews.models import Review


def open_scoring_now(cycle, organiser):
    """Move the plan so the filling stage is over and the presentation stage (scoring) runs."""
    now = timezone.now()
    plan = []
    for stage in cycle.stages.order_by("order"):
        data = {name: getattr(stage, name) for name in STAGE_FIELDS if name != "order"}
        if stage.kind in ("sosialisasi", "pengisian"):
            data["starts_at"] = now - dt.timedelta(days=30 - 10 * stage.order)
            data["ends_at"] = now - dt.timedelta(days=29 - 10 * stage.order)
        elif stage.kind == "paparan":
            data["starts_at"], data["ends_at"] = (
                now - dt.timedelta(hours=1),
                now + dt.timedelta(days=3),
            )
        else:
            offset = dt.timedelta(days=3 + stage.order)
            data["starts_at"], data["ends_at"] = now + offset, now + offset + dt.timedelta(days=1)
        plan.append(data)
    save_stages(cycle, plan, by=organiser)


@pytest.fixture
def review_world(transactional_db, make_user, organiser, pemkot, kemantren, settings, tmp_path):
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
    evaluator = make_user("penilai.satu", full_name="Penilai Satu")
    ParticipantMember.objects.create(
        participant=participant, user=operator, role=MemberRole.OPERATOR
    )
    ParticipantMember.objects.create(participant=participant, user=head, role=MemberRole.HEAD)
    seat = add_team_member(cycle, user=evaluator, by=organiser)
    assign(cycle, evaluator=seat, participant=participant, by=organiser)
    # The unit filled in its F01 during the filling stage and submitted it.
    f01.save_answer(
        participant, "1.1", value="3", narrative="Patroli linmas terjadwal.", by=operator
    )
    f01.upload_evidence(
        participant,
        "1.1",
        "laporan-trantibum",
        ContentFile(minimal_pdf("Laporan trantibum"), name="laporan-trantibum.pdf"),
        by=operator,
        title="Laporan trantibum 2025",
    )
    f01.submit_self_assessment(participant, by=head)
    open_scoring_now(cycle, organiser)
    return participant


def english_page(browser, **options):
    context = browser.new_context(**options)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    return context, page


def test_evaluator_reviews_asks_unit_answers_evaluator_resolves(
    browser, live_server, login, review_world, tmp_path
):
    participant = review_world
    pdf = tmp_path / "rekap-gangguan.pdf"
    pdf.write_bytes(minimal_pdf("Rekap gangguan trantibum"))

    # The evaluator opens the worklist, the kemantren, and its F01 evidence.
    evaluator_context, page = english_page(browser)
    login(page, "penilai.satu")
    page.get_by_test_id("lang-en").click()
    # Their home page of tasks: one kemantren to score, counted in the top bar's badge.
    expect(page.get_by_test_id("task-badge")).to_have_text("1 waiting")
    expect(page.locator("[data-testid=task][data-key=scoring]")).to_contain_text(
        "Scored: 0 of 1 participant"
    )
    page.locator("[data-testid=task][data-key=scoring]").get_by_role("link").click()
    expect(page).to_have_url(f"{live_server.url}/penilaian/siklus/{participant.cycle_id}/")
    row = page.get_by_test_id(f"work-{participant.pk}")
    expect(row).to_contain_text("0/")
    row.get_by_role("link", name="Kemantren Mantrijeron").click()
    card = page.locator("section[data-ref='1.1']")
    expect(card.get_by_test_id("f01-value-1.1")).to_contain_text("3")
    expect(card).to_contain_text("Patroli linmas terjadwal.")
    link = card.get_by_role("link", name="Laporan trantibum 2025")
    evidence = page.request.get(live_server.url + link.get_attribute("href"))
    assert evidence.status == 200
    assert evidence.headers["content-type"] == "application/pdf"
    assert evidence.body().startswith(b"%PDF")
    card.get_by_text("Preview").click()
    expect(card.locator("iframe.f01-preview")).to_be_visible()

    # Scores 1.1 with "save and next": the page moves on to 1.2.
    card.locator("form input[name=value][value='2']").check()
    card.get_by_label("Verdict on the unit's claim").select_option("perlu_klarifikasi")
    card.get_by_label("Note").fill("Rekap gangguan belum ada.")
    card.get_by_test_id("save-next-1.1").click()
    # Saved in place (htmx): the page's body is swapped, the address names the aspect shown.
    expect(page.get_by_test_id("review-saved")).to_contain_text("Score for 1.1 saved.")
    assert "?aspek=" in page.url
    next_card = page.locator("section[data-ref='1.2']")
    expect(next_card.locator("input[name=value]").first).to_be_focused()
    expect(page.locator("section[data-ref='1.1']")).to_contain_text("Scored")

    # Asks for clarification on 1.1.
    card = page.locator("section[data-ref='1.1']")
    card.get_by_text("Ask the unit for clarification").click()
    card.get_by_label("Question for the unit").fill("Mohon unggah rekap gangguan trantibum 2025.")
    card.get_by_role("button", name="Send clarification").click()
    expect(page.get_by_test_id("clarification-status")).to_have_text("Open")
    thread_url = page.url

    # The operator sees it, answers and uploads a PDF although the F01 is submitted.
    unit_context, unit = english_page(browser)
    login(unit, "op.mantrijeron")
    unit.get_by_test_id("lang-en").click()
    expect(unit.get_by_test_id("task-badge")).to_have_text("1 waiting")
    unit.locator("[data-testid=task][data-key=clarifications]").get_by_role("link").click()
    expect(unit).to_have_url(f"{live_server.url}/penilaian/peserta/{participant.pk}/klarifikasi/")
    expect(unit.get_by_test_id("open-count")).to_have_text("1")
    unit.get_by_role("link", name=re.compile("Penyelenggaraan ketenteraman")).click()
    unit.get_by_label("Your answer").fill("Rekap sudah kami unggah.")
    unit.get_by_role("button", name="Send answer").click()
    expect(unit.get_by_test_id("clarification-status")).to_have_text("Answered")
    form = unit.get_by_test_id("clarification-upload")
    form.get_by_label(re.compile("^File")).set_input_files(str(pdf))
    form.get_by_role("button", name="Upload").click()
    expect(unit.get_by_role("alert").first).to_contain_text(
        "“rekap-gangguan.pdf” uploaded (revision 1)."
    )
    expect(unit.get_by_test_id("slot-1.1-laporan-trantibum")).to_contain_text("rekap-gangguan.pdf")
    unit_context.close()

    # The evaluator's home counts the answer; they read it, see the new document and resolve it.
    page.goto(f"{live_server.url}/tugas/")
    expect(page.locator("[data-testid=task][data-key=answered]")).to_contain_text(
        "1 answered clarification to read"
    )
    page.goto(thread_url)
    expect(page.get_by_test_id("thread")).to_contain_text("Rekap sudah kami unggah.")
    expect(page.get_by_test_id("slot-1.1-laporan-trantibum")).to_contain_text("rekap-gangguan.pdf")
    page.get_by_test_id("resolve").click()
    expect(page.get_by_test_id("clarification-status")).to_have_text("Resolved")
    evaluator_context.close()

    review = Review.objects.get(participant=participant, indicator_ref="1.1")
    assert (review.value, review.verdict, review.note) == (
        2,
        "perlu_klarifikasi",
        "Rekap gangguan belum ada.",
    )
    assert Clarification.objects.get().status == "resolved"
    assert participant.evidence.count() == 2


FOCUS_ON_NEXT = """() => {
  const body = document.getElementById("review-body");
  const card = body && document.getElementById(body.dataset.focus);
  const active = document.activeElement;
  return Boolean(card && card.contains(active) && active.matches("input, select, textarea"));
}"""


def test_evaluator_scores_a_whole_kemantren_by_keyboard_without_a_reload(
    browser, live_server, login, review_world
):
    participant = review_world
    total = len(
        [i for i in participant.cycle.instrument_version.definition.iter_indicators() if i.scored]
    )
    context, page = english_page(browser, viewport={"width": 1366, "height": 900})
    login(page, "penilai.satu")
    page.get_by_test_id("lang-en").click()
    page.goto(f"{live_server.url}/penilaian/{participant.pk}/")
    expect(page.get_by_test_id("aspect-strip")).to_be_visible()
    focused_input = page.locator(".reviews-card :is(input, select, textarea):focus")
    expect(focused_input).to_have_count(1)
    loads = []
    page.on("load", lambda _page: loads.append(page.url))

    for done in range(1, total + 1):
        focused = page.evaluate_handle("document.activeElement")
        kind = focused.evaluate("e => e.type")
        if kind == "radio":
            value = focused.evaluate("e => e.value")
            if value == "Y":
                page.keyboard.press("Space")  # yes / no: the focused "yes" is chosen
            else:
                page.keyboard.press("3")  # a digit chooses that level
        else:
            page.keyboard.type("3")
        page.keyboard.press("Enter")  # saves and goes on with the next one still to score
        expect(page.get_by_test_id("review-progress")).to_have_text(
            f"{done} of {total} indicators scored"
        )
        if done < total:
            expect(focused_input).to_have_count(1)
            # htmx first puts the focus back on the saved indicator's input (same id); the
            # keyboard goes on only once reviews.js has moved it to the card named in data-focus.
            page.wait_for_function(FOCUS_ON_NEXT)

    expect(page.get_by_test_id("review-saved")).to_contain_text("Every indicator has a score")
    assert loads == []  # no page was loaded again: every save swapped the page's body
    assert Review.objects.filter(participant=participant, value__isnull=False).count() == total
    context.close()
