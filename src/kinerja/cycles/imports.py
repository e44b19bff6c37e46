"""Bulk team import from CSV/XLSX: plan (every bad row reported), then apply all-or-nothing."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.audit.services import build_event, record_events
from kinerja.common.tabular import Table
from kinerja.cycles.enums import TeamRole
from kinerja.cycles.models import Cycle, Panel, TeamMember
from kinerja.cycles.services.participants import Credential
from kinerja.tenancy.scope import government_units
from kinerja.units.matching import Problem, UnitMatcher, explain
from kinerja.units.models import Unit

COLUMNS = {
    "username": ("username", "nama pengguna", "akun"),
    "nama": ("nama", "name", "nama lengkap"),
    "nip": ("nip",),
    "jabatan": ("jabatan", "position"),
    "instansi": ("instansi", "agency", "opd", "asal"),
    "lembaga": ("lembaga", "institusi", "institution"),
    "peran": ("peran", "role"),
    "panel": ("panel", "sub tim", "subtim"),
    "email": ("email", "e-mail", "surel"),
}
ROLES = {
    "ketua": TeamRole.CHAIR,
    "chair": TeamRole.CHAIR,
    "anggota": TeamRole.MEMBER,
    "member": TeamRole.MEMBER,
    "": TeamRole.MEMBER,
}


@dataclass
class TeamRow:
    number: int
    username: str = ""
    full_name: str = ""
    nip: str = ""
    position: str = ""
    agency: Unit | None = None
    institution: str = ""
    role: str = TeamRole.MEMBER
    panel: str = ""
    email: str = ""
    user: User | None = None
    errors: list[str] = field(default_factory=list)


@dataclass
class TeamPlan:
    rows: list[TeamRow]
    file_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_errors and all(not r.errors for r in self.rows)

    @property
    def error_rows(self) -> list[TeamRow]:
        return [r for r in self.rows if r.errors]


USERNAME_MAX = User._meta.get_field("username").max_length


def plan_team_import(cycle: Cycle, table: Table) -> TeamPlan:
    """Check every row; a fixed number of queries whatever the file's size."""
    mapping = {}
    for key, aliases in COLUMNS.items():
        mapping[key] = next((h for h in table.headers if h in aliases), None)
    if mapping["username"] is None:
        return TeamPlan([], [_("Required column missing: username.")])
    if not table.rows:
        return TeamPlan([], [_("The file has no data rows.")])
    planner = _TeamPlanner(cycle)
    rows = []
    for number, cells in table.rows:
        values = {
            key: cells.get(column, "").strip() if column else "" for key, column in mapping.items()
        }
        rows.append(planner.plan(number, values))
    return TeamPlan(rows)


