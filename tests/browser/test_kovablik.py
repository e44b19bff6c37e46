"""KOVABLIK in the browser (issue 13): the organiser enters 13 innovations (Dinas A enters two),
sets "5 Terbaik" for ranks 1–5 and "10 Terbaik" for ranks 6–10, decides who passes the
administrative check (pass mark 100) and the desk evaluation (pass mark 85, best 15), then
determines and announces; the public page names each innovation with its award.

The panel's scores are arranged in the database (the scoring pages have their own browser
tests); every decision the organiser takes goes through the pages."""

import datetime as dt

from django.urls import reverse
from playwright.sync_api import expect

from kinerja.accounts.models import User
from kinerja.cycles import services as cycle_services
from kinerja.innovations.services import create_innovation
from kinerja.instruments.services import ensure_library
from kinerja.results.compute import recompute_cycle
from kinerja.reviews.models import Review
from kinerja.units.models import Unit

ENTRIES = 13
COMPONENT = {"A": "administrasi", "S": "substansi", "P": "presentasi"}


def _title(number: int) -> str:
    return f"Inovasi {number:02d}"


def _owner_name(number: int) -> str:
    """Dinas A owns innovations 1 and 2; each other innovation has its own dinas."""
    return "Dinas A" if number <= 2 else f"Dinas {chr(ord('A') + number - 2)}"


def _kovablik(pemkot, organiser):
    version = {v.instrument.code: v for v, _ in ensure_library()}["inovasi"]
    cycle = cycle_services.create_cycle(
        version=version,
        name="KOVABLIK Uji",
        year=2026,
        organiser_unit=pemkot,
        starts_on=dt.date(2026, 5, 1),
        by=organiser,
    )
    owners = {}
    for number in range(1, ENTRIES + 1):
        name = _owner_name(number)
        if name not in owners:
            owners[name] = Unit.objects.create(
                kind="dinas", name=name, region=pemkot.region, parent=pemkot
            )
        create_innovation(owner=owners[name], title=_title(number), by=organiser)
    return cycle


def _plan(number: int) -> tuple[str, int, int]:
    """(ADM1, desk points, presentation points): 1–11 pass both checks in order; 12 is below
    the desk pass mark; 13 has the best desk score but failed the administrative check."""
    if number == 12:
        return "Y", 80, 99
    if number == 13:
        return "T", 99, 99
    return "Y", 99 - number, 95 - number


def _score(cycle) -> None:
    juror = cycle_services.add_team_member(
        cycle, user=User.objects.create(username="panel.uji"), by=None
    )
    rows = []
    for participant in cycle.participants.select_related("innovation"):
        adm1, desk, talk = _plan(int(participant.innovation.title[-2:]))
        scores = {"ADM1": adm1, "ADM2": "Y", "ADM3": "Y", "ADM4": "Y"}
        scores |= {f"SUB{n}": desk for n in range(1, 9)} | {f"PRS{n}": talk for n in (1, 2, 3)}
        rows += [
            Review(
                evaluator=juror,
                participant=participant,
                indicator_ref=ref,
                component=COMPONENT[ref[0]],
                round="",
                value=value,
            )
            for ref, value in scores.items()
        ]
    Review.objects.bulk_create(rows)
    recompute_cycle(cycle)


def test_kovablik_names_its_five_and_ten_best(
    page, browser, live_server, transactional_db, pemkot, organiser, login, determine_and_publish
):
    cycle = _kovablik(pemkot, organiser)
    base = live_server.url
    login(page, "organiser")

    # Thirteen innovations enter; Dinas A enters two.
    page.goto(base + reverse("cycles:participants", kwargs={"cycle_id": cycle.pk}))
    lines = "\n".join(f"{_owner_name(n)}; {_title(n)}" for n in range(1, ENTRIES + 1))
    page.fill("textarea[name=entries]", lines)
    page.get_by_test_id("enter-innovations").click()
    table = page.get_by_test_id("participant-table")
    expect(table.locator("tbody tr")).to_have_count(ENTRIES)
    expect(table.locator("tbody tr", has_text="Dinas A")).to_have_count(2)

    # The city's pattern: 5 Terbaik, then 10 Terbaik for ranks 6 to 10.
    page.goto(base + reverse("results:award_scheme", kwargs={"cycle_id": cycle.pk}))
    page.locator("input[name=choice][value=custom]").check()
    page.fill("textarea[name=lines]", "5 Terbaik; 1-5\n10 Terbaik; 6-10")
    page.get_by_test_id("save-awards").click()
    expect(page.get_by_test_id("awards-in-force")).to_contain_text("10 Terbaik")

    # The administrative check stops 13, the desk pass mark stops 12.
    _score(cycle)
    page.goto(base + reverse("results:rounds", kwargs={"cycle_id": cycle.pk}))
    admin = page.get_by_test_id("gate-seleksi-administrasi")
    expect(admin.locator("input[name=going_on]")).to_have_count(ENTRIES)
    expect(admin.locator("input[name=going_on]:checked")).to_have_count(ENTRIES - 1)
    admin.get_by_test_id("decide").click()
    desk = page.get_by_test_id("gate-evaluasi-desk")
    expect(desk.locator("input[name=going_on]")).to_have_count(ENTRIES - 1)
    expect(desk.locator("input[name=going_on]:checked")).to_have_count(ENTRIES - 2)
    desk.get_by_test_id("decide").click()
    expect(page.get_by_test_id("gate-evaluasi-desk")).to_contain_text("Diputuskan")

    determine_and_publish(
        page,
        cycle,
        number="188.45/KOVABLIK/2026",
        date="2026-07-20",
        signatory="Wali Kota",
        position="Wali Kota",
    )

    public = browser.new_context().new_page()
    public.goto(base + reverse("results:announcement", kwargs={"cycle_id": cycle.pk}))
    rows = public.get_by_test_id("public-ranking").locator("tbody tr")
    expect(rows).to_have_count(ENTRIES)
    for index in range(10):
        row = rows.nth(index)
        expect(row).to_contain_text(_title(index + 1))
        expect(row).to_contain_text("5 Terbaik" if index < 5 else "10 Terbaik")
    expect(rows.nth(10)).to_contain_text(_title(11))
    expect(rows.nth(10).locator(".badge.text-bg-success")).to_have_count(0)
    expect(public.get_by_test_id("stopped")).to_have_count(2)
    expect(rows.filter(has_text=_title(13)).get_by_test_id("stopped")).to_contain_text(
        "tidak lolos ke Evaluasi proposal"
    )
    expect(rows.filter(has_text=_title(12)).get_by_test_id("stopped")).to_contain_text(
        "tidak lolos ke Presentasi"
    )
