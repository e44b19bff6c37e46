"""Backup and restore round trip on the test database (SQLite, and PostgreSQL under
scripts/with-postgres.sh): every row of every table and every stored file come back, and the
restored evidence downloads.

The tests use the ``db`` fixture, not ``transactional_db``, on purpose: the restore is one
``atomic`` block that checks its foreign keys itself (``check_constraints``), so it runs as a
savepoint inside the test's transaction, exactly as it would run at the top level.
"""

from __future__ import annotations

import io
import json
import tarfile
from importlib import metadata

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from kinerja.accounts.models import User
from kinerja.audit.models import AuditEvent
from kinerja.backups.archive import FORMAT, FORMAT_VERSION
from kinerja.backups.services import create_backup, restore_backup
from kinerja.backups.tables import backed_up_models

from .conftest import every_file, every_row, use_storage


def wipe_installation() -> None:
    """What a fresh `kinerja migrate` leaves: no rows but the content types and permissions
    (under new primary keys on PostgreSQL, whose flush restarts the sequences).

    PostgreSQL refuses to TRUNCATE a table with foreign-key checks still pending in the test's
    transaction; checking them first (as a commit would) clears them."""
    connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)


def test_round_trip_restores_every_row_and_file_and_the_evidence_downloads(
    world, media, settings, tmp_path
):
    rows_before = every_row()
    files_before = every_file(media)
    archive = tmp_path / "kinerja.tar.gz"
    create_backup(archive)
    wipe_installation()
    new_media = tmp_path / "new-media"
    use_storage(settings, new_media)

    report = restore_backup(archive)

    rows_after = every_row()
    restore_event = rows_after["audit.auditevent"].pop()
    assert rows_after == rows_before
    assert AuditEvent.objects.get(pk=restore_event[0]).action == "backup.restore"
    assert every_file(new_media) == files_before
    assert list(files_before) == [world.revision.file.storage_name]
    assert (report.rows, report.files) == (sum(map(len, rows_before.values())), 1)
    client = Client()
    client.force_login(User.objects.get(username="op.mantrijeron"))
    response = client.get(reverse("assessments:evidence_download", args=[world.revision.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == world.pdf


def test_restore_resets_sequences_so_new_rows_get_new_ids(world, settings, tmp_path):
    archive = tmp_path / "kinerja.tar"
    create_backup(archive)
    highest = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True)[0]
    wipe_installation()
    use_storage(settings, tmp_path / "new-media")
    restore_backup(archive)

    restore_event = AuditEvent.objects.get(action="backup.restore")

    assert restore_event.pk == highest + 1


def test_manifest_lists_every_table_with_its_rows_and_every_file_with_its_hash(world, tmp_path):
    archive = tmp_path / "kinerja.tar"

    create_backup(archive)

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = tar.getnames()
    assert (manifest["format"], manifest["format_version"]) == (FORMAT, FORMAT_VERSION)
    assert manifest["kinerja_version"] == metadata.version("kinerja")
    assert [t["model"] for t in manifest["tables"]] == [
        m._meta.label_lower for m in backed_up_models()
    ]
    assert {t["model"]: t["rows"] for t in manifest["tables"]} == {
        label: len(rows) for label, rows in every_row().items()
    }
    file = world.revision.file
    assert manifest["files"] == [
        {
            "name": file.storage_name,
            "member": f"files/{file.storage_name}",
            "size": file.size,
            "sha256": file.sha256,
        }
    ]
    assert names[-1] == "manifest.json"
    assert sorted(names[:-1]) == sorted(
        [t["member"] for t in manifest["tables"]] + [f"files/{file.storage_name}"]
    )


def test_rows_are_engine_independent_json_with_auto_now_values_kept(world, tmp_path):
    archive = tmp_path / "kinerja.tar"
    event = AuditEvent.objects.get(action="evidence.upload")

    create_backup(archive)

    with tarfile.open(archive) as tar:
        lines = io.TextIOWrapper(tar.extractfile("database/audit.auditevent.jsonl")).readlines()
        manifest = json.load(tar.extractfile("manifest.json"))
    columns = next(t["columns"] for t in manifest["tables"] if t["model"] == "audit.auditevent")
    rows = [dict(zip(columns, json.loads(line), strict=True)) for line in lines]
    archived = next(row for row in rows if row["id"] == event.pk)
    assert archived["created_at"] == event.created_at.isoformat()
    assert json.loads(archived["after"]) == event.after
