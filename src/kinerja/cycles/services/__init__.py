"""Every change to cycles, stages, participants, teams and assignments (validate, save, audit).

One module per noun: ``cycle``, ``stages``, ``participants``, ``team``, ``assignments``,
``conflicts``, ``invitations``. New code imports from those; the names below are re-exported for
the callers that use the package as a namespace (``services.assign(...)``).
"""

from kinerja.cycles.services.assignments import (
    assign,
    assign_automatically,
    assign_by_panel,
    assign_panel_to,
    unassign,
)
from kinerja.cycles.services.conflicts import CONFLICT_MESSAGES, declare_conflict, resolve_conflict
from kinerja.cycles.services.cycle import CYCLE_FIELDS, copy_cycle, create_cycle, update_cycle
from kinerja.cycles.services.invitations import invite_government, withdraw_invitation
from kinerja.cycles.services.participants import (
    Credential,
    add_innovation_entries,
    add_participants,
    categorise_by_region,
    create_participant_accounts,
    set_participant,
)
from kinerja.cycles.services.stages import (
    DEFAULT_STAGE_DAYS,
    STAGE_FIELDS,
    default_stages,
    save_stages,
)
from kinerja.cycles.services.team import add_panel, add_team_member

__all__ = [
    "CONFLICT_MESSAGES",
    "CYCLE_FIELDS",
    "DEFAULT_STAGE_DAYS",
    "STAGE_FIELDS",
    "Credential",
    "add_innovation_entries",
    "add_panel",
    "add_participants",
    "add_team_member",
    "assign",
    "assign_automatically",
    "assign_by_panel",
    "assign_panel_to",
    "categorise_by_region",
    "copy_cycle",
    "create_cycle",
    "create_participant_accounts",
    "declare_conflict",
    "default_stages",
    "invite_government",
    "resolve_conflict",
    "save_stages",
    "set_participant",
    "unassign",
    "update_cycle",
    "withdraw_invitation",
]
