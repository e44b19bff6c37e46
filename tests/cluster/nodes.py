"""The cluster's parts as the tests see them: an app server (``Node``) and the whole (``Cluster``),
with direct reads of the shared database and bucket to check what was really written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))  # the benchmarks' HTTP client and server starter

from load import CSRF_RE, Browser, f01_of, free_port, multipart, start_server  # noqa: E402

__all__ = ["CSRF_RE", "Browser", "f01_of", "free_port", "multipart", "start_server"]

BUCKET = "kinerja-cluster"
API_RATE = 20  # calls a minute per token in the cluster (KINERJA_API_RATE)


@dataclass
class Node:
    name: str
    port: int
    process: subprocess.Popen
    var_dir: Path

    def browser(self) -> Browser:
        return Browser(self.port)

    def kill(self) -> None:
        """The machine dies: every process of the server at once, no clean shut-down."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)


@dataclass
class Cluster:
    env: dict
    database_url: str
    servers: list[Node]
    workers: list[subprocess.Popen] = field(default_factory=list)
    s3: object = None

    def sql(self, query: str, *params):
        with psycopg.connect(self.database_url, autocommit=True) as connection:
            return connection.execute(query, params).fetchall()

    def bucket_keys(self) -> set[str]:
        keys: set[str] = set()
        for page in self.s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
            keys.update(item["Key"] for item in page.get("Contents", []))
        return keys
