"""The berita acara (official minutes) of a participant's evaluation and the team's
recommendations, with the unit's follow-up.

Every function checks the permission, validates, saves and writes an audit event in one
transaction. Decisions written down here:

- ``draft_minutes`` builds the draft from the record: date and place from the field visit,
  one observation per top-level aspect of the instrument, and the signers: the assigned
  evaluators (evaluator 1, 2, …), the team chair and the unit head(s) ("mengetahui").
  Attendees are read from the field visit's attendance list when the document is rendered.
- Any change to the content (meeting, observations, recommendations) while a draft clears the
  confirmations given so far: people confirm the text they read, not a later one.
- When the last signer confirms, the PDF is rendered with "confirmed in Kinerja on …" blocks,
  stored under a random private name with its SHA-256, and the berita acara is final: every
  later edit is refused. Follow-up of recommendations goes on after that (it is monitoring,
  not part of the signed text).
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.audit.services import record_event
from kinerja.common.actors import actor
from kinerja.common.text import clean_text
from kinerja.cycles.enums import MemberRole, TeamRole
from kinerja.cycles.models import Participant
from kinerja.minutes.enums import UNIT_STATUSES, FollowUpStatus, MinutesStatus, SignerRole
from kinerja.minutes.models import Minutes, MinutesObservation, MinutesSigner, Recommendation
from kinerja.notifications.enums import NotificationKind
from kinerja.notifications.services import notify
from kinerja.reports.letterhead import letterhead_for
from kinerja.reports.pdf import render_pdf

MAX_TEXT = 20_000
MAX_PLACE = 300
PDF_TEMPLATE = "minutes/minutes_pdf.html"


def _text(text: str, limit: int = MAX_TEXT) -> str:
    return clean_text(text, limit)


def _require(perm: str, obj, by) -> None:
    if by is None or not by.has_perm(perm, obj):
        raise PermissionDenied


def _require_draft(minutes: Minutes) -> None:
    if minutes.is_final:
        raise ValidationError(
            _("The berita acara is final and can no longer be changed."), code="final"
        )


def _locked(minutes: Minutes) -> Minutes:
    locked = Minutes.objects.select_for_update().get(pk=minutes.pk)
    _require_draft(locked)
    return locked


def _display(user) -> str:
    return str(user)


def _signers_for(participant: Participant) -> list[dict[str, Any]]:
    """Evaluators in assignment order, then the chair(s), then the unit head(s)."""
    rows: list[dict[str, Any]] = []
    assignments = participant.assignments.select_related("evaluator__user").order_by("pk")
    for assignment in assignments:
        seat = assignment.evaluator
        rows.append({"user": seat.user, "role": SignerRole.EVALUATOR, "position": seat.position})
    chairs = participant.cycle.team.filter(role=TeamRole.CHAIR).select_related("user")
    for seat in chairs.order_by("pk"):
        rows.append({"user": seat.user, "role": SignerRole.CHAIR, "position": seat.position})
    heads = participant.members.filter(role=MemberRole.HEAD).select_related("user")
    for member in heads.order_by("pk"):
        rows.append(
            {"user": member.user, "role": SignerRole.UNIT_HEAD, "position": str(participant.unit)}
        )
    return rows


def top_aspects(participant: Participant) -> list[tuple[str, str]]:
    """(ref, name) of the instrument's top-level aspects: one observation each."""
    definition = participant.cycle.instrument_version.definition
    return [(aspect.ref, aspect.name) for aspect in definition.aspects]


def _clear_confirmations(minutes: Minutes) -> None:
    minutes.signers.filter(confirmed_at__isnull=False).update(confirmed_at=None)


@transaction.atomic
def draft_minutes(participant: Participant, *, by) -> Minutes:
    """Create the draft berita acara of ``participant`` (or return the existing one).

    Side effects: creates the minutes, one empty observation per top-level aspect and the
    signer rows; audit ``minutes.draft``; the signers notified. Refused (PermissionDenied) for
    anyone but an assigned evaluator, the team chair or the organiser.
    """
    _require("minutes.edit_minutes", participant, by)
    existing = Minutes.objects.filter(participant=participant).first()
    if existing is not None:
        return existing
    visit = getattr(participant, "field_visit", None)
    minutes = Minutes.objects.create(
        participant=participant,
        meeting_date=visit.day if visit else timezone.localdate(),
        place=visit.place if visit else "",
        created_by=actor(by),
    )
    MinutesObservation.objects.bulk_create(
        MinutesObservation(minutes=minutes, aspect_ref=ref, aspect_name=name, order=i)
        for i, (ref, name) in enumerate(top_aspects(participant))
    )
    MinutesSigner.objects.bulk_create(
        MinutesSigner(
            minutes=minutes,
            user=row["user"],
            role=row["role"],
            order=i,
            name=_display(row["user"]),
            position=row["position"] or "",
        )
        for i, row in enumerate(_signers_for(participant))
    )
    record_event(
        actor=actor(by),
        action="minutes.draft",
        obj=minutes,
        after={"participant": participant.pk, "signers": minutes.signers.count()},
    )
    notify(
        [signer.user for signer in minutes.signers.select_related("user")],
        kind=NotificationKind.MINUTES_TO_SIGN,
        params={"unit": str(participant.unit), "cycle": participant.cycle.name},
        url=reverse("minutes:detail", args=[participant.pk]),
    )
    return minutes


