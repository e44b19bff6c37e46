"""National-scale results benchmark: 10,000 participants x 30 indicators x 3 evaluators.

    python bench/results.py                     # SQLite in a temporary directory
    scripts/with-postgres.sh .venv/bin/python bench/results.py   # PostgreSQL
    BENCH_PARTICIPANTS=500 python bench/results.py                # a quick run while developing

Prints one table (DESIGN.md budgets; timings never go in tests):

- data generation (setup, no budget) and the determination (setup: recompute + snapshot);
- full recompute (budget 5 s) and incremental recompute after one review changes (50 ms);
- the ranking page (``results:ranking``, 500 rows a page) through Django's test client logged in
  as the organiser, page 1 and a middle page, and page 1 again once the results are determined:
  server time (best of 3 after a warm-up) and the number of queries, which must not depend on
  the page or the number of participants (300 ms);
- the XLSX rekap (10 s, constant memory) through its views: live results (team URL with
  ``?sumber=langsung``), the determined snapshot (team URL) and the announced snapshot (public
  URL). Time is from a run without tracing; memory is the Python heap's peak above the start
  (tracemalloc, a second run) and the growth of the process's RSS high-water mark, reset before
  each run through /proc/self/clear_refs (0 means the export never pushed the resident memory
  above what it held before).
"""

from __future__ import annotations

import atexit
import datetime as dt
import gc
import os
import random
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

PARTICIPANTS = int(os.environ.get("BENCH_PARTICIPANTS", "10000"))
EVALUATORS_PER_PARTICIPANT = 3
TEAM_SIZE = 300
MIB = 1024 * 1024


