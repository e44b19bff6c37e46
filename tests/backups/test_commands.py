"""``kinerja backup`` and ``kinerja restore`` as an operator runs them: separate processes on
real installations that commit, a clear message and no traceback when refused.

The source installation is SQLite. The target is a second SQLite installation, or, when the suite
runs on PostgreSQL (scripts/with-postgres.sh), a new database on that server: the archive does not
depend on the engine, so a SQLite backup restores onto PostgreSQL.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest


def kinerja(var_dir: Path, database_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "kinerja.settings",
        "KINERJA_DEMO": "true",
        "KINERJA_VAR_DIR": str(var_dir),
        "KINERJA_DATABASE_URL": database_url,
        "DJANGO_SUPERUSER_PASSWORD": "a-long-enough-password-1234",
    }
    return subprocess.run(  # noqa: S603 - our own interpreter running our own command
        [sys.executable, "-m", "kinerja", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def target_database_url(tmp_path) -> Iterator[str]:
    """An empty database of the suite's engine, dropped afterwards."""
    url = os.environ.get("KINERJA_DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path / 'target' / 'kinerja.sqlite3'}"
        return
    name = f"kinerja_restore_{secrets.token_hex(4)}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def table_hashes(archive: Path) -> dict[str, str]:
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    return {table["model"]: table["sha256"] for table in manifest["tables"]}


def test_backup_then_restore_on_another_installation(tmp_path, target_database_url):
    source, target = tmp_path / "source", tmp_path / "target"
    source_url = f"sqlite:///{source / 'kinerja.sqlite3'}"
    assert kinerja(source, source_url, "migrate", "-v0").returncode == 0
    created = kinerja(
        source,
        source_url,
        "createsuperuser",
        "--noinput",
        "--username",
        "admin.platform",
        "--email",
        "admin@example.go.id",
    )
    assert created.returncode == 0, created.stderr
    stored = source / "media" / "evidence" / "1" / "2025" / "03" / "laporan.pdf"
    stored.parent.mkdir(parents=True)
    stored.write_bytes(b"%PDF-1.4 laporan\n")
    archive = tmp_path / "kinerja.tar.gz"
    backup = kinerja(source, source_url, "backup", "-o", str(archive))
    assert backup.returncode == 0, backup.stderr
    assert kinerja(target, target_database_url, "migrate", "-v0").returncode == 0

    restored = kinerja(target, target_database_url, "restore", str(archive))

    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.endswith(" files, every SHA-256 and row count verified\n")
    assert (target / "media" / "evidence" / "1" / "2025" / "03" / "laporan.pdf").read_bytes() == (
        b"%PDF-1.4 laporan\n"
    )
    again = tmp_path / "again.tar"
    assert kinerja(target, target_database_url, "backup", "-o", str(again)).returncode == 0
    before, after = table_hashes(archive), table_hashes(again)
    assert {label for label in before if before[label] != after[label]} == {"audit.auditevent"}


def test_refused_restore_prints_a_message_without_traceback(tmp_path, target_database_url):
    target = tmp_path / "target"
    damaged = tmp_path / "damaged.tar"
    damaged.write_bytes(b"\x00" * 1024)

    refused = kinerja(target, target_database_url, "restore", str(damaged))

    assert refused.returncode == 1
    assert refused.stderr == (
        f"CommandError: {damaged}: refused, {damaged} has no manifest.json: it is not a Kinerja"
        " backup\n"
    )


def test_backup_never_overwrites_an_archive(tmp_path):
    url = f"sqlite:///{tmp_path / 'kinerja.sqlite3'}"
    archive = tmp_path / "kinerja.tar"
    archive.write_bytes(b"an older backup")

    refused = kinerja(tmp_path, url, "backup", "-o", str(archive))

    assert refused.returncode == 1
    assert refused.stderr == f"CommandError: {archive} exists: a backup never overwrites another\n"
    assert archive.read_bytes() == b"an older backup"