class _TeamPlanner:
    """What the plan reads once (the government's agencies, the users, the team) and the
    usernames seen so far; ``plan`` checks one row: lengths, username, e-mail, role, agency."""

    def __init__(self, cycle: Cycle):
        # Only the units of the cycle's own government are matched: another government's units
        # are never revealed, nor taken by a same-named one. A bare name means a unit of the
        # organiser's own region when there is one there (a province's "Dinas Kesehatan").
        self.agencies: UnitMatcher[Unit] = UnitMatcher(
            government_units(cycle.organiser_unit, Unit.objects.filter(active=True))
            .select_related("region")
            .only("name", "short_name", "code", "region__name", "region__code"),
            short_names=True,
        )
        self.home = cycle.organiser_unit.region
        self.users = {
            u.username.lower(): u for u in User.objects.all().only("username", "full_name")
        }
        self.on_team = set(cycle.team.values_list("user__username", flat=True))
        self.seen: dict[str, int] = {}

    def plan(self, number: int, values: dict[str, str]) -> TeamRow:
        row = TeamRow(
            number=number,
            username=values["username"],
            full_name=values["nama"],
            nip=values["nip"],
            position=values["jabatan"],
            panel=values["panel"],
            email=values["email"],
            institution=values["lembaga"][:200],
        )
        if self._too_long(row):
            return row  # a 100,000-character value is not worth judging (or quoting) further
        self._username(row)
        if row.email:
            try:
                validate_email(row.email)
            except ValidationError:
                row.errors.append(
                    _("e-mail %(value)r is not a valid address") % {"value": row.email}
                )
        role = ROLES.get(values["peran"].lower())
        if role is None:
            row.errors.append(
                _("role (peran) must be 'ketua' or 'anggota', not %(value)r")
                % {"value": values["peran"]}
            )
        else:
            row.role = role
        self._agency(row, values["instansi"])
        return row

    def _too_long(self, row: TeamRow) -> bool:
        too_long = [
            (column, limit)
            for column, value, limit in (
                ("username", row.username, USERNAME_MAX),
                ("nama", row.full_name, 200),
                ("nip", row.nip, 30),
                ("jabatan", row.position, 200),
                ("email", row.email, 254),
            )
            if len(value) > limit
        ]
        for column, limit in too_long:
            row.errors.append(
                _("%(column)s is longer than %(limit)s characters")
                % {"column": column, "limit": limit}
            )
        return bool(too_long)

    def _username(self, row: TeamRow) -> None:
        if not row.username:
            row.errors.append(_("username is empty"))
            return
        try:
            User.username_validator(row.username)
        except Exception:
            row.errors.append(
                _("username %(value)r may only hold letters, digits and @/./+/-/_")
                % {"value": row.username}
            )
        key = row.username.lower()
        if key in self.seen:
            row.errors.append(
                _("username %(value)s appears twice (row %(row)s)")
                % {"value": row.username, "row": self.seen[key]}
            )
        self.seen.setdefault(key, row.number)
        if row.username in self.on_team:
            row.errors.append(_("%(value)s is already on the team") % {"value": row.username})
        row.user = self.users.get(key)

    def _agency(self, row: TeamRow, agency: str) -> None:
        if agency and row.institution:
            row.errors.append(
                _("give either an agency (instansi) or an outside institution (lembaga), not both")
            )
        elif agency:
            match = self.agencies.resolve(agency, within=self.home)
            if match.problem is Problem.NOT_FOUND:
                match = self.agencies.resolve(agency)
            if match.target is not None:
                row.agency = match.target
            elif match.problem is Problem.NOT_FOUND:
                row.errors.append(
                    _(
                        "agency (instansi) %(value)r is not a unit of this government; for a "
                        "juror from outside government use the 'lembaga' column"
                    )
                    % {"value": agency}
                )
            else:
                row.errors.append(
                    # Translators: problem is a sentence that starts with the quoted agency.
                    _("agency (instansi) %(problem)s") % {"problem": explain(match)}
                )


@transaction.atomic
def apply_team_import(cycle: Cycle, plan: TeamPlan, *, by) -> list[Credential]:
    """Create missing accounts and team members in bulk; returns first-login credentials for new
    accounts (each must change its password at first login). Side effects: bulk INSERTs, one
    audit event per team member (``team.import``)."""
    if not plan.ok:
        raise ValueError("a team plan with errors cannot be applied")
    credentials = []
    new_users = []
    for row in plan.rows:
        if row.user is None:
            password = secrets.token_urlsafe(9)
            row.user = User(
                username=row.username,
                full_name=row.full_name,
                nip=row.nip,
                position=row.position,
                email=row.email,
                must_change_password=True,
            )
            row.user.set_password(password)
            new_users.append(row.user)
            credentials.append(
                Credential(
                    row.username,
                    password,
                    row.full_name,
                    str(TeamRole(row.role).label),
                    str(row.agency or row.institution),
                )
            )
    User.objects.bulk_create(new_users)
    panel_names = {row.panel for row in plan.rows if row.panel}
    existing = {p.name: p for p in cycle.panels.filter(name__in=panel_names)}
    missing = [Panel(cycle=cycle, name=name) for name in sorted(panel_names - set(existing))]
    Panel.objects.bulk_create(missing)
    panels = existing | {p.name: p for p in cycle.panels.filter(name__in=panel_names)}
    members = [
        TeamMember(
            cycle=cycle,
            user=row.user,
            agency=row.agency,
            institution=row.institution,
            position=row.position,
            role=row.role,
            panel=panels.get(row.panel),
        )
        for row in plan.rows
    ]
    TeamMember.objects.bulk_create(members)
    record_events(
        [
            build_event(
                actor=by,
                action="team.import",
                obj=m,
                after={"user": m.user.username, "agency": m.agency_id, "role": m.role},
            )
            for m in cycle.team.filter(user__in=[r.user for r in plan.rows]).select_related("user")
        ]
    )
    if settings.KINERJA_EMAIL_ENABLED:
        emails = {row.username: row.email for row in plan.rows if row.email}
        messages = [
            (
                _("Your Kinerja account for %(cycle)s") % {"cycle": cycle.name},
                _(
                    "Username: %(username)s\nPassword: %(password)s\n\n"
                    "Change the password after your first login."
                )
                % {"username": c.username, "password": c.password},
                settings.DEFAULT_FROM_EMAIL,
                [emails[c.username]],
            )
            for c in credentials
            if c.username in emails
        ]
        # Sent only once the accounts really exist.
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
    return credentials
