"""Penetapan (determination) and pengumuman (announcement): every state change of the published
record goes through one of these functions (validate, save, audit)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.audit.services import record_event
from kinerja.cycles import gates
from kinerja.cycles.enums import AwardScheme
from kinerja.cycles.models import Cycle
from kinerja.notifications.enums import NotificationKind
from kinerja.notifications.services import notify
from kinerja.results.awards import award_labels, parse_awards
from kinerja.results.compute import fraction_text, recompute_cycle, rerank
from kinerja.results.integrity import SnapshotAltered, check_snapshot, snapshot_hash
from kinerja.results.models import Announcement, Determination
from kinerja.results.queries import current_determination, ranking
from kinerja.results.sources import inputs_for, snapshot_sections
from kinerja.scoring.engine import ParticipantInput, score_many
from kinerja.scoring.engine.plans import plan_for
from kinerja.scoring.engine.ranking import stopped_before

SNAPSHOT_FIELDS = (
    "total_exact",
    "display",
    "grade_code",
    "grade_label",
    "rank",
    "awards",
    "components",
    "aspects",
    "rounds",
    "reached",
    "missing",
    "tiebreak",
    "inputs_hash",
)


CHUNK_SIZE = 1000
"""Participants scored per engine call when building snapshot rows (three queries a chunk)."""


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def live_rows(cycle, *, chunk_size: int = CHUNK_SIZE) -> Iterator[dict[str, Any]]:
    """Snapshot-shaped rows of the cycle's live results, in ranking order: the same rows
    ``services.build_snapshot`` would freeze now, computed ``chunk_size`` participants at a time
    (one query for the stored results, read through a cursor, then three per chunk: reviews,
    consensus, recommendations).

    Z-score normalisation standardises each evaluator over everything scored in one engine
    call, so an instrument that uses it is scored in one chunk (as the recompute does).
    """
    instrument = cycle.instrument_version.definition
    if any(a.zscore for a in plan_for(instrument).aggregations.values()):
        chunk_size = 2**31
    labels = award_labels(cycle)
    empty = ParticipantInput(values={})
    results = ranking(cycle).iterator(chunk_size=min(chunk_size, 2000))
    for chunk in _batches(results, chunk_size):
        ids = [result.participant_id for result in chunk]
        inputs = inputs_for(cycle, ids)
        scored = score_many(instrument, {pid: inputs.get(pid, empty) for pid in ids})
        del inputs
        sections = snapshot_sections(ids)
        for result in chunk:
            row = {field: getattr(result, field) for field in SNAPSHOT_FIELDS}
            row["total"] = None if result.total is None else str(result.total)
            row["participant_id"] = result.participant_id
            row["unit_id"] = result.participant.unit_id
            # The entrant's name as published: the unit, or "innovation — unit" for an
            # innovation entered in a competition (certificates, report cards and lists say it).
            row["unit"] = str(result.participant)
            row["innovation"] = (
                result.participant.innovation.title if result.participant.innovation_id else ""
            )
            row["status"] = result.participant.status
            row["category"] = result.participant.category
            stopped = stopped_before(instrument, result.reached)
            row["stopped_before"] = str(stopped.name) if stopped else ""
            if stopped:
                # "Tidak lolos ke tahap …": no predikat from rounds it never had.
                row["grade_code"] = row["grade_label"] = ""
            row["award_names"] = [labels.get(code, code) for code in result.awards]
            row["indicators"] = {
                ref: {
                    "name": node.name,
                    "score": fraction_text(node.score),
                    "display": node.display,
                }
                for ref, node in scored[result.participant_id].indicators.items()
                if node.score is not None
            }
            for key, values in sections.items():
                row[key] = values.get(result.participant_id, [])
            yield row
        del scored


def build_snapshot(cycle: Cycle) -> list[dict[str, Any]]:
    """Every participant's stored result, in ranking order, with what the published record
    needs frozen beside it: unit name and id, award names, every indicator score (from the same
    engine run on the same inputs) and the team's recommendations (``live_rows``)."""
    return list(live_rows(cycle))


