"""The cycle's team: the evaluators (and their panels) who score the participants."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.audit.services import record_event, snapshot
from kinerja.cycles.enums import TeamRole
from kinerja.cycles.models import Cycle, Panel, TeamMember
from kinerja.tenancy.scope import government_units
from kinerja.units.models import Unit


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


@transaction.atomic
def add_panel(cycle: Cycle, *, name: str, by) -> Panel:
    """A named sub-team of the cycle (the field jury, "Panel A: kemantren utara"); a name the
    cycle has already is refused (``panel_taken``). Side effects: saves, audits ``panel.add``."""
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the panel a name."), code="panel_name")
    if cycle.panels.filter(name=name).exists():
        raise ValidationError(
            _("This cycle already has a panel named %(name)s.") % {"name": name},
            code="panel_taken",
        )
    panel = Panel.objects.create(cycle=cycle, name=name[:100])
    record_event(actor=by, action="panel.add", obj=panel, after={"name": panel.name})
    return panel