def setup_django() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    os.environ.setdefault("KINERJA_DEMO", "true")
    if "KINERJA_VAR_DIR" not in os.environ:
        # A 10,000-participant SQLite database is about 150 MB: gone when the run ends.
        os.environ["KINERJA_VAR_DIR"] = tempfile.mkdtemp(prefix="kinerja-bench-")
        atexit.register(shutil.rmtree, os.environ["KINERJA_VAR_DIR"], ignore_errors=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
    import django

    django.setup()
    from django.conf import settings

    # Pages render {% static %} URLs: without collectstatic's manifest (production has one),
    # the plain storage gives the same URLs at the same cost.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # WhiteNoise looks there
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def generate(participants: int = PARTICIPANTS, name: str = "Bench"):
    from kinerja.accounts.models import User
    from kinerja.cycles import services
    from kinerja.cycles.models import Assignment, Participant, TeamMember
    from kinerja.instruments.services import ensure_library
    from kinerja.reviews.models import Review
    from kinerja.units.models import Region, Unit

    rng = random.Random(20261123)
    version = {v.instrument.code: v for v, _ in ensure_library()}["pekppp"]
    region, _ = Region.objects.get_or_create(
        code="99", defaults={"name": "Bench", "kind": "provinsi"}
    )
    root = Unit.objects.create(kind="pemda", name=f"Bench {time.time()}", region=region)
    units = Unit.objects.bulk_create(
        [
            Unit(kind="ukpd", name=f"UKPD {i}", region=region, parent=root)
            for i in range(participants)
        ],
        batch_size=2000,
    )
    cycle = services.create_cycle(
        version=version,
        name=name,
        year=2026,
        organiser_unit=root,
        starts_on=dt.date(2026, 1, 1),
        by=None,
    )
    Participant.objects.bulk_create(
        [Participant(cycle=cycle, unit=u) for u in units], batch_size=2000
    )
    users = User.objects.bulk_create(
        [User(username=f"bench.{cycle.pk}.{i}") for i in range(TEAM_SIZE)], batch_size=1000
    )
    TeamMember.objects.bulk_create([TeamMember(cycle=cycle, user=u) for u in users])
    team = list(cycle.team.values_list("pk", flat=True))
    participants = list(cycle.participants.values_list("pk", flat=True))
    refs = [i.ref for i in version.definition.iter_indicators("f02")]
    assignments, reviews = [], []
    for pid in participants:
        for evaluator in rng.sample(team, EVALUATORS_PER_PARTICIPANT):
            assignments.append(
                Assignment(cycle=cycle, evaluator_id=evaluator, participant_id=pid, method="auto")
            )
            for ref in refs:
                reviews.append(
                    Review(
                        evaluator_id=evaluator,
                        participant_id=pid,
                        indicator_ref=ref,
                        component="f02",
                        value=rng.randint(0, 5),
                    )
                )
        if len(reviews) >= 90_000:
            Review.objects.bulk_create(reviews, batch_size=5000)
            reviews.clear()
    Review.objects.bulk_create(reviews, batch_size=5000)
    Assignment.objects.bulk_create(assignments, batch_size=5000)
    # Planner statistics, as autovacuum (PostgreSQL) keeps them on a live database: without
    # them a freshly bulk-loaded table gets plans no production table would.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return cycle


def _rss_kib() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def _reset_peak_rss() -> bool:
    """Reset the RSS high-water mark (Linux >= 4.0), so ru_maxrss measures from now on."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    except OSError:
        return False
    return True


def _measured(function) -> tuple[float, float, float | None]:
    """(seconds, tracemalloc peak MiB, RSS high-water growth MiB) of ``function()``; no RSS
    figure where the high-water mark cannot be reset.

    The time comes from a run without tracing (tracemalloc slows Python down several times);
    the Python heap's peak from a second, traced run."""
    gc.collect()
    before = _rss_kib()
    reset = _reset_peak_rss()
    started = time.perf_counter()
    function()
    seconds = time.perf_counter() - started
    grown = max(0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    if not reset:
        grown = None
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    function()
    peak = (tracemalloc.get_traced_memory()[1] - base) / MIB
    tracemalloc.stop()
    return seconds, peak, grown


def _page(client, url: str) -> tuple[float, int, int]:
    """(best seconds of 3, queries, status) of GET ``url`` after a warm-up request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    times = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
    return min(times), len(queries), response.status_code


def _download(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    size = sum(len(part) for part in response.streaming_content)
    response.close()
    assert size > 0


def _verdict(value: float, budget: float, unit: str) -> str:
    return "PASS" if value <= budget else f"FAIL (budget {budget:g} {unit})"


def main() -> int:
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from kinerja.accounts.services import create_user
    from kinerja.results import services
    from kinerja.results.compute import recompute_cycle, recompute_participant
    from kinerja.results.views.ranking import PAGE_SIZE
    from kinerja.reviews.models import Review
    from kinerja.tenancy.services import seat_organiser

    started = time.perf_counter()
    cycle = generate()
    generated = time.perf_counter() - started
    count = Review.objects.filter(participant__cycle=cycle).count()

    started = time.perf_counter()
    recompute_cycle(cycle)
    full = time.perf_counter() - started

    review = Review.objects.filter(participant__cycle=cycle).first()
    Review.objects.filter(pk=review.pk).update(value=(review.value + 1) % 6)
    started = time.perf_counter()
    recompute_participant(review.participant)
    incremental = time.perf_counter() - started

    organiser = create_user(username=f"bench.organiser.{cycle.pk}", password=os.urandom(16).hex())
    seat_organiser(organiser, cycle.organiser_unit, by=None)
    client = Client(HTTP_HOST="localhost")
    client.force_login(organiser)
    ranking_url = reverse("results:ranking", kwargs={"pk": cycle.pk})
    pages = -(-PARTICIPANTS // PAGE_SIZE)
    middle = max(1, (pages + 1) // 2)
    first_page = _page(client, ranking_url)
    middle_page = _page(client, f"{ranking_url}?halaman={middle}")

    rekap_url = reverse("results:rekap", kwargs={"pk": cycle.pk})
    live = _measured(lambda: _download(client, f"{rekap_url}?sumber=langsung"))
    started = time.perf_counter()
    services.determine(
        cycle,
        decree_number="BENCH/1",
        decree_date=dt.date(2026, 11, 23),
        signatory_name="Bench",
        signatory_position="Bench",
        by=organiser,
    )
    determined = time.perf_counter() - started
    determined_page = _page(client, ranking_url)
    frozen = _measured(lambda: _download(client, rekap_url))
    services.publish(cycle, by=organiser)
    public_client = Client(HTTP_HOST="localhost")
    public_url = reverse("results:announcement_rekap", kwargs={"cycle_id": cycle.pk})
    public = _measured(lambda: _download(public_client, public_url))

    def page_row(name: str, figures: tuple[float, int, int]) -> tuple[str, str, str]:
        seconds, queries, status = figures
        verdict = _verdict(seconds, 0.3, "s") if status == 200 else f"HTTP {status}"
        return (name, f"{seconds * 1000:.0f} ms, {queries} queries", verdict)

    def export_row(name: str, figures: tuple[float, float, float | None]) -> tuple[str, str, str]:
        seconds, peak, grown = figures
        rss = "n/a" if grown is None else f"+{grown:.0f} MiB"
        value = f"{seconds:.2f} s, heap +{peak:.0f} MiB, RSS {rss}"
        return (name, value, _verdict(seconds, 10, "s"))

    rows = [
        ("database", connection.vendor, ""),
        ("participants", f"{PARTICIPANTS:,}", ""),
        ("reviews", f"{count:,}", ""),
        ("generate data", f"{generated:.1f} s", "(setup, no budget)"),
        ("full recompute", f"{full:.2f} s", _verdict(full, 5, "s")),
        ("incremental recompute", f"{incremental * 1000:.0f} ms", _verdict(incremental, 0.05, "s")),
        page_row("ranking page 1", first_page),
        page_row(f"ranking page {middle}", middle_page),
        export_row("XLSX live results", live),
        ("determine (snapshot)", f"{determined:.2f} s", "(setup, no budget)"),
        page_row("ranking page 1, determined", determined_page),
        export_row("XLSX determined (team)", frozen),
        export_row("XLSX announced (public)", public),
    ]
    width = max(len(value) for _name, value, _verdict in rows)
    for name, value, verdict in rows:
        print(f"{name:<26}{value:>{width}}  {verdict}")
    if first_page[1] != middle_page[1]:
        print("FAIL: the ranking page's query count depends on the page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
