"""Jobs benchmark (issue 16): the determination of 10,000 participants run as a job by
``kinerja worker`` while the web keeps answering.

    python bench/jobs.py                                          # SQLite in a temporary directory
    scripts/with-postgres.sh .venv/bin/python bench/jobs.py       # PostgreSQL
    BENCH_PARTICIPANTS=500 python bench/jobs.py                   # a quick run while developing

Generates the cycle of ``bench/results.py`` (setup, no budget), starts ``kinerja serve`` and one
``kinerja worker`` on the same database, queues the determination job, and while it runs sends
page views (the public landing page and the IKM list, one client in a closed loop). Prints the
job's time from claimed to done, its attempts, and the page views' count and p50/p95 during the
job. Budget: the web's p95 during the job <= 500 ms.
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


def main() -> int:
    setup_django()
    from django.db import connection, connections

    from kinerja.jobs import services
    from kinerja.jobs.models import Job

    started = time.perf_counter()
    cycle = generate()
    print(f"database: {connection.vendor}; {PARTICIPANTS:,} participants")
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
            "determine",
            label="Bench determination",
            by=None,
            cycle=cycle,
            params={
                "decree_number": "Bench/1/2026",
                "decree_date": dt.date(2026, 12, 1).isoformat(),
                "signatory_name": "Bench",
                "signatory_position": "Bench",
                "override_reason": "benchmark",
            },
        )
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
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    took = (job.finished_at - job.started_at).total_seconds() if job.started_at else 0.0
    ordered = sorted(times)
    p50, p95 = percentile(ordered, 0.5) * 1000, percentile(ordered, 0.95) * 1000
    print(f"determination job: {job.status} in {took:.1f} s, {job.attempts} attempt(s)")
    print(f"page views during the job: {len(times)}, p50 {p50:.0f} ms, p95 {p95:.0f} ms")
    print(f"  budget p95 <= {BUDGET_MS} ms: {'ok' if p95 <= BUDGET_MS else 'FAIL'}")
    assert Job.objects.filter(pk=job.pk, status="done").exists(), job.error or job.message
    return 0


if __name__ == "__main__":
    sys.exit(main())
