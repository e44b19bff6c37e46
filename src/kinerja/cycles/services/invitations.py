"""Invitations: a government below the cycle's own (a kab/kota into a province's SKK) asked to
act in the cycle. Every function validates, saves and audits in one transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.audit.services import record_event
from kinerja.cycles.models import Cycle, Invitation
from kinerja.tenancy.scope import government_regions
from kinerja.units.enums import UnitKind
from kinerja.units.models import Unit


@transaction.atomic
def invite_government(
    cycle: Cycle, body: Unit, *, by, quota: int = 1, note: str = "", unit_kind: str = ""
) -> Invitation:
    """Invite a body of a government below the cycle's own (a kab/kota into a province's SKK),
    to nominate up to ``quota`` of its units, only of ``unit_kind`` when given (kecamatan).

    Refused with ValidationError when the body is the cycle's own government or outside it, or
    already invited, or the kind is unknown. Side effects: saves, audits ``invitation.create``
    on the cycle.
    """
    own_region = cycle.organiser_unit.region_id
    if body.region_id == own_region or body.region_id not in government_regions(
        cycle.organiser_unit
    ):
        raise ValidationError(
            _("Only a government below this cycle's own can be invited: %(body)s is not one.")
            % {"body": body}
        )
    if not 1 <= quota <= 100:
        raise ValidationError(_("The quota must lie between 1 and 100."))
    if unit_kind and unit_kind not in UnitKind.values:
        raise ValidationError(_("Choose a kind of unit from the list."))
    if cycle.invitations.filter(body=body, withdrawn_at__isnull=True).exists():
        raise ValidationError(_("%(body)s is already invited.") % {"body": body})
    invitation = Invitation.objects.create(
        cycle=cycle,
        body=body,
        quota=quota,
        unit_kind=unit_kind,
        note=note.strip()[:300],
        invited_by=by,
    )
    record_event(
        actor=by,
        action="invitation.create",
        obj=cycle,
        after={"body": body.name, "quota": quota, "unit_kind": unit_kind, "note": invitation.note},
    )
    return invitation


@transaction.atomic
def withdraw_invitation(invitation: Invitation, *, by) -> Invitation:
    """Withdraw an open invitation (kept, marked withdrawn). Side effects: saves
    ``withdrawn_at``, audits ``invitation.withdraw`` on the cycle."""
    if invitation.withdrawn_at is not None:
        raise ValidationError(_("This invitation was already withdrawn."))
    invitation.withdrawn_at = timezone.now()
    invitation.save(update_fields=["withdrawn_at"])
    record_event(
        actor=by,
        action="invitation.withdraw",
        obj=invitation.cycle,
        before={"body": invitation.body.name, "quota": invitation.quota},
    )
    return invitation
