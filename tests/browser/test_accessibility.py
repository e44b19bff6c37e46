"""Accessibility in a real browser (issue 17): every page of the URL conf, as each role that may
open it, is checked with the axe-core engine (axe-playwright-python, WCAG 2.0/2.1 A and AA
rules) and, at 390 px wide, must not be wider than the phone.

The pages are generated like the permission matrix (``tests/demo/matrix_world.py``): every named
URL is filled with the objects of the matrix world's cycles (the demo world with a province's
SKK), and opened as every role whose GET the matrix lets in (``tests/demo/permission_matrix.py``).
A new URL cannot ship without its matrix row, so it is checked here as soon as it exists.

A URL's roles are seen once each (with the first cycle whose page opens for them): the platform
administrator, the second operator and the second evaluator see what the organiser, the
operator and the evaluator see. Downloads (PDF, XLSX, CSV, files), the API, logging out and
the kiosk are not pages; fragments answered to htmx (no doctype) are parts of pages checked.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from kinerja.demo.world import load_demo_world
from tests.demo.matrix_world import ANON, build_targets, fill, patterns
from tests.demo.permission_matrix import expected_roles

RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PHONE = 390
# Every role of the matrix but those whose pages are another role's (see the docstring), in two
# halves of about the same work: `make test` runs the browser tests on two workers.
ROLE_GROUPS = {
    "organisers": ("org", "invited", ANON),
    "units-and-teams": ("op", "head", "ev", "chair", "juror"),
}
NOT_PAGES = re.compile(
    r"keluar|\.pdf|\.xlsx|\.csv|unduh|laporan\.|^api/|kiosk|i18n|ekspor|piagam|berkas|"
    r"kertas/templat|<path:|\.<"
)


def _session(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _as(page, base: str, user, sessions: dict) -> None:
    page.context.clear_cookies()
    if user is None:
        return
    if user.pk not in sessions:
        sessions[user.pk] = _session(user)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": sessions[user.pk], "url": base}]
    )


def _check(page, axe: Axe) -> tuple[dict, int]:
    """Axe's violations (rule → first targets) and the document's width at 390 px."""
    found = axe.run(page, options=RULES).response["violations"]
    page.set_viewport_size({"width": PHONE, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    return {v["id"]: [n["target"] for n in v["nodes"][:3]] for v in found}, width


@pytest.mark.parametrize("group", ROLE_GROUPS)
def test_every_page_of_the_url_conf_meets_wcag_21_aa_for_each_role_and_fits_a_phone(
    group, page, live_server, transactional_db
):
    roles = ROLE_GROUPS[group]
    load_demo_world()
    targets = build_targets()
    axe, sessions = Axe(), {}
    page.set_viewport_size({"width": 1280, "height": 900})
    problems, too_wide, unopened = {}, [], []
    checked: set[tuple[str, str]] = set()
    current = object()

    for name, converters, route in patterns():
        if NOT_PAGES.search(route):
            continue
        wanted = {
            role
            for target in targets
            for role in expected_roles(name, target.key, "get") & set(roles)
            if role in target.people
        }
        for role in roles:
            if role not in wanted:
                continue
            for target in targets:
                if role not in expected_roles(name, target.key, "get") or (
                    role not in target.people
                ):
                    continue
                user = target.people[role]
                if user is not current:
                    _as(page, live_server.url, user, sessions)
                    current = user
                url = reverse(name, kwargs=fill(target, converters, route))
                try:
                    answer = page.goto(live_server.url + url)
                except PlaywrightError as error:  # a file sent as an attachment
                    assert "Download is starting" in str(error), (url, error)
                    checked.add((name, role))
                    break
                if answer is None or answer.status != 200:
                    continue
                if "text/html" not in (answer.headers.get("content-type") or ""):
                    checked.add((name, role))  # a download under a page's name
                    break
                if not page.evaluate("document.doctype !== null"):
                    checked.add((name, role))  # a fragment for htmx
                    break
                violations, width = _check(page, axe)
                if violations:
                    problems[f"{role} {url}"] = violations
                if width > PHONE:
                    too_wide.append((role, url, width))
                checked.add((name, role))
                break
            else:
                unopened.append((name, role))

    assert len({name for name, _role in checked}) > 40  # the URL conf, not a login page
    assert problems == {}
    assert too_wide == []
    # Every page the matrix lets a role open, opened by it in one of the cycles.
    assert unopened == []
