"""Every change to nominations. Each function checks who may act (PermissionDenied: the page
answers 404), validates, saves and audits in one transaction.

- ``nominate`` and ``withdraw_nomination``: an organiser of the invited government, while the
  invitation is open and the cycle's nomination stage runs, within the quota.
- ``accept_nomination`` and ``refuse_nomination``: the cycle's organiser, while the nomination
  waits (``accept_waiting``: every waiting one of the cycle at once, set-based); accepting makes
  the unit a participant (``cycles.services.add_participants``), refusing needs a reason. A
  decision is one conditional UPDATE on the waiting status, so of two organisers deciding at
  once exactly one wins; the other is told it was decided already.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.audit.services import build_event, record_event, record_events
from kinerja.common.actors import actor
from kinerja.common.text import clean_text
from kinerja.cycles import gates
from kinerja.cycles.enums import StageKind
from kinerja.cycles.models import Invitation
from kinerja.cycles.services import add_participants
from kinerja.nominations.enums import HOLDING, NominationStatus
from kinerja.nominations.models import Nomination
from kinerja.tenancy.rules import is_cycle_organiser
from kinerja.tenancy.scope import government_regions, scope_of
from kinerja.units.models import Unit

MAX_REASON = 2_000


def may_nominate(user, invitation: Invitation) -> bool:
    """The user organises for the invited body (or a body above it in their scope)."""
    scope = scope_of(user)
    return invitation.body_id in scope.bodies


def _require_nominator(invitation: Invitation, by) -> None:
    if not may_nominate(by, invitation):
        raise PermissionDenied


def _require_organiser(invitation: Invitation, by) -> None:
    if not is_cycle_organiser(by, invitation.cycle):
        raise PermissionDenied


def places_left(invitation: Invitation) -> int:
    return invitation.quota - invitation.nominations.filter(status__in=HOLDING).count()


@transaction.atomic
def nominate(invitation: Invitation, unit: Unit, *, note: str = "", by) -> Nomination:
    """Put ``unit`` forward for the invitation's cycle. Refused when the invitation is
    withdrawn, outside the nomination stage (``StageClosed``), for a unit outside the invited
    government or the invited body itself, a unit of another kind than the invitation names, a
    unit already nominated or taking part, and past
    the quota. Side effects: the nomination, audit ``nomination.create`` on the cycle."""
    _require_nominator(invitation, by)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.active:
        raise ValidationError(_("This invitation was withdrawn."), code="withdrawn")
    cycle = invitation.cycle
    gates.require_stage_kind(cycle, StageKind.NOMINASI)
    if unit.pk == invitation.body_id or unit.region_id not in government_regions(invitation.body):
        raise ValidationError(
            _("%(unit)s is not a unit of %(body)s's government.")
            % {"unit": unit, "body": invitation.body},
            code="outside",
        )
    if invitation.unit_kind and unit.kind != invitation.unit_kind:
        raise ValidationError(
            _("Only a unit of the kind %(kind)s may be nominated: %(unit)s is not one.")
            % {"kind": invitation.get_unit_kind_display(), "unit": unit},
            code="kind",
        )
    if invitation.nominations.filter(unit=unit, status__in=HOLDING).exists():
        raise ValidationError(_("%(unit)s is nominated already.") % {"unit": unit}, code="twice")
    if cycle.participants.filter(unit=unit, innovation__isnull=True).exists():
        raise ValidationError(
            _("%(unit)s takes part in this cycle already.") % {"unit": unit}, code="taking_part"
        )
    if places_left(invitation) <= 0:
        raise ValidationError(
            _("The quota of %(quota)s is used: withdraw a nomination first.")
            % {"quota": invitation.quota},
            code="quota",
        )
    nomination = Nomination.objects.create(
        invitation=invitation,
        unit=unit,
        note=clean_text(note, 300),
        nominated_by=actor(by),
    )
    record_event(
        actor=by,
        action="nomination.create",
        obj=cycle,
        after={"nomination": nomination.pk, "unit": unit.name, "body": invitation.body.name},
    )
    return nomination


def _decide(nomination: Nomination, status: str, *, reason: str, by, participant=None) -> None:
    """One conditional UPDATE from "proposed": a second, concurrent decision finds nothing."""
    won = Nomination.objects.filter(pk=nomination.pk, status=NominationStatus.PROPOSED).update(
        status=status,
        reason=reason,
        participant=participant,
        decided_by=actor(by),
        decided_at=timezone.now(),
    )
    if not won:
        raise ValidationError(
            _("This nomination was decided already; the page now shows how."), code="decided"
        )
    nomination.refresh_from_db()
    record_event(
        actor=by,
        action=f"nomination.{status}",
        obj=nomination.invitation.cycle,
        before={"nomination": nomination.pk, "status": NominationStatus.PROPOSED},
        after={"nomination": nomination.pk, "status": status, "reason": reason},
    )


@transaction.atomic
def withdraw_nomination(nomination: Nomination, *, by) -> Nomination:
    """The nominating government takes back a waiting nomination (during the nomination
    stage); its place of the quota is free again."""
    _require_nominator(nomination.invitation, by)
    gates.require_stage_kind(nomination.invitation.cycle, StageKind.NOMINASI)
    _decide(nomination, NominationStatus.WITHDRAWN, reason="", by=by)
    return nomination


@transaction.atomic
def accept_nomination(nomination: Nomination, *, by) -> Nomination:
    """The cycle's organiser accepts: the unit becomes a participant of the cycle."""
    _require_organiser(nomination.invitation, by)
    cycle = nomination.invitation.cycle
    added = add_participants(cycle, [nomination.unit], by=by)
    participant = (
        added[0] if added else cycle.participants.get(unit=nomination.unit, innovation__isnull=True)
    )
    _decide(nomination, NominationStatus.ACCEPTED, reason="", by=by, participant=participant)
    return nomination