def altered_message(determination: Determination) -> str:
    """What the organiser is told about a snapshot that no longer matches its hash."""
    return _(
        "The stored snapshot of determination version %(version)s no longer matches its "
        "SHA-256: it was changed outside Kinerja. It is not served or announced. Reopen the "
        "determination and determine again, or restore the record from a backup."
    ) % {"version": determination.version}


def _audit_fields(determination: Determination) -> dict[str, Any]:
    return {
        "version": determination.version,
        "decree_number": determination.decree_number,
        "decree_date": determination.decree_date.isoformat(),
        "signatory_name": determination.signatory_name,
        "signatory_position": determination.signatory_position,
        "sha256": determination.sha256,
        "reopened_at": determination.reopened_at,
        "reopen_reason": determination.reopen_reason,
    }


@transaction.atomic
def determine(
    cycle: Cycle,
    *,
    decree_number: str,
    decree_date: dt.date,
    signatory_name: str,
    signatory_position: str,
    override_reason: str = "",
    by,
) -> Determination:
    """Freeze the cycle's results as the next determination version.

    Side effects: refuses while a scoring or plenary stage is running or still to come
    (``stages_open``) unless ``override_reason`` says why it cannot wait; refuses while a
    determination is current; recomputes every result; saves the snapshot with its SHA-256;
    audits ``determination.create`` (with the override reason and the stages it skipped).
    """
    decree_number, signatory_name = decree_number.strip(), signatory_name.strip()
    signatory_position, override_reason = signatory_position.strip(), override_reason.strip()
    if not (decree_number and decree_date and signatory_name and signatory_position):
        raise ValidationError(
            _("The decree number, decree date, signatory name and position are all required.")
        )
    unfinished = gates.unfinished_before_determination(cycle)
    if unfinished and not override_reason:
        raise ValidationError(
            _(
                "Scoring or the plenary is not over yet (%(stages)s). Wait until it ends, or "
                "give the reason the results must be determined now."
            )
            % {"stages": ", ".join(s.name for s in unfinished)},
            code="stages_open",
        )
    # Lock the cycle row so two organisers cannot determine the same cycle at once.
    Cycle.objects.select_for_update().filter(pk=cycle.pk).exists()
    if current_determination(cycle) is not None:
        raise ValidationError(
            _("The results are already determined. Reopen the determination to change them.")
        )
    recompute_cycle(cycle)
    snapshot = build_snapshot(cycle)
    last = cycle.determinations.order_by("-version").values_list("version", flat=True).first()
    determination = Determination.objects.create(
        cycle=cycle,
        version=(last or 0) + 1,
        decree_number=decree_number,
        decree_date=decree_date,
        signatory_name=signatory_name,
        signatory_position=signatory_position,
        snapshot=snapshot,
        sha256=snapshot_hash(snapshot),
        determined_by=by,
    )
    record_event(
        actor=by,
        action="determination.create",
        obj=determination,
        after=_audit_fields(determination)
        | (
            {"override_reason": override_reason, "open_stages": [s.name for s in unfinished]}
            if unfinished
            else {}
        ),
    )
    return determination


@transaction.atomic
def set_award_scheme(cycle: Cycle, *, scheme: str, awards: list[dict] | None = None, by) -> Cycle:
    """Set where the cycle's award categories come from: the instrument, the cycle's own list
    (Terbaik 1–5, Juara 1–3 and Harapan 1–2, Top N, …) or none (grade only).

    Side effects: validates the list (the message names the wrong line); refuses while a
    determination is current (the determined awards are part of the record); saves the cycle;
    re-ranks so every result carries the new awards; audits ``cycle.awards``.
    """
    if scheme not in AwardScheme.values:
        raise ValidationError(_("Choose where the award categories come from."))
    if current_determination(cycle) is not None:
        raise ValidationError(
            _("The results are determined. Reopen the determination to change the awards.")
        )
    cleaned: list[dict] = []
    if scheme == AwardScheme.CUSTOM:
        try:
            cleaned = parse_awards(awards or [])
        except ValueError as error:
            raise ValidationError(str(error)) from None
        if not cleaned:
            raise ValidationError(_("Give at least one award, or choose grade only."))
    before = {"award_scheme": cycle.award_scheme, "awards": cycle.awards}
    cycle.award_scheme, cycle.awards = scheme, cleaned
    cycle.save(update_fields=["award_scheme", "awards"])
    rerank(cycle)
    record_event(
        actor=by,
        action="cycle.awards",
        obj=cycle,
        before=before,
        after={"award_scheme": scheme, "awards": cleaned},
    )
    return cycle


