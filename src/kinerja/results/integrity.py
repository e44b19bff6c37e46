"""The determination snapshot's SHA-256: how it is computed, and the check made every time the
frozen record is served (announcement, report cards, decree PDFs, certificates, rekap) or
announced.

A snapshot that no longer matches the hash stored beside it was changed outside Kinerja (in the
database, or in a restored backup). It is never served: the public gets a refusal page, the
organiser a message naming the version, and the mismatch is audited
(``determination.snapshot_mismatch``, once per distinct altered content, so a busy public page
does not flood the trail).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from kinerja.audit.models import AuditEvent
from kinerja.audit.services import record_event
from kinerja.results.models import Determination

MISMATCH_ACTION = "determination.snapshot_mismatch"


def canonical_json(data: Any) -> str:
    """The one text form that is hashed: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def snapshot_hash(snapshot: list[dict[str, Any]]) -> str:
    return hashlib.sha256(canonical_json(snapshot).encode()).hexdigest()


def rows_hash(rows: Iterable[Any]) -> str:
    """``snapshot_hash`` of the list of ``rows``, computed one row at a time (a streamed
    snapshot is never held whole): the canonical text of a list is its items' canonical texts
    between brackets, separated by commas."""
    digest = hashlib.sha256(b"[")
    for n, row in enumerate(rows):
        if n:
            digest.update(b",")
        digest.update(canonical_json(row).encode())
    digest.update(b"]")
    return digest.hexdigest()


class SnapshotAltered(Exception):
    """The determination's stored snapshot does not match its SHA-256 (already audited)."""

    def __init__(self, determination: Determination, found: str):
        super().__init__(f"determination {determination.pk}: snapshot hash {found}")
        self.determination = determination
        self.found = found


def check_snapshot(
    determination: Determination, *, by=None, rows: Iterable[Any] | None = None
) -> None:
    """Refuse (``SnapshotAltered``) a determination whose snapshot does not hash to its stored
    ``sha256``. ``rows`` streams the snapshot for callers that left it unread
    (``exports.snapshot_rows``); otherwise the loaded snapshot is hashed. No query when intact.

    Side effects on a mismatch: audit ``determination.snapshot_mismatch`` (the stored and the
    found hash, by ``by`` when a user is logged in), unless the same altered content was
    recorded already.
    """
    found = rows_hash(rows) if rows is not None else snapshot_hash(determination.snapshot)
    if found == determination.sha256:
        return
    recorded = AuditEvent.objects.filter(
        action=MISMATCH_ACTION,
        object_type=Determination._meta.label_lower,
        object_id=str(determination.pk),
        after__found=found,
    ).exists()
    if not recorded:
        record_event(
            actor=by,
            action=MISMATCH_ACTION,
            obj=determination,
            before={"sha256": determination.sha256},
            after={"found": found, "version": determination.version},
        )
    raise SnapshotAltered(determination, found)


def snapshot_intact(determination: Determination, *, by=None) -> bool:
    """``check_snapshot`` as a yes/no, for pages that show the state rather than refuse."""
    try:
        check_snapshot(determination, by=by)
    except SnapshotAltered:
        return False
    return True
