"""Load benchmark: 20 concurrent clients against ``kinerja serve`` (gunicorn) for 60 s.

    python bench/load.py                                          # SQLite in a temporary directory
    scripts/with-postgres.sh .venv/bin/python bench/load.py       # PostgreSQL
    python bench/load.py --duration 10                            # a quick run while developing

Loads the demo world (``kinerja collectstatic`` + ``kinerja demo``) into a fresh database, starts
``kinerja serve`` on a free port of 127.0.0.1 with its defaults (2 workers x 4 threads), and runs
this mix of clients, each in its own thread, in a closed loop: the next request once the
previous one is answered and the client has paused a random 0-2 s (mean ``--think``, default 1 s,
a person reading or typing; ``--think 0`` is a stress test with no pause at all):

- 4 anonymous visitors downloading the certificate PDFs (piagam) of the EKK 2024 announcement,
  as the loop that made ``/healthz`` fail with "database is locked";
- 5 unit operators of EKK 2025 (F01 stage), each of their own kemantren, autosaving answers the
  way htmx does (one indicator at a time, carrying the answer's version);
- 3 other unit operators uploading a 64 KB PDF as a new evidence document;
- 4 anonymous visitors reading the home page, the announcement, a report card and ``/healthz``;
- 4 more operators reading their F01 page and the cycle list.

Clients log in over HTTP like a browser (login form, CSRF cookie and token). An error is any
answer but the expected one (200, or the redirect after an upload), a refused autosave (htmx
``HX-Reswap``) or a failed connection. Prints requests, errors and p50/p95/max per kind, then
checks in the database that every upload and autosave that was answered as saved is there.
Budget (issue 11): 0 errors and page views p95 <= 500 ms on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import argparse
import atexit
import http.client
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "kinerja-demo"  # noqa: S105 -- the demo world's printed password
CYCLE_F01 = "EKK 2025 Kota Yogyakarta"
PAGE_BUDGET_MS = 500
UPLOAD_BYTES = 64 * 1024
MIX = {"pdf": 4, "autosave": 5, "upload": 3, "public_pages": 4, "operator_pages": 4}

FORM_RE = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S)
INPUT_RE = re.compile(r"<input\b[^>]*>")
ATTR_RE = re.compile(r'([a-zA-Z_:-]+)="([^"]*)"')
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION_RE = re.compile(r'<input[^>]*name="version"[^>]*id="([^"]+)"[^>]*value="([^"]*)"')


def attrs(tag: str) -> dict[str, str]:
    return dict(ATTR_RE.findall(tag))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def minimal_pdf() -> bytes:
    """A small, valid one-page PDF padded with a comment to UPLOAD_BYTES."""
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    )
    padding = b"%" + b"x" * (UPLOAD_BYTES - len(body) - 80) + b"\n"
    trailer = b"trailer<</Root 1 0 R>>\n%%EOF\n"
    return body + padding + trailer


class Browser:
    """One client: a keep-alive connection, its cookies, and the CSRF token like a browser."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        status, response_headers, data = self.fetch(method, path, body, headers)
        return status, response_headers, data.decode("utf-8", "replace")

    def fetch(self, method: str, path: str, body: bytes | None = None, headers=None):
        """The answer's status, headers and body as bytes (``request`` decodes it)."""
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method != "GET" and "csrftoken" in self.cookies:
            headers.setdefault("X-CSRFToken", self.cookies["csrftoken"])
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle keep-alive connection: a browser reconnects.
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return response.status, dict(response.getheaders()), data

    def form_post(self, path: str, fields: dict[str, str], headers=None):
        encoded = urlencode(fields).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        return self.request("POST", path, encoded, headers)

    def login(self, username: str) -> None:
        status, _headers, html = self.request("GET", "/akun/masuk/")
        token = CSRF_RE.search(html).group(1)
        fields = {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD}
        status, _headers, _html = self.form_post("/akun/masuk/", fields)
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"login of {username} failed: HTTP {status}")


