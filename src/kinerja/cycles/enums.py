from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.instruments.enums import ScoreVisibility, StageKind
from kinerja.units.enums import MemberRole

__all__ = ["MemberRole", "ScoreVisibility", "StageKind"]


class ParticipantStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class TeamRole(models.TextChoices):
    CHAIR = "chair", _("Team chair")
    MEMBER = "member", _("Member")


class AwardScheme(models.TextChoices):
    """Where a cycle's award categories come from."""

    INSTRUMENT = "instrument", _("As the instrument says")
    CUSTOM = "custom", _("Set for this cycle")
    GRADE_ONLY = "grade_only", _("Grade (predikat) only, no ranked awards")


class AssignmentMethod(models.TextChoices):
    MANUAL = "manual", _("By hand")
    PANEL = "panel", _("By panel")
    AUTO = "auto", _("Automatic")


class ConflictStatus(models.TextChoices):
    DECLARED = "declared", _("Declared")
    ACCEPTED = "accepted", _("Accepted (evaluator excluded)")
    REJECTED = "rejected", _("Rejected")


# Stage flags a gate can ask about.
STAGE_FLAGS = ("can_edit_self", "can_upload_evidence", "can_score", "results_visible")
