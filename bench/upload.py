"""Benchmark of an evidence upload: 100 MB must go to storage with flat memory (DESIGN.md).

    python bench/upload.py [megabytes]        (DJANGO_SETTINGS_MODULE defaults to tests.settings)

Builds a PDF-headed TemporaryUploadedFile of the given size (as Django's upload handler leaves a
large upload: on disk), then times ``accept_upload`` (validation + SHA-256 + storage) and
measures the Python heap's peak growth with tracemalloc. Two runs into a FileSystemStorage in a
temporary directory:

- ``move``: the TemporaryUploadedFile itself; the filesystem backend renames it into place;
- ``copy``: the same bytes as a plain UploadedFile, so the backend must read and write them chunk
  by chunk, as an object-storage backend or a MEDIA_ROOT on another disk does.

Both must keep the peak growth under 5 MB (a streamed upload holds a few 64 KB chunks). The
max-RSS figure is the growth of the process's high-water mark: 0 means the upload never pushed
memory above what Django's start-up had already used.
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import django

# `tests.settings` lives in the repository, not in the installed package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BUDGET_BYTES = 5 * 1024 * 1024
MB = 1024 * 1024


def build_upload(megabytes: int):
    """A TemporaryUploadedFile of ``megabytes`` MB and its SHA-256, written 1 MB at a time."""
    from django.core.files.uploadedfile import TemporaryUploadedFile

    upload = TemporaryUploadedFile("rekaman-paparan.pdf", "application/pdf", 0, None)
    digest = hashlib.sha256()
    header = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    for index in range(megabytes):
        block = os.urandom(MB)
        if index == 0:
            block = header + block[len(header) :]
        upload.write(block)
        digest.update(block)
    upload.flush()
    upload.size = upload.file.tell()
    upload.seek(0)
    return upload, digest.hexdigest()


def measure(label: str, upload, expected_sha256: str, storage) -> bool:
    from kinerja.common.uploads.storage import accept_upload

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    tracemalloc.start()
    baseline = tracemalloc.get_traced_memory()[0]
    started = time.perf_counter()
    stored = accept_upload(upload, prefix="evidence", storage=storage, allowed=["pdf"])
    elapsed = time.perf_counter() - started
    peak_growth = tracemalloc.get_traced_memory()[1] - baseline
    tracemalloc.stop()
    rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    ok = stored.sha256 == expected_sha256 and storage.size(stored.name) == upload.size
    verdict = "PASS" if ok and peak_growth < BUDGET_BYTES else "FAIL"
    print(
        f"{label}: size={upload.size / MB:.0f} MB seconds={elapsed:.3f} "
        f"peak_heap_growth={peak_growth / 1024:.0f} KiB (budget {BUDGET_BYTES // MB} MB) "
        f"max_rss_growth={rss_growth / 1024:.1f} MiB sha256_ok={ok} {verdict}"
    )
    return verdict == "PASS"


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    django.setup()
    from django.conf import settings
    from django.core.files.storage import FileSystemStorage
    from django.core.files.uploadedfile import UploadedFile

    megabytes = int(argv[1]) if len(argv) > 1 else 100
    settings.KINERJA_UPLOAD_MAX_BYTES = max(settings.KINERJA_UPLOAD_MAX_BYTES, (megabytes + 1) * MB)
    target = tempfile.mkdtemp(prefix="kinerja-bench-upload-")
    storage = FileSystemStorage(location=target)
    results = []
    try:
        upload, sha256 = build_upload(megabytes)
        # The copy run reads the temporary file through a plain UploadedFile first, so the move
        # run (which takes the file away) comes second.
        with open(upload.temporary_file_path(), "rb") as handle:
            plain = UploadedFile(handle, name="rekaman-paparan.pdf", size=upload.size)
            results.append(measure("copy", plain, sha256, storage))
        results.append(measure("move", upload, sha256, storage))
        upload.close()
    finally:
        shutil.rmtree(target, ignore_errors=True)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