@transaction.atomic
def refuse_nomination(nomination: Nomination, *, reason: str, by) -> Nomination:
    """The cycle's organiser refuses, with the reason the nominating government will read."""
    _require_organiser(nomination.invitation, by)
    reason = clean_text(reason, MAX_REASON)
    if not reason:
        raise ValidationError(_("Give the reason for refusing the nomination."), code="reason")
    _decide(nomination, NominationStatus.REFUSED, reason=reason, by=by)
    return nomination


@transaction.atomic
def accept_waiting(cycle, *, by, invitation: Invitation | None = None) -> int:
    """The cycle's organiser accepts every waiting nomination at once (30 kab/kota's kecamatan
    after the nomination stage), or those of one invitation (one government's). Set-based: the
    waiting rows are locked, their units added in one ``add_participants``, the nominations
    updated in one statement and audited in one insert.
    Returns how many were accepted (0 when none waits)."""
    if not is_cycle_organiser(by, cycle):
        raise PermissionDenied
    waiting = Nomination.objects.select_for_update(of=("self",)).filter(
        invitation__cycle=cycle, status=NominationStatus.PROPOSED
    )
    if invitation is not None:
        waiting = waiting.filter(invitation=invitation)
    waiting = list(waiting.select_related("unit").order_by("pk"))
    if not waiting:
        return 0
    add_participants(cycle, [n.unit for n in waiting], by=by)
    participant_of = dict(
        cycle.participants.filter(
            innovation__isnull=True, unit_id__in=[n.unit_id for n in waiting]
        ).values_list("unit_id", "pk")
    )
    now, decider = timezone.now(), actor(by)
    for nomination in waiting:
        nomination.status = NominationStatus.ACCEPTED
        nomination.reason = ""
        nomination.participant_id = participant_of[nomination.unit_id]
        nomination.decided_by = decider
        nomination.decided_at = now
    Nomination.objects.bulk_update(
        waiting, ["status", "reason", "participant", "decided_by", "decided_at"]
    )
    record_events(
        [
            build_event(
                actor=by,
                action="nomination.accepted",
                obj=cycle,
                before={"nomination": n.pk, "status": NominationStatus.PROPOSED},
                after={"nomination": n.pk, "status": NominationStatus.ACCEPTED, "reason": ""},
            )
            for n in waiting
        ]
    )
    return len(waiting)
