"""Participants: the units taking part in a cycle, their status and panel, their accounts."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.audit.services import build_event, record_event, record_events, snapshot
from kinerja.cycles.enums import MemberRole, ParticipantStatus
from kinerja.cycles.models import Cycle, Participant, ParticipantMember
from kinerja.cycles.signals import participants_changed
from kinerja.innovations.models import Innovation
from kinerja.tenancy.scope import government_regions
from kinerja.units.models import Unit


@transaction.atomic
def add_participants(cycle: Cycle, units: Iterable[Unit], *, by) -> list[Participant]:
    """Add units as participants (units already in the cycle, or named twice, are added once).
    Set-based.

    Only units of the cycle's government (its organising body's region and the regions under
    it) may take part; any other is refused with ValidationError and nothing is added.
    Side effects: one bulk INSERT, one audit event per new participant.
    """
    units = list(dict.fromkeys(units))  # a unit named on two lines is one participant
    regions = government_regions(cycle.organiser_unit)
    outside = [u for u in units if u.region_id not in regions]
    if outside:
        raise ValidationError(
            _("Not a unit of this cycle's government: %(units)s.")
            % {"units": ", ".join(str(u) for u in outside[:5])}
        )
    existing = set(
        cycle.participants.filter(innovation__isnull=True).values_list("unit_id", flat=True)
    )
    new = [Participant(cycle=cycle, unit=u) for u in units if u.pk not in existing]
    Participant.objects.bulk_create(new)
    record_events(
        [
            build_event(actor=by, action="participant.add", obj=p, after={"unit": p.unit_id})
            for p in new
        ]
    )
    return new


@transaction.atomic
def add_innovation_entries(
    cycle: Cycle, innovations: Iterable[Innovation], *, by
) -> list[Participant]:
    """Enter innovations in a competition: each is a participant of its owner unit, and one unit
    may enter several (an innovation already entered, or named twice, is entered once).

    Only innovations of units of the cycle's government may enter; any other is refused with
    ValidationError and nothing is added. Side effects: one bulk INSERT, one audit event each.
    """
    innovations = list(dict.fromkeys(innovations))
    regions = government_regions(cycle.organiser_unit)
    owners = {u.pk: u for u in Unit.objects.filter(pk__in={i.owner_id for i in innovations})}
    outside = [i for i in innovations if owners[i.owner_id].region_id not in regions]
    if outside:
        raise ValidationError(
            _("Not an innovation of this cycle's government: %(innovations)s.")
            % {"innovations": ", ".join(str(i) for i in outside[:5])}
        )
    existing = set(
        cycle.participants.filter(innovation__isnull=False).values_list("innovation_id", flat=True)
    )
    new = [
        Participant(cycle=cycle, unit=owners[i.owner_id], innovation=i)
        for i in innovations
        if i.pk not in existing
    ]
    Participant.objects.bulk_create(new)
    record_events(
        [
            build_event(
                actor=by,
                action="participant.add",
                obj=p,
                after={"unit": p.unit_id, "innovation": p.innovation_id},
            )
            for p in new
        ]
    )
    return new


PARTICIPANT_FIELDS = ("status", "panel", "category")


def region_category(unit: Unit) -> str:
    """ "kota" or "kabupaten" from the unit's region code: the kab/kota part of a Kemendagri
    code is ``xx.yy`` and codes ``xx.71``–``xx.79`` are kota (REFERENCE.md §8); "" above it."""
    parts = unit.region.code.split(".")
    if len(parts) < 2 or not parts[1].isdigit():
        return ""
    return "kota" if 71 <= int(parts[1]) <= 79 else "kabupaten"


@transaction.atomic
def categorise_by_region(cycle: Cycle, *, by) -> int:
    """Set every participant's category to "kabupaten" or "kota" from its unit's region (SKK
    Jawa Barat ranks the two apart). Set-based: one read, one bulk UPDATE, one audit event per
    participant that changed. Returns how many changed."""
    changed = []
    for participant in cycle.participants.select_related("unit__region"):
        category = region_category(participant.unit)
        if category and category != participant.category:
            changed.append((participant, participant.category))
            participant.category = category
    Participant.objects.bulk_update([p for p, _old in changed], ["category"])
    Participant.objects.filter(pk__in=[p.pk for p, _old in changed]).update(
        version=F("version") + 1
    )
    record_events(
        [
            build_event(
                actor=by,
                action="participant.update",
                obj=p,
                before={"category": old},
                after={"category": p.category},
            )
            for p, old in changed
        ]
    )
    if changed:
        participants_changed.send(sender=Participant, cycle=cycle)
    return len(changed)


@transaction.atomic
def set_participant(
    participant: Participant,
    *,
    by,
    status: str | None = None,
    panel=...,
    category: str | None = None,
    expected_version: int | None = None,
) -> Participant:
    """Change a participant's status (active/withdrawn), panel and/or category (the group it is
    ranked in, e.g. "kabupaten" / "kota"). Side effects: saves the changed fields, audits
    ``participant.update`` with before/after; a new status or category sends
    ``participants_changed`` (the results app ranks the cycle again). Optimistic locking:
    ``expected_version`` is the version the page showed (None: the object's own); a stale one
    is refused (``conflict``) and nothing is saved."""
    before = snapshot(participant, PARTICIPANT_FIELDS)
    if status is not None:
        if status not in ParticipantStatus.values:
            raise ValidationError(_("Unknown participant status."))
        participant.status = status
    if panel is not ...:
        if panel is not None and panel.cycle_id != participant.cycle_id:
            raise ValidationError(_("That panel belongs to another cycle."))
        participant.panel = panel
    if category is not None:
        category = " ".join(category.split())
        if len(category) > Participant._meta.get_field("category").max_length:
            raise ValidationError(_("A category has at most 60 characters."))
        participant.category = category
    after = snapshot(participant, PARTICIPANT_FIELDS)
    changed = [k for k in after if after[k] != before[k]]
    if changed:
        # One conditional UPDATE: of two saves from the same page, the second is refused.
        expected = participant.version if expected_version is None else expected_version
        won = Participant.objects.filter(pk=participant.pk, version=expected).update(
            **{field: getattr(participant, field) for field in changed},
            version=F("version") + 1,
        )
        if not won:
            raise ValidationError(
                _(
                    "Someone else changed %(participant)s since this page was loaded; "
                    "nothing was saved. The page now shows the stored values."
                )
                % {"participant": participant},
                code="conflict",
            )
        participant.version = expected + 1
        record_event(
            actor=by,
            action="participant.update",
            obj=participant,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    if {"status", "category"} & set(changed):
        participants_changed.send(sender=Participant, cycle=participant.cycle)
    return participant


@dataclass(frozen=True)
class Credential:
    username: str
    password: str
    full_name: str
    role: str
    unit: str


def _free_username(parts: Iterable[str], taken: set[str]) -> str:
    base = ".".join(filter(None, (slugify(str(p)).replace("-", "") for p in parts)))[:140]
    base = base or "pengguna"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}{n}"
    taken.add(name)
    return name


@transaction.atomic
def create_participant_accounts(cycle: Cycle, *, by) -> list[Credential]:
    """Give every participant without one an operator and a head account.

    Returns the first-login credentials (shown once: passwords are stored hashed; each account
    must change its password at first login). Side effects: creates users and memberships in
    bulk, audits ``participant.accounts``.
    """
    participants = list(cycle.participants.select_related("unit").prefetch_related("members"))
    taken = set(User.objects.values_list("username", flat=True))
    credentials: list[Credential] = []
    users: list[User] = []
    links: list[tuple[Participant, str]] = []
    for participant in participants:
        roles = {m.role for m in participant.members.all()}
        short = participant.unit.short_name or participant.unit.name
        for role, prefix, label in (
            (MemberRole.OPERATOR, "op", _("Operator")),
            (MemberRole.HEAD, "kepala", _("Head")),
        ):
            if role in roles:
                continue
            username = _free_username((prefix, short, cycle.year), taken)
            password = secrets.token_urlsafe(9)
            user = User(
                username=username,
                full_name=f"{label} {participant.unit.label}",
                must_change_password=True,
            )
            user.set_password(password)
            users.append(user)
            links.append((participant, role))
            credentials.append(
                Credential(
                    username,
                    password,
                    user.full_name,
                    str(MemberRole(role).label),
                    str(participant.unit),
                )
            )
    User.objects.bulk_create(users)
    ParticipantMember.objects.bulk_create(
        ParticipantMember(participant=p, user=u, role=role)
        for u, (p, role) in zip(users, links, strict=True)
    )
    if users:
        record_event(
            actor=by,
            action="participant.accounts",
            obj=cycle,
            after={"usernames": [u.username for u in users]},
        )
    return credentials