@dataclass
class Stats:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    ok: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def timed(self, kind: str, label: str, call, check):
        """Time ``call()``; record an error when ``check(status, headers, text)`` names one."""
        started = time.perf_counter()
        try:
            status, headers, text = call()
            problem = check(status, headers, text)
        except (OSError, http.client.HTTPException) as exc:
            headers, text, problem = {}, "", f"{type(exc).__name__}: {exc}"
        elapsed = time.perf_counter() - started
        with self.lock:
            self.times[kind].append(elapsed)
            if problem:
                self.errors[kind].append(f"{label}: {problem}")
            else:
                self.ok[kind] += 1
        return headers, text, problem


def expect_200(status, headers, text):
    return None if status == 200 else f"HTTP {status}"


def check_autosave(status, headers, text):
    if status != 200:
        return f"HTTP {status}"
    if "HX-Reswap" in headers:
        return "refused: " + re.sub(r"<[^>]+>", "", text).strip()[:120]
    return None


def check_upload(status, headers, text):
    location = headers.get("Location", "")
    return None if status == 302 and "/f01/" in location else f"HTTP {status} {location}"


@dataclass
class World:
    pdfs: list[str]
    public_pages: list[str]


@dataclass
class F01:
    path: str
    answers: list[dict]  # {"action": ..., "fields": {hidden inputs}, "values": [radio values]}
    uploads: list[str]


def discover(port: int) -> World:
    """The announcement's certificate PDFs and public pages, read from the home page."""
    anonymous = Browser(port)
    _status, _headers, home = anonymous.request("GET", "/")
    announcement = re.search(r'href="(/hasil/pengumuman/\d+/)"', home).group(1)
    _status, _headers, page = anonymous.request("GET", announcement)
    pdfs = sorted(set(re.findall(r'href="(/hasil/pengumuman/\d+/piagam/\d+/\w+\.pdf)"', page)))
    cards = sorted(set(re.findall(r'href="(/hasil/pengumuman/\d+/rapor/\d+/)"', page)))
    if not pdfs or not cards:
        raise SystemExit(f"{announcement} lists no certificate or report card")
    return World(pdfs=pdfs, public_pages=["/", announcement, cards[0], "/healthz"])


def f01_of(browser: Browser) -> F01:
    """The logged-in operator's editable F01: its autosave forms and its PDF evidence slots."""
    _status, _headers, cycles = browser.request("GET", "/siklus/")
    for cycle in sorted(set(re.findall(r'href="(/siklus/\d+/)"', cycles))):
        _status, _headers, page = browser.request("GET", cycle)
        for path in sorted(set(re.findall(r'href="(/f01/\d+/)"', page))):
            _status, _headers, html = browser.request("GET", path)
            answers, uploads = [], []
            for form_attrs, body in FORM_RE.findall(html):
                form, action = attrs(form_attrs), attrs(form_attrs).get("action", "")
                inputs = [attrs(tag) for tag in INPUT_RE.findall(body)]
                if "hx-post" in form and "/jawaban/" in action:
                    hidden = {
                        i["name"]: i.get("value", "") for i in inputs if i.get("type") == "hidden"
                    }
                    radios = [i["value"] for i in inputs if i.get("type") == "radio"]
                    if radios:
                        answers.append({"action": action, "fields": hidden, "values": radios})
                elif "/unggah/" in action and "data-testid" in form:
                    accept = next(
                        (i.get("accept", "") for i in inputs if i.get("type") == "file"), ""
                    )
                    if ".pdf" in accept.split(","):
                        uploads.append(action)
            if answers and uploads:
                return F01(path=path, answers=answers, uploads=uploads)
    raise SystemExit("no editable F01 with a PDF evidence slot for this operator")