@transaction.atomic
def update_minutes(minutes: Minutes, *, meeting_date, place: str, notes: str, by) -> Minutes:
    """Change the meeting date, place and notes of a draft.

    Side effects: saves those fields, clears confirmations; audit ``minutes.update``.
    """
    _require("minutes.edit_minutes", minutes.participant, by)
    minutes = _locked(minutes)
    before = {"meeting_date": minutes.meeting_date, "place": minutes.place, "notes": minutes.notes}
    minutes.meeting_date = meeting_date
    minutes.place = _text(place, MAX_PLACE)
    minutes.notes = _text(notes)
    after = {"meeting_date": minutes.meeting_date, "place": minutes.place, "notes": minutes.notes}
    if before == after:
        return minutes
    minutes.save(update_fields=["meeting_date", "place", "notes", "updated_at"])
    _clear_confirmations(minutes)
    record_event(actor=actor(by), action="minutes.update", obj=minutes, before=before, after=after)
    return minutes


@transaction.atomic
def set_observation(minutes: Minutes, aspect_ref: str, *, text: str, by) -> MinutesObservation:
    """Write the field observation of one top-level aspect of a draft.

    Side effects: saves the observation, clears confirmations; audit ``minutes.observation``.
    """
    _require("minutes.edit_minutes", minutes.participant, by)
    minutes = _locked(minutes)
    observation = minutes.observations.filter(aspect_ref=aspect_ref).first()
    if observation is None:
        raise ValidationError(
            _("Unknown aspect %(ref)s."), code="aspect", params={"ref": aspect_ref}
        )
    text = _text(text)
    if observation.text == text:
        return observation
    before = {"text": observation.text}
    observation.text = text
    observation.save(update_fields=["text"])
    _clear_confirmations(minutes)
    record_event(
        actor=actor(by),
        action="minutes.observation",
        obj=observation,
        before=before,
        after={"text": text},
    )
    return observation


@transaction.atomic
def add_recommendation(
    participant: Participant,
    *,
    text: str,
    aspect_ref: str = "",
    indicator_ref: str = "",
    by,
) -> Recommendation:
    """Add a recommendation of the team (refused once the berita acara is final).

    Side effects: creates it, clears the draft's confirmations; audit ``recommendation.add``.
    """
    _require("minutes.add_recommendation", participant, by)
    minutes = Minutes.objects.select_for_update().filter(participant=participant).first()
    if minutes is not None:
        _require_draft(minutes)
    text = _text(text)
    if not text:
        raise ValidationError(_("Write the recommendation."), code="required")
    refs = {ref for ref, _name in top_aspects(participant)}
    if aspect_ref and aspect_ref not in refs:
        raise ValidationError(
            _("Unknown aspect %(ref)s."), code="aspect", params={"ref": aspect_ref}
        )
    recommendation = Recommendation.objects.create(
        participant=participant,
        aspect_ref=aspect_ref,
        indicator_ref=_text(indicator_ref, 60),
        text=text,
        created_by=actor(by),
    )
    if minutes is not None:
        _clear_confirmations(minutes)
    record_event(
        actor=actor(by),
        action="recommendation.add",
        obj=recommendation,
        after={"text": text, "aspect_ref": aspect_ref, "indicator_ref": indicator_ref},
    )
    return recommendation


@transaction.atomic
def update_follow_up(
    recommendation: Recommendation, *, status: str, note: str, by
) -> Recommendation:
    """Record the follow-up of a recommendation. The unit's people write the note and may mark
    it open or in progress; the team (assigned evaluators, chair, organiser) sets any status.

    Side effects: saves status, note, time and author; audit ``recommendation.follow_up``.
    """
    participant = recommendation.participant
    by_team = by is not None and by.has_perm("minutes.add_recommendation", participant)
    by_unit = by is not None and by.has_perm("minutes.follow_up_recommendation", participant)
    if not (by_team or by_unit):
        raise PermissionDenied
    if status not in FollowUpStatus.values:
        raise ValidationError(_("Choose a follow-up status."), code="status")
    if not by_team and status not in UNIT_STATUSES:
        raise ValidationError(
            _("Only the evaluation team decides whether a recommendation was followed up."),
            code="status",
        )
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    fields = ["follow_up_status", "follow_up_note"]
    before = {f: getattr(recommendation, f) for f in fields}
    recommendation.follow_up_status = status
    recommendation.follow_up_note = _text(note)
    recommendation.follow_up_at = timezone.now()
    recommendation.follow_up_by = by
    recommendation.save(update_fields=[*fields, "follow_up_at", "follow_up_by"])
    record_event(
        actor=actor(by),
        action="recommendation.follow_up",
        obj=recommendation,
        before=before,
        after={f: getattr(recommendation, f) for f in fields},
    )
    return recommendation


