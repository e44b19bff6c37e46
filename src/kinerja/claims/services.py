"""Every change to claims: the unit's list (add, remove) and the evaluators' checks on site.

Decisions written down here:

- A unit lists its claims while it may still edit its submission: the stage lets units edit
  (``can_edit_self``) and its F01 is not submitted. A claim already checked on site is not
  removed (the check is on record).
- Each check stores the evaluator's score of the claims indicator at once, through
  ``reviews.services.record_review`` (assignment, stage gate, rounds, plenary, determination and
  audit are its own): ``{target: claimed, actual: found}``, where a claim the evaluator has not
  marked yet counts as not found. So the score is never typed and never ahead of the checks.
- With nothing claimed there is nothing to find: the evaluator records that explicitly, which
  stores 0 (``{target: 1, actual: 0}``; a ratio needs a target above 0).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.assessments.services.f01 import locked_assessment, require_editable
from kinerja.audit.services import build_event, record_event, record_events
from kinerja.claims.models import Claim, ClaimCheck
from kinerja.common.actors import actor
from kinerja.common.text import clean_text
from kinerja.cycles import gates
from kinerja.cycles.models import Cycle, Participant, TeamMember
from kinerja.innovations.models import Innovation
from kinerja.reviews.models import Review
from kinerja.reviews.services import record_review
from kinerja.scoring.model.schema import Indicator
from kinerja.visits.services.access import require

MAX_LINES = 300
MAX_NOTE = 500


class CheckConflict(ValidationError):
    """The check changed since the page was loaded (another device of the same evaluator)."""

    def __init__(self):
        super().__init__(
            _("This claim was checked again after you opened the page; reload and try again."),
            code="conflict",
        )


def claim_indicators(cycle: Cycle) -> tuple[Indicator, ...]:
    """The cycle's indicators scored from claims (none for most instruments)."""
    return cycle.instrument_version.definition.claim_indicators()


def claim_indicator(cycle: Cycle, ref: str | None = None) -> Indicator:
    """The claims indicator ``ref`` (the first when None), or ``no_claims`` ValidationError."""
    for indicator in claim_indicators(cycle):
        if ref is None or indicator.ref == ref:
            return indicator
    raise ValidationError(
        _("This instrument has no indicator scored from claims."), code="no_claims"
    )


# --- the unit's list ------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimLine:
    line: int
    criterion_ref: str
    title: str


def parse_claim_lines(text: str, indicator: Indicator) -> list[ClaimLine]:
    """Lines "criterion; title" (the criterion by its ref, ``ADM4``, or its number in the list,
    ``4``). Raises ValidationError naming every wrong line; blank lines are skipped."""
    criteria = indicator.claims.criteria
    by_name = {ref.casefold(): ref for ref in criteria}
    by_name |= {str(number): ref for number, ref in enumerate(criteria, start=1)}
    lines, errors = [], []
    rows = (text or "").splitlines()
    if len(rows) > MAX_LINES:
        raise ValidationError(
            _("At most %(count)s lines at a time."), code="too_many", params={"count": MAX_LINES}
        )
    for number, row in enumerate(rows, start=1):
        if not row.strip():
            continue
        criterion, separator, title = row.partition(";")
        ref = by_name.get(criterion.strip().casefold())
        title = " ".join(title.split())
        if not separator or not title:
            errors.append(
                _("Line %(line)s: write the criterion, a semicolon and the title.")
                % {"line": number}
            )
        elif ref is None:
            errors.append(
                _("Line %(line)s: '%(criterion)s' is not a criterion; use one of %(known)s.")
                % {
                    "line": number,
                    "criterion": criterion.strip()[:40],
                    "known": ", ".join(criteria),
                }
            )
        elif len(title) > 200:
            errors.append(
                _("Line %(line)s: the title is longer than 200 characters.") % {"line": number}
            )
        else:
            lines.append(ClaimLine(number, ref, title))
    if errors:
        raise ValidationError([ValidationError(e, code="invalid_line") for e in errors])
    return lines


def _require_unit_may_edit(participant: Participant) -> None:
    gates.require_open(participant.cycle, "can_edit_self")
    require_editable(locked_assessment(participant))


def _innovations_by_name(participant: Participant) -> dict[str, Innovation]:
    found: dict[str, Innovation] = {}
    for innovation in Innovation.objects.filter(owner_id=participant.unit_id):
        found.setdefault(innovation.title.casefold(), innovation)
        if innovation.acronym:
            found.setdefault(innovation.acronym.casefold(), innovation)
    return found


