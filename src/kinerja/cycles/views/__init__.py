"""The cycle's own pages, a module per page: ``cycle`` (list, new, overview, settings, copy),
``stages``, ``participants`` (with accounts), ``team``, ``assignments`` (with conflicts),
``invitations``; the shared mixins in ``base``."""

from kinerja.cycles.views.assignments import AssignmentsView, ConflictsView
from kinerja.cycles.views.cycle import (
    CopyView,
    CycleCreateView,
    CycleDetailView,
    CycleEditView,
    CycleListView,
)
from kinerja.cycles.views.invitations import InvitationListView, InvitationWithdrawView
from kinerja.cycles.views.participants import (
    AccountsView,
    CredentialsView,
    ParticipantsView,
    UnitOptionsView,
)
from kinerja.cycles.views.stages import StagesView
from kinerja.cycles.views.team import PeopleOptionsView, TeamView

__all__ = [
    "AccountsView",
    "AssignmentsView",
    "ConflictsView",
    "CopyView",
    "CredentialsView",
    "CycleCreateView",
    "CycleDetailView",
    "CycleEditView",
    "CycleListView",
    "InvitationListView",
    "InvitationWithdrawView",
    "ParticipantsView",
    "PeopleOptionsView",
    "StagesView",
    "TeamView",
    "UnitOptionsView",
]
