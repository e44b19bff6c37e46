"""What ``kinerja restore`` refuses, with a message and without changing anything: a damaged,
incomplete or foreign archive, an archive of another database version, and a target that is
not empty (unless ``--force``)."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kinerja.accounts.models import User
from kinerja.backups.services import create_backup

from .conftest import every_file, every_row, use_storage
from .test_round_trip import wipe_installation

Transform = Callable[[str, bytes], bytes | None]  # member name, content -> new content or drop


def rewrite(source: Path, target: Path, transform: Transform) -> Path:
    with tarfile.open(source) as old, tarfile.open(target, "w") as new:
        for info in old.getmembers():
            data = transform(info.name, old.extractfile(info).read())
            if data is None:
                continue
            copy = tarfile.TarInfo(info.name)
            copy.size = len(data)
            new.addfile(copy, io.BytesIO(data))
    return target


@pytest.fixture
def archive(world, tmp_path) -> Path:
    path = tmp_path / "kinerja.tar"
    create_backup(path)
    return path


@pytest.fixture
def empty_target(archive, settings, tmp_path) -> Path:
    wipe_installation()
    return Path(use_storage(settings, tmp_path / "new-media").location)


def restore_message(path: Path, *args: str) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(path), *args)
    return str(refused.value)


def test_changed_file_is_refused_and_nothing_is_restored(world, archive, empty_target, tmp_path):
    stored = f"files/{world.revision.file.storage_name}"
    changed = world.pdf[:20] + b"X" + world.pdf[21:]
    damaged = rewrite(
        archive, tmp_path / "damaged.tar", lambda name, data: changed if name == stored else data
    )
    rows = every_row()

    message = restore_message(damaged)

    size, sha256 = len(changed), hashlib.sha256(changed).hexdigest()
    assert message == (
        f"{damaged}: refused, {stored!r} does not match the manifest (size {size}, expected"
        f" {size}; SHA-256 {sha256}, expected {world.revision.file.sha256}): the archive is damaged"
    )
    assert every_row() == rows
    assert User.objects.count() == 0
    assert every_file(empty_target) == {}


def test_changed_table_is_refused(archive, empty_target, tmp_path):
    member = "database/accounts.user.jsonl"
    damaged = rewrite(
        archive,
        tmp_path / "damaged.tar",
        lambda name, data: (
            data.replace(b"op.mantrijeron", b"op.kraton") if name == member else data
        ),
    )

    message = restore_message(damaged)

    assert message.startswith(f"{damaged}: refused, {member!r} does not match the manifest (size")
    assert message.endswith("): the archive is damaged")
    assert User.objects.count() == 0


def test_missing_file_is_refused(world, archive, empty_target, tmp_path):
    stored = f"files/{world.revision.file.storage_name}"
    incomplete = rewrite(
        archive, tmp_path / "incomplete.tar", lambda name, data: None if name == stored else data
    )

    message = restore_message(incomplete)

    assert message == (
        f"{incomplete}: refused, {stored!r} is listed in the manifest but missing from the"
        " archive: the archive is incomplete"
    )
    assert User.objects.count() == 0


def test_extra_member_is_refused(archive, empty_target, tmp_path):
    altered = rewrite(archive, tmp_path / "altered.tar", lambda name, data: data)
    with tarfile.open(altered, "a") as tar:
        extra = tarfile.TarInfo("files/evidence/smuggled.pdf")
        extra.size = 3
        tar.addfile(extra, io.BytesIO(b"bad"))

    message = restore_message(altered)

    assert message == (
        f"{altered}: refused, the archive holds 1 member(s) its manifest does not list, first"
        " 'files/evidence/smuggled.pdf': it is damaged or was altered"
    )


@pytest.mark.parametrize(
    ("manifest", "reason"),
    [
        (b'{"format": "kinerja-backup", ', "manifest.json is not valid JSON: Expecting"),
        (b'{"format": "something-else"}', "manifest.json does not describe a Kinerja backup"),
        (
            b'{"format": "kinerja-backup", "format_version": 99}',
            "backup format version 99 is not supported (this Kinerja reads version 1)",
        ),
        (
            b'{"format": "kinerja-backup", "format_version": 1, "database": {}}',
            "manifest.json is malformed: 'migrations'",
        ),
    ],
    ids=["not-json", "foreign", "future-version", "incomplete"],
)
def test_bad_manifest_is_refused(archive, empty_target, tmp_path, manifest, reason):
    bad = rewrite(
        archive,
        tmp_path / "bad.tar",
        lambda name, data: manifest if name == "manifest.json" else data,
    )

    message = restore_message(bad)

    assert message.startswith(f"{bad}: refused, {reason}")
    assert User.objects.count() == 0


def test_unsafe_file_name_in_manifest_is_refused(world, archive, empty_target, tmp_path):
    def escape(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["files"][0]["name"] = "../outside.pdf"
        manifest["files"][0]["member"] = "files/../outside.pdf"
        return json.dumps(manifest).encode()

    bad = rewrite(archive, tmp_path / "bad.tar", escape)

    message = restore_message(bad)

    assert message == (
        f"{bad}: refused, manifest.json: unsafe or inconsistent file name '../outside.pdf'"
    )


def test_not_a_tar_file_is_refused(db, tmp_path):
    path = tmp_path / "notes.tar"
    path.write_bytes(b"these are not the backups you are looking for")

    message = restore_message(path)

    assert message.startswith(f"{path}: refused, {path} is not a readable backup archive (a tar")


def test_missing_archive_is_refused(db, tmp_path):
    path = tmp_path / "nowhere.tar"

    assert restore_message(path) == f"{path}: refused, {path}: no such file"


def test_archive_of_another_database_version_is_refused(archive, empty_target, tmp_path):
    def drop_last_migration(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["database"]["migrations"] = [
            pair for pair in manifest["database"]["migrations"] if pair != ["audit", "0001_initial"]
        ]
        return json.dumps(manifest).encode()

    older = rewrite(archive, tmp_path / "older.tar", drop_last_migration)

    message = restore_message(older)

    assert message == (
        f"{older}: not restored, the archive was made at another database version (not in the"
        f" archive: audit.0001_initial). Install Kinerja {metadata.version('kinerja')}, the version"
        " that made it, and run `kinerja migrate` on the empty database before restoring"
    )
    assert User.objects.count() == 0


def test_non_empty_target_is_refused_and_left_alone(world, archive, media):
    rows = every_row()
    files = every_file(media)

    message = restore_message(archive)

    filled = [
        label
        for label, found in rows.items()
        if found and label not in {"contenttypes.contenttype", "auth.permission"}
    ]
    assert message == (
        f"{archive}: not restored, this installation is not empty: {len(filled)} table(s) hold"
        f" rows ({', '.join(filled[:5])}) and the storage holds 1 file(s). Restore onto a"
        " freshly migrated installation, or pass --force to replace its data with the archive's"
    )
    assert every_row() == rows
    assert every_file(media) == files


def test_only_rows_make_a_target_non_empty(archive, empty_target, make_user):
    make_user("someone")

    message = restore_message(archive)

    assert message == (
        f"{archive}: not restored, this installation is not empty: 2 table(s) hold rows"
        " (accounts.user, audit.auditevent). Restore onto a freshly migrated installation, or"
        " pass --force to replace its data with the archive's"
    )


def test_force_replaces_a_non_empty_target(world, archive, media, make_user):
    rows = every_row()
    make_user("someone.new")
    out = io.StringIO()

    call_command("restore", str(archive), "--force", stdout=out)

    after = every_row()
    after["audit.auditevent"].pop()
    assert after == rows
    assert not User.objects.filter(username="someone.new").exists()
    assert out.getvalue().endswith("files, every SHA-256 and row count verified\n")


def rewrite_table(source: Path, target: Path, model: str, change: Callable[[dict], dict]) -> Path:
    """Change rows of one table and record the changed member's size and hash in the manifest,
    as a faulty program (not a damaged disk) would have written it."""
    with tarfile.open(source) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    entry = next(t for t in manifest["tables"] if t["model"] == model)

    def transform(name: str, data: bytes) -> bytes:
        if name == "manifest.json":
            return json.dumps(manifest).encode()
        if name != entry["member"]:
            return data
        lines = []
        for line in data.splitlines():
            row = change(dict(zip(entry["columns"], json.loads(line), strict=True)))
            lines.append(json.dumps(list(row.values())).encode() + b"\n")
        changed = b"".join(lines)
        entry["size"], entry["sha256"] = len(changed), hashlib.sha256(changed).hexdigest()
        return changed

    with tarfile.open(source) as old:  # the table members come before the manifest
        contents = [(info.name, old.extractfile(info).read()) for info in old.getmembers()]
    with tarfile.open(target, "w") as new:
        for name, data in contents:
            data = transform(name, data)
            info = tarfile.TarInfo(name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))
    return target


def test_dangling_foreign_key_is_refused_and_rolled_back(archive, empty_target, tmp_path):
    broken = rewrite_table(
        archive,
        tmp_path / "broken.tar",
        "cycles.participantmember",
        lambda row: row | {"user_id": 999999},
    )

    message = restore_message(broken)

    assert message.startswith(f"{broken}: not restored, the restored rows break a foreign key: ")
    assert User.objects.count() == 0
    assert every_file(empty_target) == {}


def test_wrong_row_count_is_refused_and_the_restored_files_are_deleted(
    archive, empty_target, tmp_path
):
    def count_one_more(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        users = next(t for t in manifest["tables"] if t["model"] == "accounts.user")
        users["rows"] += 1
        return json.dumps(manifest).encode()

    wrong = rewrite(archive, tmp_path / "wrong.tar", count_one_more)
    with tarfile.open(archive) as tar:
        users = next(
            t["rows"]
            for t in json.load(tar.extractfile("manifest.json"))["tables"]
            if t["model"] == "accounts.user"
        )

    message = restore_message(wrong)

    assert message == (
        f"{wrong}: not restored, accounts.user has {users} rows after the restore, the manifest"
        f" says {users + 1}"
    )
    assert User.objects.count() == 0
    assert every_file(empty_target) == {}
