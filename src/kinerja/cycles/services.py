"""Every change to cycles, stages, participants, teams and assignments (validate, save, audit)."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.accounts.models import User
from kinerja.audit.services import build_event, record_event, record_events, snapshot
from kinerja.cycles import assignment as algorithm
from kinerja.cycles.enums import (
    AssignmentMethod,
    ConflictStatus,
    MemberRole,
    ParticipantStatus,
    TeamRole,
)
from kinerja.cycles.models import (
    Assignment,
    ConflictDeclaration,
    Cycle,
    Panel,
    Participant,
    ParticipantMember,
    Stage,
    TeamMember,
)
from kinerja.instruments.models import InstrumentVersion
from kinerja.instruments.services import lock_version
from kinerja.tenancy.scope import government_regions, government_units
from kinerja.units.models import Unit

DEFAULT_STAGE_DAYS = 7
CYCLE_FIELDS = (
    "name",
    "year",
    "organiser_unit",
    "decree_number",
    "decree_date",
    "principles",
    "description",
    "time_zone",
)
STAGE_FIELDS = (
    "order",
    "kind",
    "name",
    "starts_at",
    "ends_at",
    "can_edit_self",
    "can_upload_evidence",
    "can_score",
    "see_other_scores",
    "results_visible",
)


def _local_midnight(day: dt.date, time_zone: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=ZoneInfo(time_zone))


def default_stages(
    version: InstrumentVersion, *, starts_on: dt.date, time_zone: str
) -> list[Stage]:
    """The instrument's default stages laid end to end from ``starts_on`` (local midnights)."""
    stages = []
    day = starts_on
    for order, spec in enumerate(version.definition.stages, start=1):
        days = spec.days or DEFAULT_STAGE_DAYS
        end_day = day + dt.timedelta(days=days)
        stages.append(
            Stage(
                order=order,
                kind=spec.kind,
                name=spec.name,
                starts_at=_local_midnight(day, time_zone),
                ends_at=_local_midnight(end_day, time_zone),
                can_edit_self=spec.can_edit_self,
                can_upload_evidence=spec.can_upload_evidence,
                can_score=spec.can_score,
                see_other_scores=spec.see_other_scores,
                results_visible=spec.results_visible,
            )
        )
        day = end_day
    return stages


@transaction.atomic
def create_cycle(
    *,
    version: InstrumentVersion,
    name: str,
    year: int,
    organiser_unit: Unit,
    starts_on: dt.date,
    by,
    time_zone: str | None = None,
    decree_number: str = "",
    decree_date: dt.date | None = None,
    principles: str = "",
    description: str = "",
) -> Cycle:
    """Create a cycle on an instrument version, with the instrument's default stages.

    Side effects: locks the instrument version (it can no longer change), saves the cycle and
    its stages, audits ``cycle.create``.
    """
    cycle = Cycle(
        name=name,
        year=year,
        instrument_version=version,
        organiser_unit=organiser_unit,
        decree_number=decree_number,
        decree_date=decree_date,
        principles=principles,
        description=description,
        time_zone=time_zone or organiser_unit.region.time_zone,
        created_by=by if by is not None and by.is_authenticated else None,
    )
    cycle.full_clean()
    cycle.save()
    stages = default_stages(version, starts_on=starts_on, time_zone=cycle.time_zone)
    for stage in stages:
        stage.cycle = cycle
    Stage.objects.bulk_create(stages)
    lock_version(version, by=by, reason=f"cycle {cycle.pk}: {cycle.name}")
    record_event(
        actor=by,
        action="cycle.create",
        obj=cycle,
        after=snapshot(cycle, CYCLE_FIELDS) | {"instrument": version.label, "stages": len(stages)},
    )
    return cycle


@transaction.atomic
def update_cycle(cycle: Cycle, *, by, **changes) -> Cycle:
    """Change a cycle's descriptive fields. Side effects: validates, saves the changed fields,
    audits."""
    before = snapshot(cycle, CYCLE_FIELDS)
    for name, value in changes.items():
        if name not in CYCLE_FIELDS:
            raise TypeError(f"update_cycle() got an unexpected field {name!r}")
        setattr(cycle, name, value)
    cycle.full_clean()
    after = snapshot(cycle, CYCLE_FIELDS)
    changed = [k for k in CYCLE_FIELDS if before[k] != after[k]]
    if changed:
        cycle.save(update_fields=changed)
        record_event(
            actor=by,
            action="cycle.update",
            obj=cycle,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return cycle


@transaction.atomic
def save_stages(cycle: Cycle, stages: list[dict], *, by) -> list[Stage]:
    """Replace the cycle's stage plan with ``stages`` (dicts of STAGE_FIELDS, in order).

    Side effects: validates each stage (end after start) and that the plan is not empty
    (``no_stages``: deleting every stage is never what a caller means), rewrites the stages,
    audits ``cycle.stages`` with the plan before and after.
    """
    if not stages:
        raise ValidationError(_("A cycle needs at least one stage."), code="no_stages")
    before = [snapshot(s, STAGE_FIELDS) for s in cycle.stages.order_by("order")]
    new = []
    for order, data in enumerate(stages, start=1):
        stage = Stage(cycle=cycle, **{**data, "order": order})
        if stage.ends_at <= stage.starts_at:
            raise ValidationError(
                _("Stage “%(name)s” must end after it starts.") % {"name": stage.name}
            )
        stage.full_clean(exclude=["cycle"], validate_unique=False, validate_constraints=False)
        new.append(stage)
    after = [snapshot(s, STAGE_FIELDS) for s in new]
    if after == before:
        return list(cycle.stages.order_by("order"))
    cycle.stages.all().delete()
    Stage.objects.bulk_create(new)
    record_event(
        actor=by,
        action="cycle.stages",
        obj=cycle,
        before={"stages": before},
        after={"stages": after},
    )
    return new


def _shift_year(moment: dt.datetime, years: int) -> dt.datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + years, day=28)