@transaction.atomic
def add_claims(participant: Participant, text: str, *, by, indicator_ref: str | None = None):
    """Add the claims of ``text`` (``parse_claim_lines``) to the participant's list, all or none.

    Refuses a closed stage (``StageClosed``), a submitted F01 (``submitted``), a wrong line
    (``invalid_line``, every line named) and a claim already listed (``duplicate``, naming the
    line). A title that is the unit's innovation record (title or acronym) is linked to it.
    Side effects: one bulk INSERT, audit ``claim.add`` per claim. Returns the new claims.
    """
    require(by, "claims.edit_claims", participant)
    indicator = claim_indicator(participant.cycle, indicator_ref)
    lines = parse_claim_lines(text, indicator)
    if not lines:
        raise ValidationError(_("Write at least one claim."), code="empty")
    _require_unit_may_edit(participant)
    listed = {
        (c, t.casefold())
        for c, t in Claim.objects.filter(
            participant=participant, indicator_ref=indicator.ref
        ).values_list("criterion_ref", "title")
    }
    errors, seen = [], set()
    for line in lines:
        key = (line.criterion_ref, line.title.casefold())
        if key in listed or key in seen:
            errors.append(
                _("Line %(line)s: %(title)s is already claimed under %(criterion)s.")
                % {"line": line.line, "title": line.title, "criterion": line.criterion_ref}
            )
        seen.add(key)
    if errors:
        raise ValidationError([ValidationError(e, code="duplicate") for e in errors])
    innovations = _innovations_by_name(participant)
    author = actor(by)
    claims = [
        Claim(
            participant=participant,
            indicator_ref=indicator.ref,
            criterion_ref=line.criterion_ref,
            title=line.title,
            innovation=innovations.get(line.title.casefold()),
            created_by=author,
        )
        for line in lines
    ]
    try:
        with transaction.atomic():
            created = Claim.objects.bulk_create(claims)
    except IntegrityError:  # the same claim added from another page at the same moment
        raise ValidationError(
            _("One of these claims was added meanwhile; reload the page."), code="duplicate"
        ) from None
    record_events(
        [
            build_event(
                actor=by,
                action="claim.add",
                obj=claim,
                after={
                    "criterion": claim.criterion_ref,
                    "title": claim.title,
                    "innovation": claim.innovation_id,
                },
            )
            for claim in created
        ]
    )
    return created


@transaction.atomic
def remove_claim(claim: Claim, *, by) -> None:
    """Take a claim off the list while the unit may edit; refuses one already checked on site
    (``checked``). Side effects: the row deleted, audit ``claim.remove``."""
    participant = claim.participant
    require(by, "claims.edit_claims", participant)
    _require_unit_may_edit(participant)
    if claim.checks.exists():
        raise ValidationError(
            _("This claim has been checked on site and stays on the list."), code="checked"
        )
    record_event(
        actor=by,
        action="claim.remove",
        obj=claim,
        before={"criterion": claim.criterion_ref, "title": claim.title},
    )
    claim.delete()


# --- the checks on site ---------------------------------------------------------------------


def _lock_seat(evaluator: TeamMember) -> None:
    # One evaluator's checks are counted one at a time (two devices of the same juror).
    TeamMember.objects.select_for_update().filter(pk=evaluator.pk).first()


def _store_tally(participant: Participant, indicator_ref: str, *, evaluator, by) -> Review:
    """The evaluator's score of the claims indicator from their checks (``record_review``)."""
    claimed = Claim.objects.filter(participant=participant, indicator_ref=indicator_ref).count()
    marks = ClaimCheck.objects.filter(
        claim__participant=participant, claim__indicator_ref=indicator_ref, evaluator=evaluator
    ).aggregate(checked=Count("pk"), found=Count("pk", filter=Q(found=True)))
    checked, found = marks["checked"], marks["found"]
    if claimed:
        value = {"target": str(claimed), "actual": str(found)}
        note = _("%(found)s of %(claimed)s claims found on site; %(open)s not checked yet.") % {
            "found": found,
            "claimed": claimed,
            "open": claimed - checked,
        }
    else:
        value = {"target": "1", "actual": "0"}
        note = _("Nothing was claimed, so nothing was found on site.")
    current = Review.objects.filter(
        participant=participant, evaluator=evaluator, indicator_ref=indicator_ref
    ).first()
    return record_review(
        participant,
        indicator_ref,
        evaluator=evaluator,
        value=value,
        verdict=current.verdict if current else "",
        note=note,
        expected_version=current.version if current else 0,
        by=by,
        from_claims=True,
    )


