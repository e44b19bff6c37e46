"""Every change to innovations: create, edit (optimistic lock), evidence files, and publish to
the public catalogue. Each function checks that the actor keeps the owner unit's innovations
(``tenancy.keepers``: an organiser of its government or one of its people; publishing: an
organiser or its head; PermissionDenied: the page answers 404), validates, saves and audits in
one transaction."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.audit.services import record_event, snapshot
from kinerja.common.actors import actor
from kinerja.common.uploads.storage import accept_upload, removed_on_failure
from kinerja.innovations.enums import FILE_KINDS, MAX_FILES
from kinerja.innovations.models import Innovation, InnovationFile
from kinerja.tenancy.keepers import may_edit, may_publish

FIELDS = (
    "title",
    "acronym",
    "description",
    "started_on",
    "status",
    "replicated_from",
    "serves",
    "video_url",
    "figures",
)


def _require_keeper(owner, by) -> None:
    if not may_edit(by, owner):
        raise PermissionDenied


def _title_taken(owner) -> ValidationError:
    return ValidationError(
        _("%(unit)s already has an innovation with this title.") % {"unit": owner},
        code="title_taken",
    )


@transaction.atomic
def create_innovation(*, owner, by, **data) -> Innovation:
    """A new (unpublished) innovation of ``owner``. Audited ``innovation.create``."""
    _require_keeper(owner, by)
    try:
        with transaction.atomic():
            innovation = Innovation.objects.create(
                owner=owner, created_by=actor(by), **{k: data[k] for k in FIELDS if k in data}
            )
    except IntegrityError:
        raise _title_taken(owner) from None
    record_event(
        actor=by,
        action="innovation.create",
        obj=innovation,
        after=snapshot(innovation, ("owner", *FIELDS)),
    )
    return innovation


@transaction.atomic
def update_innovation(innovation: Innovation, *, expected_version: int, by, **data) -> Innovation:
    """Save the changed fields if nobody saved since ``expected_version`` (one conditional
    UPDATE; a stale form is refused with ``conflict``). Audited ``innovation.update``."""
    _require_keeper(innovation.owner, by)
    before = snapshot(innovation, FIELDS)
    changes = {k: data[k] for k in FIELDS if k in data and data[k] != getattr(innovation, k)}
    if not changes:
        return innovation
    try:
        with transaction.atomic():
            won = Innovation.objects.filter(pk=innovation.pk, version=expected_version).update(
                **changes, version=F("version") + 1, updated_at=timezone.now()
            )
    except IntegrityError:
        raise _title_taken(innovation.owner) from None
    if not won:
        raise ValidationError(
            _("Someone else saved this innovation since you opened it; nothing was saved."),
            code="conflict",
        )
    innovation.refresh_from_db()
    record_event(
        actor=by,
        action="innovation.update",
        obj=innovation,
        before={k: before[k] for k in changes},
        after={k: v for k, v in snapshot(innovation, FIELDS).items() if k in changes},
    )
    return innovation


@transaction.atomic
def set_published(innovation: Innovation, *, published: bool, by) -> Innovation:
    """Publish to (or take off) the public catalogue. Audited ``innovation.publish`` /
    ``innovation.unpublish``."""
    if not may_publish(by, innovation.owner):
        raise PermissionDenied
    if published == innovation.published:
        return innovation
    innovation.published_at = timezone.now() if published else None
    innovation.published_by = actor(by) if published else None
    innovation.save(update_fields=["published_at", "published_by"])
    record_event(
        actor=by,
        action="innovation.publish" if published else "innovation.unpublish",
        obj=innovation,
        after={"published": published},
    )
    return innovation


@transaction.atomic
def add_file(innovation: Innovation, *, upload, caption: str = "", by) -> InnovationFile:
    """Store a document or photo of the innovation, judged by content (``FILE_KINDS``), at most
    ``MAX_FILES`` per innovation. On refusal nothing is stored; the file is removed again if the
    transaction fails. Audited ``innovation_file.add``."""
    _require_keeper(innovation.owner, by)
    Innovation.objects.select_for_update().get(pk=innovation.pk)  # one upload at a time
    if innovation.files.count() >= MAX_FILES:
        raise ValidationError(
            _("An innovation keeps at most %(count)s files; remove one first.")
            % {"count": MAX_FILES},
            code="too_many_files",
        )
    stored = accept_upload(upload, prefix="innovations", allowed=FILE_KINDS)
    with removed_on_failure(stored):
        row = InnovationFile.objects.create(
            innovation=innovation,
            **stored.record_fields(),
            caption=caption.strip()[:300],
            uploaded_by=actor(by),
        )
        record_event(
            actor=by,
            action="innovation_file.add",
            obj=innovation,
            after=snapshot(row, ["file_name", "original_name", "sha256", "caption"]),
        )
    return row


@transaction.atomic
def remove_file(row: InnovationFile, *, by) -> None:
    """Take a file off the innovation. The stored bytes stay (the audit trail names them);
    the row goes. Audited ``innovation_file.remove``."""
    _require_keeper(row.innovation.owner, by)
    record_event(
        actor=by,
        action="innovation_file.remove",
        obj=row.innovation,
        before=snapshot(row, ["file_name", "original_name", "sha256", "caption"]),
    )
    row.delete()
