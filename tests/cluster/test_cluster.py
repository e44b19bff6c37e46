"""Kinerja on more than one machine (issue 16): two app servers and two workers sharing
PostgreSQL, an S3 object store and the cache table (see conftest.py for the layout).

The tests run in this order (``make test-cluster`` turns random ordering off): the server killed
in the fourth is started again before the fifth.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import socket
import time

from tests.cluster.nodes import API_RATE, CSRF_RE, Browser, Node, f01_of, multipart, start_server

OPERATOR = "op.mantrijeron"
ORGANISERS = {"penyelenggara": ("EKK 2024 Kota Yogyakarta", "EKK 2025 Kota Yogyakarta")}
ORGANISERS["organisasi.batu"] = (
    "KOVABLIK Kota Batu 2023",
    "Evaluasi SAKIP Perangkat Daerah Kota Batu 2023",
)
JOB_TIMEOUT_S = 180


def pdf(size: int, marker: str) -> bytes:
    """A valid one-page PDF of about ``size`` bytes, unique by ``marker``."""
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        + f"% {marker}\n".encode()
    )
    padding = b"%" + b"k" * max(0, size - len(body) - 40) + b"\n"
    return body + padding + b"trailer<</Root 1 0 R>>\n%%EOF\n"


def logged_in(node: Node, username: str) -> Browser:
    browser = node.browser()
    browser.login(username)
    return browser


def on(node: Node, browser: Browser) -> Browser:
    """The same person (their cookies) talking to another server, as behind a load balancer."""
    other = node.browser()
    other.cookies = dict(browser.cookies)
    return other


def upload(browser: Browser, action: str, title: str, content: bytes) -> tuple[int, dict]:
    fields = {"csrfmiddlewaretoken": browser.cookies["csrftoken"], "title": title}
    body, content_type = multipart(fields, f"{title}.pdf", content)
    status, headers, _text = browser.request("POST", action, body, {"Content-Type": content_type})
    return status, headers


def download_link(html: str, title: str) -> str:
    match = re.search(rf'href="([^"]*/unduh/)"[^>]*>{re.escape(title)}</a>', html)
    assert match, f"no download link for {title!r}"
    return match.group(1)


def csrf_of(browser: Browser, path: str) -> str:
    status, _headers, html = browser.request("GET", path)
    assert status == 200, (path, status)
    return CSRF_RE.search(html).group(1)


def cycle_id(cluster, name: str) -> int:
    return cluster.sql("SELECT id FROM cycles_cycle WHERE name = %s", name)[0][0]


def wait_for_jobs(cluster, job_ids: list[int]) -> dict[int, tuple[str, int, str]]:
    deadline = time.monotonic() + JOB_TIMEOUT_S
    while True:
        rows = cluster.sql(
            "SELECT id, status, attempts, error FROM jobs_job WHERE id = ANY(%s)", job_ids
        )
        states = {row[0]: row[1:] for row in rows}
        if all(state[0] in {"done", "failed"} for state in states.values()):
            return states
        assert time.monotonic() < deadline, f"jobs still waiting: {states}"
        time.sleep(0.3)


def job_of(headers: dict) -> int:
    location = headers.get("Location", "")
    match = re.search(r"/pekerjaan/(\d+)/$", location)
    assert match, f"not a job's page: {location!r}"
    return int(match.group(1))


def evidence_files(cluster) -> set[tuple[int, str, str]]:
    return set(cluster.sql("SELECT id, storage_name, sha256 FROM assessments_evidencefile"))


def test_a_session_started_on_one_server_works_on_the_other(cluster):
    a, b = cluster.servers
    operator = logged_in(a, OPERATOR)

    status, headers, html = on(b, operator).request("GET", "/siklus/")

    assert status == 200, headers
    assert "EKK 2025 Kota Yogyakarta" in html
    anonymous_status, anonymous_headers, _html = b.browser().request("GET", "/siklus/")
    assert anonymous_status == 302 and "/akun/masuk/" in anonymous_headers["Location"]


def test_a_file_uploaded_through_one_server_downloads_through_the_other(cluster):
    a, b = cluster.servers
    operator = logged_in(a, OPERATOR)
    f01 = f01_of(operator)
    content = pdf(300 * 1024, "uploaded through a")

    status, headers = upload(operator, f01.uploads[0], "Bukti lewat server A", content)

    assert status == 302, headers
    reader = on(b, operator)
    _status, _headers, page = reader.request("GET", f01.path)
    link = download_link(page, "Bukti lewat server A")
    status, headers, data = reader.fetch("GET", link)
    assert status == 200 and data == content
    assert headers["Content-Type"] == "application/pdf"
    # It is in the object store, and on neither machine's disk.
    stored = cluster.sql(
        "SELECT storage_name FROM assessments_evidencefile WHERE sha256 = %s",
        hashlib.sha256(content).hexdigest(),
    )
    assert len(stored) == 1 and stored[0][0] in cluster.bucket_keys()
    for node in cluster.servers:
        assert not [p for p in (node.var_dir / "media").rglob("*") if p.is_file()]


def test_jobs_started_on_either_server_run_once_on_a_worker_and_show_on_both(cluster):
    a, b = cluster.servers
    started = []
    for index, (username, cycles) in enumerate(ORGANISERS.items()):
        organiser = logged_in(a, username)
        for name, node in zip(cycles, (a, b) if index == 0 else (b, a), strict=True):
            browser = on(node, organiser)
            path = f"/hasil/siklus/{cycle_id(cluster, name)}/peringkat/"
            token = csrf_of(browser, path)
            status, headers, _text = browser.form_post(path, {"csrfmiddlewaretoken": token})
            assert status == 302, (name, status)
            started.append((job_of(headers), name, organiser, node))

    states = wait_for_jobs(cluster, [job for job, *_ in started])

    assert {state for state, _attempts, _error in states.values()} == {"done"}, states
    assert {attempts for _state, attempts, _error in states.values()} == {1}
    runs = cluster.sql(
        "SELECT args_kwargs, worker_ids, status FROM django_tasks_database_dbtaskresult"
    )
    by_job = {args["args"][0]: (workers, status) for args, workers, status in runs}
    for job, name, organiser, node in started:
        workers, status = by_job[job]
        assert status == "SUCCESSFUL" and len(workers) == 1, (name, workers)
        assert workers[0] in {"worker-a", "worker-b"}
        other = a if node is b else b
        # The job's page on the server that did not start it: done, with the ranking's link.
        _status, _headers, html = on(other, organiser).request("GET", f"/pekerjaan/{job}/")
        assert f'href="/hasil/siklus/{cycle_id(cluster, name)}/peringkat/"' in html


def test_an_api_token_is_counted_and_revoked_once_for_every_server(cluster):
    a, b = cluster.servers
    organiser = logged_in(a, "organisasi.batu")
    path = "/api/token/layanan/"
    _status, _headers, form = organiser.request("GET", path)
    body = re.search(r'<select name="body".*?<option value="(\d+)"', form, re.S).group(1)
    fields = {
        "csrfmiddlewaretoken": CSRF_RE.search(form).group(1),
        "name": "e-SAKIP",
        "scope": "read",
        "body": body,
    }
    status, _headers, html = organiser.form_post(path, fields)
    assert status == 200, status
    raw = re.search(r'data-testid="raw-token">([^<]+)<', html).group(1)
    bearer = {"Authorization": f"Bearer {raw}"}

    if time.time() % 60 > 45:  # the count is per minute: all the calls in the same one
        time.sleep(61 - time.time() % 60)
    answers = [
        (a if call % 2 else b).browser().request("GET", "/api/v1/cycles", headers=bearer)[0]
        for call in range(API_RATE + 2)
    ]

    # One count for both servers: the calls beyond the rate are refused, whichever answers.
    assert answers == [200] * API_RATE + [429] * 2
    token = cluster.sql("SELECT id FROM api_apitoken WHERE name = 'e-SAKIP'")[0][0]
    revoker = on(b, organiser)
    fields = {"csrfmiddlewaretoken": csrf_of(revoker, path), "revoke": "1", "token": str(token)}
    assert revoker.form_post(path, fields)[0] == 302
    assert a.browser().request("GET", "/api/v1/cycles", headers=bearer)[0] == 401


def test_a_server_killed_mid_upload_loses_nothing_committed(cluster):
    a, b = cluster.servers
    operator = logged_in(b, OPERATOR)
    f01 = f01_of(operator)
    before = evidence_files(cluster)
    keys_before = cluster.bucket_keys()
    participant = int(re.search(r"/f01/(\d+)/", f01.path).group(1))

    # Half of a 3 MB upload reaches server A; then the machine dies.
    fields = {"csrfmiddlewaretoken": operator.cookies["csrftoken"], "title": "Bukti terputus"}
    body, content_type = multipart(fields, "terputus.pdf", pdf(3 * 1024 * 1024, "cut off"))
    cookies = "; ".join(f"{k}={v}" for k, v in operator.cookies.items())
    head = (
        f"POST {f01.uploads[0]} HTTP/1.1\r\nHost: 127.0.0.1:{a.port}\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
        f"Cookie: {cookies}\r\nX-CSRFToken: {operator.cookies['csrftoken']}\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", a.port)) as connection:
        connection.sendall(head + body[: len(body) // 2])
        time.sleep(1.0)
        a.kill()

    assert evidence_files(cluster) == before  # no half-written file, none lost
    keys = cluster.bucket_keys()
    assert {name for _id, name, _sha in before} <= keys
    assert keys == keys_before
    # Server B serves every file of the unit, each byte for byte what was committed.
    revisions = cluster.sql(
        "SELECT r.id, f.sha256 FROM assessments_evidencerevision r "
        "JOIN assessments_evidence e ON e.id = r.evidence_id "
        "JOIN assessments_evidencefile f ON f.id = r.file_id WHERE e.participant_id = %s",
        participant,
    )
    assert revisions
    _status, _headers, page = operator.request("GET", f01.path)
    for revision, sha256 in revisions:
        link = re.search(rf'href="([^"]*/{revision}/unduh/)"', page)
        assert link, f"revision {revision} not listed"
        status, _headers, data = operator.fetch("GET", link.group(1))
        assert status == 200 and hashlib.sha256(data).hexdigest() == sha256
    # The same person goes on working on B, and the upload there is whole.
    content = pdf(100 * 1024, "after the failure")
    status, headers = upload(operator, f01.uploads[0], "Bukti setelah gangguan", content)
    assert status == 302, headers
    _status, _headers, page = operator.request("GET", f01.path)
    assert operator.fetch("GET", download_link(page, "Bukti setelah gangguan"))[2] == content

    # The machine comes back: a new server process on A's machine.
    env = {**cluster.env, "KINERJA_VAR_DIR": str(a.var_dir)}
    port, process, _log = start_server(env)
    cluster.servers[0] = Node(name="a", port=port, process=process, var_dir=a.var_dir)
    status, _headers, _html = on(cluster.servers[0], operator).request("GET", f01.path)
    assert status == 200


def test_a_determination_started_on_one_server_is_done_by_a_worker_and_shows_on_the_other(
    cluster,
):
    a, b = cluster.servers
    organiser = logged_in(a, "penyelenggara")
    cycle = cycle_id(cluster, "EKK 2025 Kota Yogyakarta")
    path = f"/hasil/siklus/{cycle}/penetapan/"
    fields = {
        "csrfmiddlewaretoken": csrf_of(organiser, path),
        "action": "determine",
        "decree_number": "100.3.3.3/77/2025",
        "decree_date": dt.date(2025, 12, 1).isoformat(),
        "signatory_name": "Uji Klaster",
        "signatory_position": "Wali Kota",
        "override_reason": "Uji penetapan di dua server",
        "confirmed": "1",
    }

    status, headers, _text = organiser.form_post(path, fields)

    assert status == 302, status
    job = job_of(headers)
    states = wait_for_jobs(cluster, [job])
    assert states[job][0] == "done", states
    determinations = cluster.sql(
        "SELECT version, decree_number FROM results_determination WHERE cycle_id = %s", cycle
    )
    assert determinations == [(1, "100.3.3.3/77/2025")]
    viewer = on(b, organiser)
    _status, _headers, job_page = viewer.request("GET", f"/pekerjaan/{job}/")
    assert f'href="{path}"' in job_page
    status, _headers, page = viewer.request("GET", path)
    assert status == 200 and "100.3.3.3/77/2025" in page
