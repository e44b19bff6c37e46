"""Reading invitations with their nominations (a fixed number of queries)."""

from __future__ import annotations

from kinerja.cycles.models import Invitation
from kinerja.nominations.enums import HOLDING
from kinerja.nominations.models import Nomination
from kinerja.tenancy.scope import government_units, scope_of
from kinerja.units.models import Unit


def invitations_with_nominations(cycle, user, *, all_of_them: bool) -> list[Invitation]:
    """The cycle's open invitations (all for its organiser, the user's own for an invited
    government), each with ``.listed`` (its nominations, newest last) and ``.left`` (places)."""
    invitations = cycle.invitations.filter(withdrawn_at=None).select_related("body__region")
    if not all_of_them:
        invitations = invitations.filter(body_id__in=scope_of(user).bodies)
    invitations = list(invitations.order_by("body__region__code", "body__name"))
    listed: dict[int, list[Nomination]] = {i.pk: [] for i in invitations}
    for nomination in (
        Nomination.objects.filter(invitation__in=invitations)
        .select_related("unit__region", "nominated_by", "decided_by")
        .order_by("nominated_at", "pk")
    ):
        listed[nomination.invitation_id].append(nomination)
    for invitation in invitations:
        invitation.listed = listed[invitation.pk]
        invitation.left = invitation.quota - sum(n.status in HOLDING for n in invitation.listed)
        invitation.waiting = sum(n.open for n in invitation.listed)
    return invitations


def nominable_units(invitation: Invitation):
    """The units the invited government may put forward: its own units (not the body itself) of
    the invitation's kind if it names one, none already holding a place or taking part in the
    cycle."""
    cycle = invitation.cycle
    units = Unit.objects.select_related("region")
    if invitation.unit_kind:
        units = units.filter(kind=invitation.unit_kind)
    return (
        government_units(invitation.body, units)
        .exclude(pk=invitation.body_id)
        .exclude(
            pk__in=Nomination.objects.filter(invitation=invitation, status__in=HOLDING).values(
                "unit_id"
            )
        )
        .exclude(pk__in=cycle.participants.filter(innovation__isnull=True).values("unit_id"))
        .order_by("kind", "name")
    )
