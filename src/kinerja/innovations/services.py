"""Every change to innovations: create, edit (optimistic lock) and publish to the public
catalogue. Each function checks that the actor organises the owner unit's government
(PermissionDenied: the page answers 404), validates, saves and audits in one transaction."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.audit.services import record_event, snapshot
from kinerja.common.actors import actor
from kinerja.innovations.models import Innovation
from kinerja.tenancy.rules import is_unit_organiser

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


def _require_owner_organiser(owner, by) -> None:
    if not is_unit_organiser(by, owner):
        raise PermissionDenied


def _title_taken(owner) -> ValidationError:
    return ValidationError(
        _("%(unit)s already has an innovation with this title.") % {"unit": owner},
        code="title_taken",
    )


@transaction.atomic
def create_innovation(*, owner, by, **data) -> Innovation:
    """A new (unpublished) innovation of ``owner``. Audited ``innovation.create``."""
    _require_owner_organiser(owner, by)
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
    _require_owner_organiser(innovation.owner, by)
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
    _require_owner_organiser(innovation.owner, by)
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