def multipart(fields: dict[str, str], filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def run_client(
    kind: str,
    index: int,
    *,
    port: int,
    world: World,
    username: str | None,
    stats: Stats,
    deadline: list[float],
    think: float,
    ready: threading.Barrier,
):
    """One client: log in (operators), wait for the others, then loop until the deadline."""
    rng = random.Random(f"{kind}-{index}")
    browser = Browser(port)
    f01 = None
    try:
        if username:
            browser.login(username)
            f01 = f01_of(browser)
    finally:
        ready.wait()
    pdf = minimal_pdf()
    step = index
    while time.perf_counter() < deadline[0]:
        step += 1
        if kind == "pdf":
            path = world.pdfs[step % len(world.pdfs)]
            stats.timed("pdf", path, partial(browser.request, "GET", path), expect_200)
        elif kind == "public_pages":
            path = world.public_pages[step % len(world.public_pages)]
            label = "healthz" if path == "/healthz" else "page"
            stats.timed(label, path, partial(browser.request, "GET", path), expect_200)
        elif kind == "operator_pages":
            path = f01.path if step % 2 else "/siklus/"
            stats.timed("page", path, partial(browser.request, "GET", path), expect_200)
        elif kind == "autosave":
            answer = f01.answers[step % len(f01.answers)]
            fields = {
                **answer["fields"],
                "value": rng.choice(answer["values"]),
                "narrative": f"Isian beban {uuid.uuid4().hex[:8]} (klien {index})",
            }
            headers = {"HX-Request": "true", "HX-Current-URL": f01.path}
            _headers, text, problem = stats.timed(
                "autosave",
                answer["action"],
                partial(browser.form_post, answer["action"], fields, headers),
                check_autosave,
            )
            # The answer's new version comes back as an out-of-band input, as htmx swaps it in.
            version = VERSION_RE.search(text)
            if version and not problem:
                answer["fields"]["version"] = version.group(2)
        elif kind == "upload":
            action = f01.uploads[step % len(f01.uploads)]
            fields = {
                "csrfmiddlewaretoken": browser.cookies.get("csrftoken", ""),
                "title": f"Bukti beban {index}-{step}",
            }
            body, content_type = multipart(fields, f"bukti-{index}-{step}.pdf", pdf)
            stats.timed(
                "upload",
                action,
                partial(browser.request, "POST", action, body, {"Content-Type": content_type}),
                check_upload,
            )
            # The browser follows the redirect back to the F01 page: a page view.
            stats.timed("page", f01.path, partial(browser.request, "GET", f01.path), expect_200)
        if think:
            time.sleep(rng.uniform(0, 2 * think))


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(fraction * len(sorted_values)))]


def kinerja(*args: str, env: dict, **kwargs) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).parent / "kinerja"), *args]
    return subprocess.run(command, env=env, check=True, **kwargs)  # noqa: S603 -- our own CLI


def start_server(env: dict, *extra: str) -> tuple[int, subprocess.Popen, Path]:
    """``kinerja serve`` on a free port (``extra`` arguments added), answering ``/healthz``;
    stopped when the benchmark ends. Returns the port, the process and its log's path."""
    port = free_port()
    log_path = Path(env["KINERJA_VAR_DIR"]) / "serve.log"
    command = [str(Path(sys.executable).parent / "kinerja"), "serve", "--port", str(port), *extra]
    with open(log_path, "w") as log:
        server = subprocess.Popen(  # noqa: S603 -- our own CLI
            command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    atexit.register(lambda: server.poll() is None and os.killpg(server.pid, signal.SIGTERM))
    for _ in range(300):
        try:
            if Browser(port).request("GET", "/healthz")[0] == 200:
                return port, server, log_path
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"kinerja serve did not answer; see {log_path}")


def database_counts() -> dict[str, int]:
    """Audit events of saved answers and uploads: what the server really wrote."""
    from django.db import connections

    from kinerja.audit.models import AuditEvent

    counts = {
        "autosave": AuditEvent.objects.filter(action="answer.save").count(),
        "upload": AuditEvent.objects.filter(action="evidence.upload").count(),
    }
    connections.close_all()
    return counts