@transaction.atomic
def copy_cycle(
    cycle: Cycle, *, by, name: str | None = None, version: InstrumentVersion | None = None
) -> Cycle:
    """Copy a cycle to the next year: participants, team (with panels) and the stage pattern
    shifted by a year. Answers, evidence, assignments and results are not copied.

    Side effects: creates the new cycle and its rows in bulk, locks the version, audits
    ``cycle.copy``.
    """
    version = version or cycle.instrument_version
    tz = ZoneInfo(cycle.time_zone)
    copy = Cycle.objects.create(
        name=name or cycle.name.replace(str(cycle.year), str(cycle.year + 1)),
        year=cycle.year + 1,
        instrument_version=version,
        organiser_unit=cycle.organiser_unit,
        principles=cycle.principles,
        description=cycle.description,
        time_zone=cycle.time_zone,
        award_scheme=cycle.award_scheme,
        awards=cycle.awards,
        copied_from=cycle,
        created_by=by if by is not None and by.is_authenticated else None,
    )
    Stage.objects.bulk_create(
        Stage(
            cycle=copy,
            **{
                **snapshot(stage, STAGE_FIELDS),
                "starts_at": _shift_year(stage.starts_at.astimezone(tz), 1),
                "ends_at": _shift_year(stage.ends_at.astimezone(tz), 1),
            },
        )
        for stage in cycle.stages.order_by("order")
    )
    Participant.objects.bulk_create(
        Participant(cycle=copy, unit_id=p.unit_id)
        for p in cycle.participants.filter(status=ParticipantStatus.ACTIVE)
    )
    members = ParticipantMember.objects.filter(participant__cycle=cycle).select_related(
        "participant"
    )
    new_participants = {p.unit_id: p for p in copy.participants.all()}
    ParticipantMember.objects.bulk_create(
        ParticipantMember(
            participant=new_participants[m.participant.unit_id], user_id=m.user_id, role=m.role
        )
        for m in members
        if m.participant.unit_id in new_participants
    )
    panels = {p.name: Panel(cycle=copy, name=p.name) for p in cycle.panels.all()}
    Panel.objects.bulk_create(panels.values())
    TeamMember.objects.bulk_create(
        TeamMember(
            cycle=copy,
            user_id=t.user_id,
            agency_id=t.agency_id,
            position=t.position,
            role=t.role,
            panel=panels.get(t.panel.name) if t.panel else None,
        )
        for t in cycle.team.select_related("panel")
    )
    lock_version(version, by=by, reason=f"cycle {copy.pk}: {copy.name}")
    record_event(
        actor=by,
        action="cycle.copy",
        obj=copy,
        after={"from": cycle.pk, "name": copy.name, "year": copy.year, "instrument": version.label},
    )
    return copy


@transaction.atomic
def add_participants(cycle: Cycle, units: Iterable[Unit], *, by) -> list[Participant]:
    """Add units as participants (units already in the cycle are skipped). Set-based.

    Only units of the cycle's government (its organising body's region and the regions under
    it) may take part; any other is refused with ValidationError and nothing is added.
    Side effects: one bulk INSERT, one audit event per new participant.
    """
    units = list(units)
    regions = government_regions(cycle.organiser_unit)
    outside = [u for u in units if u.region_id not in regions]
    if outside:
        raise ValidationError(
            _("Not a unit of this cycle's government: %(units)s.")
            % {"units": ", ".join(str(u) for u in outside[:5])}
        )
    existing = set(cycle.participants.values_list("unit_id", flat=True))
    new = [Participant(cycle=cycle, unit=u) for u in units if u.pk not in existing]
    Participant.objects.bulk_create(new)
    record_events(
        [
            build_event(actor=by, action="participant.add", obj=p, after={"unit": p.unit_id})
            for p in new
        ]
    )
    return new


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