def document_context(minutes: Minutes, *, wet_ink: bool) -> dict[str, Any]:
    """What the berita acara PDF shows: the record as it is now."""
    participant = minutes.participant
    visit = getattr(participant, "field_visit", None)
    attendees = list(visit.attendees.all()) if visit is not None else []
    names = dict(top_aspects(participant))
    recommendations = list(participant.recommendations.all())
    observations = []
    for observation in minutes.observations.all():
        observations.append(
            {
                "observation": observation,
                "recommendations": [
                    r for r in recommendations if r.aspect_ref == observation.aspect_ref
                ],
            }
        )
    evaluator_no = 0
    signers = []
    for signer in minutes.signers.all():
        if signer.role == SignerRole.EVALUATOR:
            evaluator_no += 1
            role = _("Evaluator %(n)s") % {"n": evaluator_no}
        elif signer.role == SignerRole.CHAIR:
            role = _("Acknowledged by (mengetahui), team chair")
        else:
            role = _("Acknowledged by (mengetahui), head of the unit")
        signers.append(
            {
                "role": role,
                "name": signer.name,
                "position": signer.position,
                "confirmed_at": signer.confirmed_at,
            }
        )
    return {
        "minutes": minutes,
        "participant": participant,
        "cycle": participant.cycle,
        "visit": visit,
        "attendees": attendees,
        "observations": observations,
        "general_recommendations": [r for r in recommendations if r.aspect_ref not in names],
        "signers": signers,
        "wet_ink": wet_ink,
        "letterhead": letterhead_for(participant.cycle.organiser_unit),
        "generated_at": timezone.now(),
    }


def render_minutes_pdf(minutes: Minutes, *, wet_ink: bool) -> bytes:
    """The berita acara as PDF bytes; ``wet_ink`` leaves blank signature blocks to sign on
    paper (available at any time, changes nothing)."""
    return render_pdf(PDF_TEMPLATE, document_context(minutes, wet_ink=wet_ink))


def _finalize(minutes: Minutes, *, by) -> None:
    data = render_minutes_pdf(minutes, wet_ink=False)
    digest = hashlib.sha256(data).hexdigest()
    cycle_id = minutes.participant.cycle_id
    name = default_storage.save(
        f"berita-acara/{cycle_id}/{uuid.uuid4().hex}.pdf", ContentFile(data)
    )
    minutes.final_pdf = name
    minutes.sha256 = digest
    minutes.status = MinutesStatus.FINAL
    minutes.finalized_at = timezone.now()
    minutes.save(update_fields=["final_pdf", "sha256", "status", "finalized_at", "updated_at"])
    record_event(
        actor=actor(by),
        action="minutes.finalize",
        obj=minutes,
        before={"status": MinutesStatus.DRAFT},
        after={"status": MinutesStatus.FINAL, "sha256": digest, "final_pdf": name},
    )


@transaction.atomic
def confirm_signature(minutes: Minutes, *, by) -> MinutesSigner:
    """The logged-in signer confirms their signature on a draft (only themselves).

    Side effects: records the time on their signer row(s); audit ``minutes.confirm``. When the
    last signer confirms: renders the PDF, stores it with its SHA-256, status final; audit
    ``minutes.finalize``.
    """
    minutes = _locked(minutes)
    mine = list(minutes.signers.filter(user=by, confirmed_at__isnull=True)) if by else []
    if not mine:
        if by is not None and minutes.signers.filter(user=by).exists():
            raise ValidationError(_("You have already confirmed."), code="confirmed")
        raise PermissionDenied
    now = timezone.now()
    for signer in mine:
        signer.confirmed_at = now
        signer.save(update_fields=["confirmed_at"])
        record_event(
            actor=by,
            action="minutes.confirm",
            obj=signer,
            after={"minutes": minutes.pk, "role": signer.role, "confirmed_at": now},
        )
    if not minutes.signers.filter(confirmed_at__isnull=True).exists():
        _finalize(minutes, by=by)
    return mine[0]