def operator_usernames() -> list[str]:
    """The operators of EKK 2025's participants, one per kemantren."""
    from django.db import connections

    from kinerja.cycles.enums import MemberRole
    from kinerja.cycles.models import ParticipantMember

    usernames = list(
        ParticipantMember.objects.filter(
            participant__cycle__name=CYCLE_F01, role=MemberRole.OPERATOR
        )
        .order_by("participant__unit__code")
        .values_list("user__username", flat=True)
    )
    connections.close_all()
    return usernames


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--duration", type=float, default=float(os.environ.get("BENCH_DURATION", 60))
    )
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between requests (s)")
    options = parser.parse_args()

    env = dict(os.environ, KINERJA_DEMO="true")
    if "KINERJA_VAR_DIR" not in os.environ:
        env["KINERJA_VAR_DIR"] = tempfile.mkdtemp(prefix="kinerja-load-")
        atexit.register(shutil.rmtree, env["KINERJA_VAR_DIR"], ignore_errors=True)
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
    database = (
        "PostgreSQL" if env.get("KINERJA_DATABASE_URL", "").startswith("postgres") else "SQLite"
    )

    started = time.perf_counter()
    kinerja("collectstatic", "--noinput", "--verbosity", "0", env=env)
    kinerja("demo", env=env, stdout=subprocess.DEVNULL)
    print(f"database: {database}; demo world loaded in {time.perf_counter() - started:.1f} s")

    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    operators = operator_usernames()
    needed = MIX["autosave"] + MIX["upload"] + MIX["operator_pages"]
    if len(operators) < needed:
        raise SystemExit(f"{CYCLE_F01} has {len(operators)} operators, the mix needs {needed}")
    before = database_counts()

    port, server, log_path = start_server(env)
    world = discover(port)

    clients: list[tuple[str, int, str | None]] = []
    remaining = iter(operators)
    for kind, count in MIX.items():
        for index in range(count):
            username = next(remaining) if kind in {"autosave", "upload", "operator_pages"} else None
            clients.append((kind, index, username))
    stats, deadline = Stats(), [0.0]
    ready = threading.Barrier(len(clients) + 1)
    threads = [
        threading.Thread(
            target=run_client,
            args=(kind, index),
            kwargs={
                "port": port,
                "world": world,
                "username": username,
                "stats": stats,
                "deadline": deadline,
                "think": options.think,
                "ready": ready,
            },
            daemon=True,
        )
        for kind, index, username in clients
    ]
    for thread in threads:
        thread.start()
    deadline[0] = float("inf")
    ready.wait()  # every client has logged in and read its F01
    run_started = time.perf_counter()
    deadline[0] = run_started + options.duration
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - run_started

    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=60)
    after = database_counts()
    log_text = log_path.read_text(errors="replace")

    print(
        f"clients: {len(clients)} ({', '.join(f'{n} {k}' for k, n in MIX.items())}); "
        f"think {options.think:.1f} s; gunicorn 2 workers x 4 threads; {wall:.1f} s"
    )
    print(f"{'kind':<10} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    total = errors = 0
    for kind in ("page", "healthz", "pdf", "autosave", "upload"):
        times = sorted(stats.times.get(kind, []))
        failed = len(stats.errors.get(kind, []))
        total, errors = total + len(times), errors + failed
        print(
            f"{kind:<10} {len(times):>8} {failed:>6} {percentile(times, 0.5) * 1000:>8.0f} "
            f"{percentile(times, 0.95) * 1000:>8.0f} {(times[-1] if times else 0) * 1000:>8.0f}"
        )
    print(f"{'all':<10} {total:>8} {errors:>6}   ({total / wall:.1f} requests/s)")
    for kind, messages in stats.errors.items():
        for message in sorted(set(messages))[:5]:
            print(f"  error {kind}: {message} (x{messages.count(message)})")
    written = {kind: after[kind] - before[kind] for kind in after}
    stored_ok = all(written[kind] == stats.ok.get(kind, 0) for kind in written)
    print(
        f"in the database: {written['autosave']} answers saved for {stats.ok.get('autosave', 0)} "
        f"autosaves answered as saved, {written['upload']} uploads for "
        f"{stats.ok.get('upload', 0)} answered as stored ({'OK' if stored_ok else 'MISMATCH'})"
    )
    print(
        f"server log: {log_text.count('Traceback')} tracebacks, "
        f"{log_text.count('database is locked')} 'database is locked'"
    )
    page_p95 = percentile(sorted(stats.times.get("page", [])), 0.95) * 1000
    verdict = errors == 0 and stored_ok and page_p95 <= PAGE_BUDGET_MS
    print(
        f"budget: 0 errors, page p95 <= {PAGE_BUDGET_MS} ms -> {errors} errors, "
        f"page p95 {page_p95:.0f} ms: {'PASS' if verdict else 'FAIL'}"
    )
    return 0 if verdict else 1


if __name__ == "__main__":
    sys.exit(main())
