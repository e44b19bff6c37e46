"""Who may do what in a cycle. Roles are per cycle (team) and per unit (participant members)."""

import rules

from kinerja.cycles.enums import MemberRole
from kinerja.cycles.queries import invited_cycle_ids
from kinerja.tenancy.rules import is_cycle_organiser, is_organiser

# How to reach a cycle from the objects the invitation check is made on.
_TOWARDS_CYCLE = ("participant", "evidence", "clarification", "assessment")


def _cycle_of(obj):
    return getattr(obj, "cycle", obj)


def cycle_id_of(obj) -> int | None:
    """The id of the cycle an object is or belongs to (None when it has none)."""
    for _ in range(4):
        if obj is None:
            return None
        if hasattr(obj, "organiser_unit_id") and hasattr(obj, "instrument_version_id"):
            return obj.pk
        if getattr(obj, "cycle_id", None) is not None:
            return obj.cycle_id
        obj = next((getattr(obj, a) for a in _TOWARDS_CYCLE if hasattr(obj, a)), None)
    return None


@rules.predicate
def is_invited_organiser(user, obj) -> bool:
    """The object's cycle invited one of the user's bodies (a government below)."""
    if not user.is_authenticated or obj is None:
        return False
    return cycle_id_of(obj) in invited_cycle_ids(user)


@rules.predicate
def is_team_member(user, obj) -> bool:
    if not user.is_authenticated or obj is None:
        return False
    return _cycle_of(obj).team.filter(user=user).exists()


@rules.predicate
def is_team_chair(user, obj) -> bool:
    if not user.is_authenticated or obj is None:
        return False
    return _cycle_of(obj).team.filter(user=user, role="chair").exists()


@rules.predicate
def is_participant_member(user, participant) -> bool:
    if not user.is_authenticated or participant is None:
        return False
    return participant.members.filter(user=user).exists()


@rules.predicate
def is_participant_head(user, participant) -> bool:
    if not user.is_authenticated or participant is None:
        return False
    return participant.members.filter(user=user, role=MemberRole.HEAD).exists()


@rules.predicate
def is_assigned_evaluator(user, participant) -> bool:
    if not user.is_authenticated or participant is None:
        return False
    return participant.assignments.filter(evaluator__user=user).exists()


@rules.predicate
def is_cycle_member(user, cycle) -> bool:
    """On the team, or acting for one of the participants."""
    if not user.is_authenticated or cycle is None:
        return False
    return (
        cycle.team.filter(user=user).exists()
        or cycle.participants.filter(members__user=user).exists()
    )


# Creating a cycle needs an organiser seat; the body it is run for is checked by the form.
rules.add_perm("cycles.create", is_organiser)
rules.add_perm("cycles.manage", is_cycle_organiser)
rules.add_perm("cycles.invite", is_cycle_organiser)
# An invited government below sees the cycle it is invited to (its overview and stages).
rules.add_perm("cycles.view_cycle", is_cycle_organiser | is_cycle_member | is_invited_organiser)
rules.add_perm("cycles.view_team", is_cycle_organiser | is_team_member)
rules.add_perm("cycles.declare_conflict", is_team_member)
