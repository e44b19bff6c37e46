"""Real browser tests in Debian's chromium (never a downloaded browser), driven by Playwright."""

import os
import shutil

import pytest
from django.urls import reverse
from playwright.sync_api import expect

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the test body
# to arrange data are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
    _spread_the_long_ones(items)


def _spread_the_long_ones(items) -> None:
    """The accessibility crawl's halves take minutes each: among the browser tests, one goes
    first and the other in the middle, so that ``--dist worksteal`` (which hands each worker half
    of the list, in order) starts one on each worker instead of both on the first (a worker's
    next test is never taken by the other). Runs after pytest-randomly's shuffle (tryfirst)."""
    long_ones = [item for item in items if "test_accessibility.py" in str(item.fspath)]
    if len(long_ones) != 2:
        return
    others = [item for item in items if item not in long_ones]
    browser = [i for i, item in enumerate(others) if "tests/browser/" in str(item.fspath)]
    middle = browser[len(browser) // 2] if browser else len(others)
    items[:] = [long_ones[0], *others[:middle], long_ones[1], *others[middle:]]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def login(live_server):
    from ..conftest import PASSWORD

    def do_login(page, username):
        page.goto(f"{live_server.url}/akun/masuk/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/tugas/")

    return do_login


@pytest.fixture
def determine_and_publish(live_server):
    """The organiser's last steps on the determination page: fill the decree (the form starts
    empty), determine and confirm on the page that shows what is frozen (with ``override`` as
    the reason when scoring or the plenary is not over) (the page then shows it
    current), announce and confirm (the page offers to withdraw)."""

    def do(page, cycle, *, number, date, signatory, position, override=""):
        page.goto(live_server.url + reverse("results:determination", kwargs={"cycle_id": cycle.pk}))
        expect(page.locator("input[name=decree_number]")).to_have_value("")
        page.fill("input[name=decree_number]", number)
        page.fill("input[name=decree_date]", date)
        page.fill("input[name=signatory_name]", signatory)
        page.fill("input[name=signatory_position]", position)
        page.get_by_test_id("determine").click()
        expect(page.get_by_test_id("decree-summary")).to_contain_text(number)
        expect(page.get_by_test_id("frozen-preview").locator("tbody tr").first).to_be_visible()
        if override:  # scoring or the plenary is not over: the page asks why
            expect(page.get_by_test_id("stages-open")).to_be_visible()
            page.fill("textarea[name=override_reason]", override)
        page.get_by_test_id("confirm").click()
        expect(page.get_by_test_id("current-determination")).to_contain_text(number)
        page.get_by_test_id("publish").click()
        page.get_by_test_id("confirm").click()
        expect(page.get_by_test_id("withdraw")).to_be_visible()

    return do
