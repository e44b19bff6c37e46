"""Jobs benchmark (issue 16): the determination of 10,000 participants and the certificate
bundle of 600, each run as a job by ``kinerja worker`` while the web keeps answering.

    python bench/jobs.py                                          # SQLite in a temporary directory
    scripts/with-postgres.sh .venv/bin/python bench/jobs.py       # PostgreSQL
    BENCH_PARTICIPANTS=500 BENCH_BUNDLE=50 python bench/jobs.py   # a quick run while developing

Generates the cycle of ``bench/results.py`` (setup, no budget) and a second one of
``BENCH_BUNDLE`` (600) participants, determined and announced (setup). Starts ``kinerja serve``
and one ``kinerja worker`` on the same database, then queues, one after the other, the
determination job of the large cycle and the certificate bundle job of the announced one; while
each runs, one client in a closed loop reads the public landing page and the IKM list. Prints
each job's time from claimed to done, its attempts, and the page views' count and p50/p95 during
it. Budget: the web's p95 during each job <= 500 ms.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from load import Browser, kinerja, percentile, start_server

from results import PARTICIPANTS, generate, setup_django

PAGES = ("/", "/survei/ikm/")
BUDGET_MS = 500
BUNDLE = int(os.environ.get("BENCH_BUNDLE", "600"))
DECREE = {
    "decree_number": "Bench/1/2026",
    "decree_date": dt.date(2026, 12, 1).isoformat(),
    "signatory_name": "Bench",
    "signatory_position": "Bench",
    "override_reason": "benchmark",
}


def while_browsing(job, port: int) -> list[float]:
    """Page view times (s) while ``job`` runs, one client in a closed loop; returns when done."""
    from django.db import connections

    connections.close_all()  # the worker and the server read it from here on
    times: list[float] = []
    stop = threading.Event()

    def browse() -> None:
        browser = Browser(port)
        n = 0
        while not stop.is_set():
            path = PAGES[n % len(PAGES)]
            n += 1
            begun = time.perf_counter()
            status, _headers, _text = browser.request("GET", path)
            if status == 200:
                times.append(time.perf_counter() - begun)

    client = threading.Thread(target=browse, daemon=True)
    client.start()
    while True:
        job.refresh_from_db()
        if job.finished:
            break
        time.sleep(0.2)
    stop.set()
    client.join(timeout=10)
    return times


def report(title: str, job, times: list[float]) -> bool:
    took = (job.finished_at - job.started_at).total_seconds() if job.started_at else 0.0
    ordered = sorted(times)
    p50, p95 = percentile(ordered, 0.5) * 1000, percentile(ordered, 0.95) * 1000
    print(f"{title}: {job.status} in {took:.1f} s, {job.attempts} attempt(s); {job.message}")
    print(f"  page views during the job: {len(times)}, p50 {p50:.0f} ms, p95 {p95:.0f} ms")
    print(f"  budget p95 <= {BUDGET_MS} ms: {'ok' if p95 <= BUDGET_MS else 'FAIL'}")
    return job.status == "done" and p95 <= BUDGET_MS


def main() -> int:
    setup_django()
    from django.db import connection

    from kinerja.jobs import services
    from kinerja.results import services as results

    started = time.perf_counter()
    cycle = generate()
    announced = generate(BUNDLE, name="Bench bundle")
    results.determine(
        announced,
        by=None,
        **{**DECREE, "decree_date": dt.date.fromisoformat(DECREE["decree_date"])},
    )
    announcement = results.publish(announced, by=None)
    print(f"database: {connection.vendor}; {PARTICIPANTS:,} participants, bundle of {BUNDLE:,}")
    print(f"data generation: {time.perf_counter() - started:.1f} s (setup, no budget)")
    env = dict(os.environ)
    kinerja("collectstatic", "--noinput", "--verbosity", "0", env=env)
    port, _server, _log = start_server(env, "--workers", "2")
    worker = subprocess.Popen(  # noqa: S603 -- our own CLI
        [str(Path(sys.executable).parent / "kinerja"), "worker", "--interval", "0.2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        job = services.start(
            "determine", label="Bench determination", by=None, cycle=cycle, params=DECREE
        )
        fine = report("determination job", job, while_browsing(job, port))
        job = services.start(
            "certificate_bundle",
            label="Bench certificates",
            by=None,
            cycle=announced,
            params={
                "determination": announcement.determination_id,
                "base_url": f"http://127.0.0.1:{port}/",
            },
        )
        fine = report("certificate bundle job", job, while_browsing(job, port)) and fine
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    return 0 if fine else 1


if __name__ == "__main__":
    sys.exit(main())
