"""Seating organisers at their bodies.

Every function validates, saves and audits in one transaction (STYLE: one function per change).
Seats are the platform administrator's to give (invitations into a cycle are the cycle
organiser's: ``kinerja.cycles.services.invitations``).
"""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.accounts.services import create_user
from kinerja.audit.services import record_event
from kinerja.tenancy.models import OrganiserSeat
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
