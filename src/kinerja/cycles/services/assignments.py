"""Assignments: which evaluators score which participants, automatically, by panel or by hand.

The choice itself is the pure algorithm of ``kinerja.cycles.assignment``; this module feeds it
the cycle's rows and stores what it decides. Every pair it stores respects the conflict rules.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from kinerja.audit.services import record_event
from kinerja.cycles import assignment as algorithm
from kinerja.cycles.enums import AssignmentMethod, ConflictStatus, ParticipantStatus
from kinerja.cycles.models import Assignment, Cycle, Participant, TeamMember
from kinerja.cycles.services.conflicts import CONFLICT_MESSAGES
from kinerja.units.models import Unit


def _algorithm_inputs(cycle: Cycle):
    participants = list(
        cycle.participants.filter(status=ParticipantStatus.ACTIVE).select_related("unit")
    )
    team = list(cycle.team.select_related("panel"))
    units = Unit.objects.filter(
        pk__in={p.unit_id for p in participants} | {t.agency_id for t in team if t.agency_id}
    ).values_list("pk", "parent_id")
    unit_parent = dict(units)
    # Children of participant units are needed for the "its children" rule: load them too.
    for pk, parent in Unit.objects.filter(
        parent_id__in=[p.unit_id for p in participants]
    ).values_list("pk", "parent_id"):
        unit_parent[pk] = parent
    tree = algorithm.UnitTree(unit_parent)
    declared = set(
        cycle.conflicts.exclude(status=ConflictStatus.REJECTED).values_list(
            "evaluator_id", "participant_id"
        )
    )
    return participants, team, tree, declared


@transaction.atomic
def assign_automatically(
    cycle: Cycle, *, k: int, by, min_agencies: int = 0, by_panel: bool = False
):
    """Assign ``k`` evaluators to every participant: conflicts respected, loads balanced.

    Existing assignments are kept and counted. Side effects: bulk INSERT of the new
    assignments, one audit event ``assignment.auto`` on the cycle. Returns the algorithm's plan
    (with any shortfall per participant).
    """
    participants, team, tree, declared = _algorithm_inputs(cycle)
    existing = set(cycle.assignments.values_list("evaluator_id", "participant_id"))
    panel_names = dict(cycle.panels.values_list("pk", "name"))
    plan = algorithm.auto_assign(
        [algorithm.Participant(p.pk, p.unit_id, panel_names.get(p.panel_id)) for p in participants],
        [algorithm.Evaluator(t.pk, t.agency_id, t.panel.name if t.panel else None) for t in team],
        k=k,
        tree=tree,
        declared=frozenset(declared),
        existing=frozenset(existing),
        min_agencies=min_agencies,
        by_panel=by_panel,
    )
    Assignment.objects.bulk_create(
        Assignment(cycle=cycle, evaluator_id=e, participant_id=p, method=AssignmentMethod.AUTO)
        for e, p in sorted(plan.pairs, key=lambda pair: (str(pair[1]), str(pair[0])))
    )
    record_event(
        actor=by,
        action="assignment.auto",
        obj=cycle,
        after={
            "k": k,
            "created": len(plan.pairs),
            "unfilled": {str(p): s.needed for p, s in plan.unfilled.items()},
        },
    )
    return plan


def _assign_pairs(cycle: Cycle, wanted, *, by, action: str, detail: dict | None = None):
    """Store the ``(member, participant)`` pairs not assigned yet that break no conflict rule;
    return how many were stored and the refused pairs with their reason. One bulk INSERT and
    one audit event ``action`` on the cycle."""
    _participants, _team, tree, declared = _algorithm_inputs(cycle)
    existing = set(cycle.assignments.values_list("evaluator_id", "participant_id"))
    new, refused = [], []
    for member, participant in wanted:
        if (member.pk, participant.pk) in existing:
            continue
        reason = algorithm.conflict_reason(
            algorithm.Evaluator(member.pk, member.agency_id),
            algorithm.Participant(participant.pk, participant.unit_id),
            tree=tree,
            declared=frozenset(declared),
        )
        if reason is None:
            new.append(
                Assignment(
                    cycle=cycle,
                    evaluator=member,
                    participant=participant,
                    method=AssignmentMethod.PANEL,
                )
            )
        else:
            refused.append((member, participant, reason))
    Assignment.objects.bulk_create(new)
    record_event(
        actor=by,
        action=action,
        obj=cycle,
        after=(detail or {})
        | {"created": len(new), "refused": [[m.pk, p.pk, r] for m, p, r in refused]},
    )
    return len(new), refused


@transaction.atomic
def assign_by_panel(cycle: Cycle, *, by) -> tuple[int, list[tuple[TeamMember, Participant, str]]]:
    """Give every participant in a panel all the evaluators of that panel, skipping (and
    returning) pairs that break a conflict rule. Side effects: bulk INSERT, one audit event."""
    participants, team, _tree, _declared = _algorithm_inputs(cycle)
    wanted = [
        (member, participant)
        for participant in participants
        if participant.panel_id is not None
        for member in team
        if member.panel_id == participant.panel_id
    ]
    return _assign_pairs(cycle, wanted, by=by, action="assignment.panel")


@transaction.atomic
def assign_panel_to(
    cycle: Cycle, panel, participants, *, by
) -> tuple[int, list[tuple[TeamMember, Participant, str]]]:
    """Give each of ``participants`` every member of ``panel`` (a round's panel to who entered
    the round), conflict rules respected. Side effects: bulk INSERT, audit
    ``assignment.round_panel``."""
    members = list(cycle.team.filter(panel=panel).select_related("panel"))
    wanted = [(member, participant) for participant in participants for member in members]
    return _assign_pairs(
        cycle, wanted, by=by, action="assignment.round_panel", detail={"panel": panel.name}
    )


@transaction.atomic
def assign(
    cycle: Cycle,
    *,
    evaluator: TeamMember,
    participant: Participant,
    by,
    method=AssignmentMethod.MANUAL,
):
    """Assign one evaluator by hand; a conflicting pair is refused with the reason."""
    _participants, _team, tree, declared = _algorithm_inputs(cycle)
    reason = algorithm.conflict_reason(
        algorithm.Evaluator(evaluator.pk, evaluator.agency_id),
        algorithm.Participant(participant.pk, participant.unit_id),
        tree=tree,
        declared=frozenset(declared),
    )
    if reason is not None:
        raise ValidationError(
            CONFLICT_MESSAGES[reason] % {"evaluator": evaluator, "unit": participant.unit}
        )
    assignment, created = Assignment.objects.get_or_create(
        cycle=cycle, evaluator=evaluator, participant=participant, defaults={"method": method}
    )
    if created:
        record_event(actor=by, action="assignment.add", obj=assignment, after={"method": method})
    return assignment


@transaction.atomic
def unassign(assignment: Assignment, *, by) -> None:
    """Remove an assignment. Side effects: deletes it, audits ``assignment.remove``."""
    record_event(
        actor=by,
        action="assignment.remove",
        obj=assignment,
        before={"evaluator": assignment.evaluator_id, "participant": assignment.participant_id},
    )
    assignment.delete()