@transaction.atomic
def add_team_member(
    cycle: Cycle,
    *,
    user: User,
    by,
    agency: Unit | None = None,
    institution: str = "",
    position: str = "",
    role: str = TeamRole.MEMBER,
    panel: Panel | None = None,
) -> TeamMember:
    """Put a user on the cycle's team, from a government unit (``agency``, of the cycle's own
    government) or an outside ``institution`` (text). Side effects: saves, audits ``team.add``.
    """
    if agency is not None and not government_units(cycle.organiser_unit).filter(pk=agency.pk):
        raise ValidationError(
            _("%(unit)s is not a unit of this cycle's government.") % {"unit": agency}
        )
    member = TeamMember(
        cycle=cycle,
        user=user,
        agency=agency,
        institution=institution.strip(),
        position=position,
        role=role,
        panel=panel,
    )
    member.full_clean()
    member.save()
    record_event(
        actor=by,
        action="team.add",
        obj=member,
        after=snapshot(member, ("user", "agency", "institution", "position", "role", "panel")),
    )
    return member


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


@transaction.atomic
def set_participant(
    participant: Participant, *, by, status: str | None = None, panel=...
) -> Participant:
    """Change a participant's status (active/withdrawn) and/or panel. Side effects: saves the
    changed fields, audits ``participant.update`` with before/after."""
    before = snapshot(participant, ("status", "panel"))
    if status is not None:
        if status not in ParticipantStatus.values:
            raise ValidationError(_("Unknown participant status."))
        participant.status = status
    if panel is not ...:
        if panel is not None and panel.cycle_id != participant.cycle_id:
            raise ValidationError(_("That panel belongs to another cycle."))
        participant.panel = panel
    after = snapshot(participant, ("status", "panel"))
    changed = [k for k in after if after[k] != before[k]]
    if changed:
        participant.save(update_fields=changed)
        record_event(
            actor=by,
            action="participant.update",
            obj=participant,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return participant


@transaction.atomic
def assign_by_panel(cycle: Cycle, *, by) -> tuple[int, list[tuple[TeamMember, Participant, str]]]:
    """Give every participant in a panel all the evaluators of that panel, skipping (and
    returning) pairs that break a conflict rule. Side effects: bulk INSERT, one audit event."""
    participants, team, tree, declared = _algorithm_inputs(cycle)
    existing = set(cycle.assignments.values_list("evaluator_id", "participant_id"))
    new, refused = [], []
    for participant in participants:
        if participant.panel_id is None:
            continue
        for member in team:
            if member.panel_id != participant.panel_id or (member.pk, participant.pk) in existing:
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
        action="assignment.panel",
        obj=cycle,
        after={"created": len(new), "refused": [[m.pk, p.pk, r] for m, p, r in refused]},
    )
    return len(new), refused


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


@transaction.atomic
def declare_conflict(
    evaluator: TeamMember, participant: Participant, *, reason: str, by
) -> ConflictDeclaration:
    """An evaluator declares a conflict of interest. Side effects: saves, audits."""
    if not reason.strip():
        raise ValidationError(_("Give a reason for the conflict of interest."))
    conflict, _created = ConflictDeclaration.objects.update_or_create(
        evaluator=evaluator,
        participant=participant,
        defaults={
            "cycle": evaluator.cycle,
            "reason": reason.strip(),
            "status": ConflictStatus.DECLARED,
        },
    )
    record_event(
        actor=by, action="conflict.declare", obj=conflict, after={"reason": conflict.reason}
    )
    return conflict


@transaction.atomic
def resolve_conflict(
    conflict: ConflictDeclaration, *, accept: bool, note: str, by
) -> ConflictDeclaration:
    """The organiser accepts (the evaluator is excluded and unassigned) or rejects a conflict.

    Side effects: saves the resolution, deletes the pair's assignment when accepted, audits.
    """
    before = {"status": conflict.status}
    conflict.status = ConflictStatus.ACCEPTED if accept else ConflictStatus.REJECTED
    conflict.resolution_note = note
    conflict.resolved_by = by
    conflict.resolved_at = timezone.now()
    conflict.save(update_fields=["status", "resolution_note", "resolved_by", "resolved_at"])
    removed = 0
    if accept:
        removed, _ = Assignment.objects.filter(
            evaluator=conflict.evaluator, participant=conflict.participant
        ).delete()
    record_event(
        actor=by,
        action="conflict.resolve",
        obj=conflict,
        before=before,
        after={"status": conflict.status, "note": note, "assignments_removed": removed},
    )
    return conflict


# The algorithm names how the participant's unit stands to the evaluator's agency: "parent_unit"
# means the participant is the parent of the evaluator's agency, "child_unit" the reverse.
CONFLICT_MESSAGES = {
    "own_unit": gettext_lazy("%(evaluator)s comes from %(unit)s itself and cannot evaluate it."),
    "parent_unit": gettext_lazy(
        "%(evaluator)s comes from a unit under %(unit)s and cannot evaluate it."
    ),
    "child_unit": gettext_lazy(
        "%(evaluator)s comes from the parent unit of %(unit)s and cannot evaluate it."
    ),
    "declared": gettext_lazy("%(evaluator)s declared a conflict of interest with %(unit)s."),
}
