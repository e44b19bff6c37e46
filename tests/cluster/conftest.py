"""A Kinerja cluster for the multi-server test (``make test-cluster``, run by ``make test``).

Started once for the module: the PostgreSQL of ``scripts/with-postgres.sh`` (its
``KINERJA_DATABASE_URL``), an S3-compatible object store (moto's server, installed from the
package registry), the demo world loaded into both, two ``kinerja serve`` app servers and two
``kinerja worker`` job workers. Each process has its own ``KINERJA_VAR_DIR`` (its own "machine":
nothing on local disk is shared), and all of them the same secret key, database, object store and
cache table, as docs/deployment.md lays out.

The test talks to the servers over HTTP like a browser (``bench/load.py``'s client) and reads the
database and the bucket directly to check what was really written.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest

from tests.cluster.nodes import API_RATE, BUCKET, Browser, Cluster, Node, free_port, start_server

BIN = Path(sys.executable).parent


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/cluster/" in str(item.fspath):
            item.add_marker(pytest.mark.cluster)


def _wait_for(url_port: int, process: subprocess.Popen, what: str) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        try:
            Browser(url_port).request("GET", "/")
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not answer")


def _run(*args: str, env: dict) -> None:
    subprocess.run([str(BIN / "kinerja"), *args], env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    database_url = os.environ.get("KINERJA_DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        pytest.fail("the cluster test runs on PostgreSQL: make test-cluster")
    base = tmp_path_factory.mktemp("cluster")
    processes: list[subprocess.Popen] = []

    s3_port = free_port()
    moto = subprocess.Popen(  # noqa: S603 -- the object store of the test
        [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(s3_port)],
        stdout=open(base / "s3.log", "w"),  # noqa: SIM115 -- closed with the process
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    processes.append(moto)
    _wait_for(s3_port, moto, "moto_server")
    endpoint = f"http://127.0.0.1:{s3_port}"
    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="cluster",
        aws_secret_access_key="cluster-secret",
    )
    s3.create_bucket(Bucket=BUCKET)

    shared = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("KINERJA_", "DJANGO_", "PYTEST_"))
    }
    shared.update(
        DJANGO_SETTINGS_MODULE="kinerja.settings",
        KINERJA_DEMO="true",
        KINERJA_SECRET_KEY=secrets.token_urlsafe(50),
        KINERJA_DATABASE_URL=database_url,
        KINERJA_STORAGE="s3",
        KINERJA_S3_BUCKET=BUCKET,
        KINERJA_S3_ENDPOINT_URL=endpoint,
        KINERJA_S3_REGION="us-east-1",
        KINERJA_S3_ACCESS_KEY="cluster",
        KINERJA_S3_SECRET_KEY="cluster-secret",
        KINERJA_CACHE="database",
        KINERJA_STATIC_ROOT=str(base / "static"),
        # Every determination is a worker's job here, however small the cycle.
        KINERJA_DETERMINE_AS_JOB_ABOVE="0",
        # Few API calls a minute, so the test sees one count for both servers (the cache table).
        KINERJA_API_RATE=str(API_RATE),
    )

    def machine(name: str) -> dict:
        var_dir = base / name
        var_dir.mkdir()
        return {**shared, "KINERJA_VAR_DIR": str(var_dir)}

    setup = machine("setup")
    _run("migrate", "--verbosity", "0", env=setup)
    _run("createcachetable", env=setup)
    _run("collectstatic", "--noinput", "--verbosity", "0", env=setup)
    _run("demo", "--no-migrate", env=setup)

    servers = []
    for name in ("a", "b"):
        env = machine(name)
        port, process, _log = start_server(env)
        processes.append(process)
        servers.append(
            Node(name=name, port=port, process=process, var_dir=Path(env["KINERJA_VAR_DIR"]))
        )
    workers = []
    for name in ("worker-a", "worker-b"):
        env = machine(name)
        worker = subprocess.Popen(  # noqa: S603 -- our own CLI
            [
                str(BIN / "kinerja"),
                "worker",
                "--interval",
                "0.2",
                "--no-startup-delay",
                "--worker-id",
                name,
            ],
            env=env,
            stdout=open(Path(env["KINERJA_VAR_DIR"]) / "worker.log", "w"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        processes.append(worker)
        workers.append(worker)

    yield Cluster(env=shared, database_url=database_url, servers=servers, workers=workers, s3=s3)

    for process in reversed(processes):
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