@transaction.atomic
def reopen_determination(cycle: Cycle, *, reason: str, by) -> Determination:
    """Reopen the current determination (kept in the history, no longer current).

    Side effects: requires a reason; marks the current version reopened; withdraws a live
    announcement (the public must not see a reopened result); audits ``determination.reopen``.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for reopening the determination."))
    current = current_determination(cycle)
    if current is None:
        raise ValidationError(_("There is no current determination to reopen."))
    before = _audit_fields(current)
    current.reopened_at = timezone.now()
    current.reopened_by = by
    current.reopen_reason = reason
    current.save(update_fields=["reopened_at", "reopened_by", "reopen_reason"])
    record_event(
        actor=by,
        action="determination.reopen",
        obj=current,
        before=before,
        after=_audit_fields(current),
    )
    announcement = Announcement.objects.filter(cycle=cycle, withdrawn_at=None).first()
    if announcement is not None:
        withdraw(cycle, by=by)
    return current


@transaction.atomic
def publish(cycle: Cycle, *, by) -> Announcement:
    """Announce the current determination: its snapshot (never live results) becomes public.

    Side effects: requires a current determination whose snapshot still matches its SHA-256
    (``integrity.check_snapshot``; a mismatch is audited and refused); creates or re-opens the
    cycle's announcement pointing at it; audits ``announcement.publish``; notifies the
    participants' people (once per determination version).
    """
    current = current_determination(cycle)
    if current is None:
        raise ValidationError(_("Determine the results before announcing them."))
    try:
        check_snapshot(current, by=by)
    except SnapshotAltered:
        raise ValidationError(altered_message(current), code="snapshot_altered") from None
    announcement = Announcement.objects.filter(cycle=cycle).first()
    if (
        announcement is not None
        and announcement.is_live
        and announcement.determination_id == current.pk
    ):
        raise ValidationError(_("The results are already announced."))
    before = None
    if announcement is None:
        announcement = Announcement(cycle=cycle)
    else:
        before = {
            "determination": announcement.determination_id,
            "withdrawn_at": announcement.withdrawn_at,
        }
    announcement.determination = current
    announcement.published_at = timezone.now()
    announcement.published_by = by
    announcement.withdrawn_at = None
    announcement.save()
    record_event(
        actor=by,
        action="announcement.publish",
        obj=announcement,
        before=before,
        after={"determination": current.pk, "version": current.version, "sha256": current.sha256},
    )
    notify(
        User.objects.filter(unit_roles__participant__cycle=cycle).distinct(),
        kind=NotificationKind.RESULTS_ANNOUNCED,
        params={"cycle": cycle.name},
        url=reverse("results:announcement", kwargs={"cycle_id": cycle.pk}),
        key=f"announced-{cycle.pk}-{current.version}",
    )
    return announcement


@transaction.atomic
def withdraw(cycle: Cycle, *, by) -> Announcement:
    """Take the announcement down: public pages answer 404 again.

    Side effects: sets ``withdrawn_at``; audits ``announcement.withdraw``.
    """
    announcement = Announcement.objects.filter(cycle=cycle, withdrawn_at=None).first()
    if announcement is None:
        raise ValidationError(_("The results are not announced."))
    announcement.withdrawn_at = timezone.now()
    announcement.save(update_fields=["withdrawn_at"])
    record_event(
        actor=by,
        action="announcement.withdraw",
        obj=announcement,
        before={"withdrawn_at": None},
        after={"withdrawn_at": announcement.withdrawn_at},
    )
    return announcement
