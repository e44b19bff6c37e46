"""Every change to a self-assessment's evidence (data dukung): uploads, reuse of a file the unit
already has, withdrawal.

Each function validates, checks the F01's status and the stage gate on the server, saves and
writes an audit event in the same transaction. While an evaluator's clarification on an
indicator is unresolved, the unit may add evidence to it even after submitting or after uploads
closed (``clarifications``).
"""

from __future__ import annotations

import os

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.assessments.models import Evidence, EvidenceFile, EvidenceRevision
from kinerja.assessments.queries import clarification_allows_upload
from kinerja.assessments.services.f01 import (
    f01_indicator,
    locked_assessment,
    require_editable,
    touch,
)
from kinerja.audit.services import record_event
from kinerja.common.actors import actor
from kinerja.common.uploads.kinds import allowed_kinds, kind_for_content_type
from kinerja.common.uploads.storage import accept_upload
from kinerja.cycles import gates
from kinerja.cycles.models import Participant
from kinerja.scoring.model.schema import EvidenceSlot, Indicator

MAX_TITLE = 255


def _slot(indicator: Indicator, code: str) -> EvidenceSlot:
    slot = next((s for s in indicator.evidence if s.code == code), None)
    if slot is None:
        raise ValidationError(
            _("Indicator %(ref)s has no evidence slot “%(slot)s”."),
            code="unknown_slot",
            params={"ref": indicator.ref, "slot": code},
        )
    return slot