@transaction.atomic
def check_claim(
    claim: Claim, *, evaluator: TeamMember, found: bool, note: str, expected_version: int, by
) -> ClaimCheck:
    """The evaluator marks one claim found or not found on site, and their score of the claims
    indicator follows (``_store_tally``), in one transaction: if the score is refused (stage
    closed, round locked, not a finalist, determined) the mark is not kept either.

    Optimistic locking: ``expected_version`` is the check's version the page showed (0 for none);
    a stale page raises ``CheckConflict``. Side effects: the check row, audit ``claim.check``,
    the review and its audit, the result recomputed.
    """
    participant = claim.participant
    require(by, "visits.work_visit", participant)
    note = clean_text(note, MAX_NOTE)
    _lock_seat(evaluator)
    current = ClaimCheck.objects.filter(claim=claim, evaluator=evaluator).first()
    now = timezone.now()
    after = {"found": found, "note": note}
    if current is None:
        if expected_version != 0:
            raise CheckConflict()
        check = ClaimCheck.objects.create(
            claim=claim,
            evaluator=evaluator,
            found=found,
            note=note,
            checked_by=actor(by),
            checked_at=now,
        )
        before = None
    else:
        if current.version != expected_version:
            raise CheckConflict()
        before = {"found": current.found, "note": current.note}
        if before == after:
            return current
        won = ClaimCheck.objects.filter(pk=current.pk, version=expected_version).update(
            found=found, note=note, checked_by=actor(by), checked_at=now, version=F("version") + 1
        )
        if not won:
            raise CheckConflict()
        check = ClaimCheck.objects.get(pk=current.pk)
    record_event(actor=by, action="claim.check", obj=check, before=before, after=after)
    _store_tally(participant, claim.indicator_ref, evaluator=evaluator, by=by)
    return check


@transaction.atomic
def record_nothing_claimed(
    participant: Participant, indicator_ref: str, *, evaluator: TeamMember, by
) -> Review:
    """With no claim listed, the evaluator records the claims indicator as 0 (``claims_listed``
    when there are claims to check instead)."""
    require(by, "visits.work_visit", participant)
    indicator = claim_indicator(participant.cycle, indicator_ref)
    _lock_seat(evaluator)
    if Claim.objects.filter(participant=participant, indicator_ref=indicator.ref).exists():
        raise ValidationError(
            _("The unit has listed claims: check each of them."), code="claims_listed"
        )
    return _store_tally(participant, indicator.ref, evaluator=evaluator, by=by)


@transaction.atomic
def check_remaining_found(
    participant: Participant, indicator_ref: str, *, evaluator: TeamMember, by
) -> int:
    """The evaluator marks every claim of the indicator they have not checked yet as found (a
    kecamatan whose 33 innovations are all on site): one insert of the checks, one of their audit
    events, and one score (``_store_tally``). The claims already checked keep their mark. As with
    ``check_claim``, a refused score keeps no mark. Returns how many were marked (0: none left)."""
    require(by, "visits.work_visit", participant)
    indicator = claim_indicator(participant.cycle, indicator_ref)
    _lock_seat(evaluator)
    open_claims = list(
        Claim.objects.filter(participant=participant, indicator_ref=indicator.ref)
        .exclude(checks__evaluator=evaluator)
        .order_by("pk")
    )
    if not open_claims:
        return 0
    for claim in open_claims:
        claim.participant = participant  # the audit scope reads the cycle from here
    now, checker = timezone.now(), actor(by)
    checks = ClaimCheck.objects.bulk_create(
        [
            ClaimCheck(
                claim=claim,
                evaluator=evaluator,
                found=True,
                note="",
                checked_by=checker,
                checked_at=now,
            )
            for claim in open_claims
        ]
    )
    record_events(
        [
            build_event(
                actor=by,
                action="claim.check",
                obj=check,
                before=None,
                after={"found": True, "note": "", "all_remaining": True},
            )
            for check in checks
        ]
    )
    _store_tally(participant, indicator.ref, evaluator=evaluator, by=by)
    return len(checks)
