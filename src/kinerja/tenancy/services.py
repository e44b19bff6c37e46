"""Seating organisers at their bodies and inviting governments below into a cycle.

Every function validates, saves and audits in one transaction (STYLE: one function per change).
Seats are the platform administrator's to give; invitations are the cycle organiser's.
"""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.accounts.services import create_user
from kinerja.audit.services import record_event
from kinerja.cycles.models import Cycle
from kinerja.tenancy.models import Invitation, OrganiserSeat
from kinerja.tenancy.scope import government_regions
from kinerja.units.models import Unit


@transaction.atomic
def seat_organiser(user, body: Unit, *, by) -> OrganiserSeat:
    """Let ``user`` organise for ``body`` (idempotent). Side effects: saves the seat, audits
    ``organiser.seat`` on the body (so the body's government sees it in its trail)."""
    seat, created = OrganiserSeat.objects.get_or_create(user=user, body=body)
    if created:
        record_event(
            actor=by,
            action="organiser.seat",
            obj=body,
            after={"user": user.username, "body": body.name},
        )
    return seat


@transaction.atomic
def seat_by_username(
    *, username: str, body: Unit, by, full_name: str = ""
) -> tuple[OrganiserSeat, str | None]:
    """Seat the user ``username`` at ``body``, creating the login when there is none yet.

    Returns the seat and, for a new login, its generated password (shown once to the platform
    administrator, never stored in clear; the new organiser must change it at first login).
    Refused with ValidationError when the user already holds that seat. Side effects:
    ``create_user`` (audited ``user.create``) for a new login, then ``seat_organiser`` (audited
    ``organiser.seat``).
    """
    user = get_user_model().objects.filter(username=username).first()
    password = None
    if user is None:
        password = secrets.token_urlsafe(9)
        user = create_user(
            username=username,
            password=password,
            full_name=full_name,
            must_change_password=True,
            by=by,
        )
    elif OrganiserSeat.objects.filter(user=user, body=body).exists():
        raise ValidationError(
            _("%(user)s already organises for %(body)s.") % {"user": user.username, "body": body}
        )
    return seat_organiser(user, body, by=by), password


@transaction.atomic
def unseat_organiser(seat: OrganiserSeat, *, by) -> None:
    """Take an organiser seat away. Side effects: deletes the seat, audits ``organiser.unseat``."""
    record_event(
        actor=by,
        action="organiser.unseat",
        obj=seat.body,
        before={"user": seat.user.username, "body": seat.body.name},
    )
    seat.delete()


@transaction.atomic
def invite_government(
    cycle: Cycle, body: Unit, *, by, quota: int = 1, note: str = ""
) -> Invitation:
    """Invite a body of a government below the cycle's own (a kab/kota into a province's SKK).

    Refused with ValidationError when the body is the cycle's own government or outside it, or
    already invited. Side effects: saves, audits ``invitation.create`` on the cycle.
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
    if cycle.invitations.filter(body=body, withdrawn_at__isnull=True).exists():
        raise ValidationError(_("%(body)s is already invited.") % {"body": body})
    invitation = Invitation.objects.create(
        cycle=cycle, body=body, quota=quota, note=note.strip()[:300], invited_by=by
    )
    record_event(
        actor=by,
        action="invitation.create",
        obj=cycle,
        after={"body": body.name, "quota": quota, "note": invitation.note},
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