def _title(title: str, original_name: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        title = os.path.splitext(original_name)[0] or original_name
    return title[:MAX_TITLE]


def upload_evidence(
    participant: Participant,
    indicator_ref: str,
    slot_code: str,
    uploaded_file: File,
    *,
    by,
    title: str = "",
    evidence: Evidence | None = None,
) -> EvidenceRevision:
    """Store an uploaded document in an evidence slot: a new document, or with ``evidence`` a
    new revision of that document (older revisions are kept).

    Validates the indicator and slot, the F01's status and the stage gate
    (``can_upload_evidence``) — both waived while an evaluator's unresolved clarification on the
    indicator is open (``clarifications``; audited with ``clarification: true``) —, and the
    file itself through ``accept_upload`` (content-sniffed against the slot's kinds, size limit,
    no programs or macros). A refused upload stores nothing and leaves no rows. Side effects: one
    stored file under ``evidence/<cycle id>/``, the EvidenceFile, Evidence (when new) and
    EvidenceRevision rows, the F01's last activity, audit ``evidence.upload``. If the rows cannot
    be written the stored file is deleted again.
    """
    indicator = f01_indicator(participant, indicator_ref)
    slot = _slot(indicator, slot_code)
    stored = None
    try:
        with transaction.atomic():
            assessment = locked_assessment(participant)
            clarification = False
            try:
                require_editable(assessment)
                gates.require_open(participant.cycle, "can_upload_evidence")
            except ValidationError:
                if not clarification_allows_upload(participant, indicator_ref):
                    raise
                clarification = True
            if evidence is not None:
                _require_same_slot(evidence, participant, indicator_ref, slot_code)
            stored = accept_upload(
                uploaded_file,
                prefix=f"evidence/{participant.cycle_id}",
                allowed=slot.kinds or None,
            )
            uploader = actor(by)
            file = EvidenceFile.objects.create(
                storage_name=stored.name,
                sha256=stored.sha256,
                size=stored.size,
                content_type=stored.content_type,
                original_name=stored.original_name,
                uploaded_by=uploader,
            )
            created = evidence is None
            if created:
                evidence = Evidence.objects.create(
                    participant=participant,
                    indicator_ref=indicator_ref,
                    slot_code=slot_code,
                    title=_title(title, stored.original_name),
                )
                number = 1
            else:
                number = (evidence.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
            revision = EvidenceRevision.objects.create(
                evidence=evidence, number=number, file=file, created_by=uploader
            )
            touch(assessment, timezone.now())
            record_event(
                actor=by,
                action="evidence.upload",
                obj=evidence,
                after={
                    "indicator": indicator_ref,
                    "slot": slot_code,
                    "revision": number,
                    "file": file.pk,
                    "name": file.original_name,
                    "sha256": file.sha256,
                    "size": file.size,
                    "content_type": file.content_type,
                }
                | ({"clarification": True} if clarification else {}),
            )
    except BaseException:
        if stored is not None:
            default_storage.delete(stored.name)
        raise
    return revision


def _require_same_slot(
    evidence: Evidence, participant: Participant, indicator_ref: str, slot_code: str
) -> None:
    if (
        evidence.participant_id != participant.pk
        or evidence.indicator_ref != indicator_ref
        or evidence.slot_code != slot_code
        or evidence.withdrawn_at is not None
    ):
        raise ValidationError(
            _("That document is not in this evidence slot."), code="wrong_document"
        )


@transaction.atomic
def reuse_evidence(
    revision: EvidenceRevision,
    *,
    participant: Participant,
    indicator_ref: str,
    slot_code: str,
    by,
) -> EvidenceRevision:
    """Put a file the unit already uploaded (this cycle or an earlier one) into another slot,
    without copying it: the new document's first revision points at the same EvidenceFile.

    Validates the target indicator and slot, the F01's status, the stage gate
    (``can_upload_evidence``), that the file belongs to the same unit, that its kind suits the
    slot, and that the slot does not hold it already. Side effects: one Evidence and one
    EvidenceRevision row, the F01's last activity, audit ``evidence.reuse``.
    """
    indicator = f01_indicator(participant, indicator_ref)
    slot = _slot(indicator, slot_code)
    assessment = locked_assessment(participant)
    require_editable(assessment)
    gates.require_open(participant.cycle, "can_upload_evidence")
    source = revision.evidence
    if source.participant.unit_id != participant.unit_id:
        raise ValidationError(_("That file belongs to another unit."), code="other_unit")
    file = revision.file
    kind = kind_for_content_type(file.content_type)
    kinds = allowed_kinds(slot.kinds or None)
    if kind is None or kind not in kinds:
        raise ValidationError(
            _("“%(name)s” is %(kind)s; only %(accepted)s can be used here."),
            code="not_allowed",
            params={
                "name": file.original_name,
                "kind": str(kind.label) if kind else file.content_type,
                "accepted": ", ".join(str(k.label) for k in kinds),
            },
        )
    if EvidenceRevision.objects.filter(
        file=file,
        evidence__participant=participant,
        evidence__indicator_ref=indicator_ref,
        evidence__slot_code=slot_code,
        evidence__withdrawn_at__isnull=True,
    ).exists():
        raise ValidationError(
            _("“%(name)s” is already in this slot."),
            code="duplicate",
            params={"name": file.original_name},
        )
    evidence = Evidence.objects.create(
        participant=participant,
        indicator_ref=indicator_ref,
        slot_code=slot_code,
        title=source.title,
    )
    new = EvidenceRevision.objects.create(
        evidence=evidence, number=1, file=file, created_by=actor(by)
    )
    touch(assessment, timezone.now())
    record_event(
        actor=by,
        action="evidence.reuse",
        obj=evidence,
        after={
            "indicator": indicator_ref,
            "slot": slot_code,
            "file": file.pk,
            "from_revision": revision.pk,
            "from_participant": source.participant_id,
        },
    )
    return new


@transaction.atomic
def withdraw_evidence(evidence: Evidence, *, by) -> Evidence:
    """Take a document out of its slot. Its revisions and files are kept (on the record).

    Validates the F01's status and the stage gate (``can_upload_evidence``). Side effects:
    sets ``withdrawn_at``, the F01's last activity, audit ``evidence.withdraw``.
    """
    participant = evidence.participant
    assessment = locked_assessment(participant)
    require_editable(assessment)
    gates.require_open(participant.cycle, "can_upload_evidence")
    if evidence.withdrawn_at is not None:
        return evidence
    now = timezone.now()
    evidence.withdrawn_at = now
    evidence.save(update_fields=["withdrawn_at"])
    touch(assessment, now)
    record_event(
        actor=by,
        action="evidence.withdraw",
        obj=evidence,
        before={"withdrawn_at": None},
        after={
            "withdrawn_at": now,
            "indicator": evidence.indicator_ref,
            "slot": evidence.slot_code,
        },
    )
    return evidence
