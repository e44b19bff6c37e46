"""Two people on the same F01 answer in real browsers (issue 11): the operator's autosaves
follow each other (the page takes the new version from each response), and the unit head's page,
loaded before them, is refused with the operator's text instead of silently overwriting it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from kinerja.assessments.models import Answer

from .test_f01 import english_page, f01_world  # noqa: F401 — the shared fixture


def test_second_screen_autosave_is_refused_and_the_first_text_kept(
    browser,
    live_server,
    login,
    f01_world,  # noqa: F811 — the imported fixture
):
    participant = f01_world
    f01_url = f"{live_server.url}/f01/{participant.pk}/"
    head_context, head = english_page(browser)
    login(head, "kepala.mantrijeron")
    head.get_by_test_id("lang-en").click()
    head.goto(f01_url)  # loaded before the operator saves

    context, page = english_page(browser)
    login(page, "op.mantrijeron")
    page.get_by_test_id("lang-en").click()
    page.goto(f01_url)
    narrative = page.get_by_test_id("answer-1.1").get_by_label("Explanation (narrative)")
    narrative.fill("Rapat koordinasi Forkompimtren tiap bulan.")
    narrative.blur()
    expect(page.get_by_test_id("status-1.1")).to_contain_text(re.compile(r"Saved \d\d\.\d\d"))
    page.get_by_test_id("answer-1.1").locator("input[name=value][value='3']").check()
    expect(page.get_by_test_id("answer-1.1").locator("input[name=version]")).to_have_value("2")
    expect(page.get_by_test_id("status-1.1")).to_contain_text("Saved")
    context.close()

    stale = head.get_by_test_id("answer-1.1").get_by_label("Explanation (narrative)")
    stale.fill("Teks kepala yang menimpa.")
    stale.blur()
    expect(head.get_by_test_id("status-1.1")).to_contain_text(
        "Your input was not saved. Stored now: 3; explanation: "
        "Rapat koordinasi Forkompimtren tiap bulan."
    )
    head_context.close()

    answer = Answer.objects.get(participant=participant, indicator_ref="1.1")
    assert (answer.value, answer.narrative, answer.revision) == (
        3,
        "Rapat koordinasi Forkompimtren tiap bulan.",
        2,
    )
