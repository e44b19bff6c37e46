"""Accessibility in a real browser (issue 17): every page shape each role reaches from its home
page in the demo world is checked with the axe-core engine (axe-playwright-python, WCAG 2.0/2.1
A and AA rules) and, at 390 px wide, must not be wider than the phone.

Pages are found by following the links of the pages already seen (the navigation, the tables,
the tabs), so a page linked from anywhere a role can go is covered as soon as it is linked.
A page shape is its path with the numbers taken out (/siklus/8/tim/ and /siklus/7/tim/ are one
shape); downloads (PDF, XLSX, CSV), logging out and the kiosk are not pages.
"""

from __future__ import annotations

import re
from collections import deque

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

from kinerja.demo.world import DEMO_PASSWORD, load_demo_world

RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PHONE = 390
# People of the demo world, one per role: organisers of two governments, an operator and a
# unit head, an evaluator and a team chair.
PEOPLE = (
    "penyelenggara",
    "organisasi.batu",
    "op.sudinsos",
    "kepala.sudinsos",
    "evaluator.kkpp1",
    "asisten.jakpus",
)
STARTS = ("/tugas/", "/", "/siklus/", "/survei/kelola/", "/inovasi/", "/survei/ikm/", "/audit/")
NOT_PAGES = re.compile(
    r"keluar|\.pdf|\.xlsx|\.csv|unduh|laporan\.|/api/|kiosk|i18n|ekspor|piagam|berkas|kertas/templat"
)
MAX_SHAPES = 120


def shape(path: str) -> str:
    return re.sub(r"\d+", "N", path.split("?")[0])


def log_in(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/tugas/**")


def crawl(page, base: str, axe: Axe, seen: set[str]) -> tuple[dict, list]:
    """Axe's violations per page shape and the shapes wider than a phone, for the person
    logged in (shapes already checked for another role are checked again: what a page shows
    differs by role)."""
    violations, wide, mine = {}, [], set()
    queue = deque(STARTS)
    while queue and len(mine) < MAX_SHAPES:
        path = queue.popleft()
        key = shape(path)
        if key in mine or NOT_PAGES.search(path):
            continue
        try:
            answer = page.goto(base + path)
        except PlaywrightError:  # an answer with no page to show (a 405 of a POST-only link)
            continue
        if answer is None or answer.status != 200:
            continue
        if "text/html" not in (answer.headers.get("content-type") or ""):
            continue
        mine.add(key)
        seen.add(key)
        found = axe.run(page, options=RULES).response["violations"]
        if found:
            violations[key] = {v["id"]: [n["target"] for n in v["nodes"][:3]] for v in found}
        page.set_viewport_size({"width": PHONE, "height": 800})
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE:
            wide.append((key, width))
        page.set_viewport_size({"width": 1280, "height": 900})
        for href in page.eval_on_selector_all(
            "a[href]", "as => as.map(a => a.getAttribute('href'))"
        ):
            if href and href.startswith("/") and not href.startswith("//"):
                queue.append(href.split("#")[0])
    return violations, wide


def test_every_page_each_role_reaches_meets_wcag_21_aa_and_fits_a_phone(
    page, live_server, transactional_db
):
    load_demo_world()
    axe = Axe()
    seen: set[str] = set()
    problems, too_wide = {}, []
    page.set_viewport_size({"width": 1280, "height": 900})
    for username in PEOPLE:
        log_in(page, live_server.url, username)
        violations, wide = crawl(page, live_server.url, axe, seen)
        problems.update({f"{username} {key}": found for key, found in violations.items()})
        too_wide += [(username, key, width) for key, width in wide]
    # The visitor without an account: the public pages.
    page.context.clear_cookies()
    violations, wide = crawl(page, live_server.url, axe, seen)
    problems.update({f"public {key}": found for key, found in violations.items()})
    too_wide += [("public", key, width) for key, width in wide]

    assert len(seen) > 80  # the crawl reached the application, not a login page
    assert problems == {}
    assert too_wide == []
