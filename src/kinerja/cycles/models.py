from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kinerja.cycles.enums import (
    AssignmentMethod,
    AwardScheme,
    ConflictStatus,
    MemberRole,
    ParticipantStatus,
    ScoreVisibility,
    StageKind,
    TeamRole,
)
from kinerja.units.enums import TimeZoneName, UnitKind


class Cycle(models.Model):
    """One evaluation or competition (e.g. "EKK 2025"), built on a snapshot instrument version."""

    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    instrument_version = models.ForeignKey(
        "instruments.InstrumentVersion",
        verbose_name=_("instrument version"),
        on_delete=models.PROTECT,
        related_name="cycles",
    )
    organiser_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("organising unit"), on_delete=models.PROTECT, related_name="+"
    )
    decree_number = models.CharField(_("decree number"), max_length=200, blank=True)
    decree_date = models.DateField(_("decree date"), null=True, blank=True)
    principles = models.CharField(
        _("principles"),
        max_length=500,
        blank=True,
        help_text=_("E.g. transparansi, akuntabilitas, partisipatif, sinergitas."),
    )
    description = models.TextField(_("description"), blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=40, choices=TimeZoneName.choices, default=TimeZoneName.WIB
    )
    award_scheme = models.CharField(
        _("award categories"),
        max_length=20,
        choices=AwardScheme.choices,
        default=AwardScheme.INSTRUMENT,
    )
    # With the custom scheme: [{"code", "label", "rank" | "top"}], validated as scoring Awards.
    awards = models.JSONField(_("awards"), default=list, blank=True)
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return self.name


class Stage(models.Model):
    """A dated stage of a cycle; its flags open or close what people may do (server-side)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=30, choices=StageKind.choices)
    name = models.CharField(_("name"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    can_edit_self = models.BooleanField(_("units may edit F01"), default=False)
    can_upload_evidence = models.BooleanField(_("units may upload evidence"), default=False)
    can_score = models.BooleanField(_("evaluators may score"), default=False)
    see_other_scores = models.CharField(
        _("other evaluators' scores visible"),
        max_length=20,
        choices=ScoreVisibility.choices,
        default=ScoreVisibility.NEVER,
    )
    results_visible = models.BooleanField(_("results visible to participants"), default=False)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["cycle", "order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="stage_ends_after_start"
            ),
            models.UniqueConstraint(fields=["cycle", "order"], name="stage_order_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Participant(models.Model):
    """A unit taking part in a cycle (peserta)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="participants")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="participations")
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ParticipantStatus.choices,
        default=ParticipantStatus.ACTIVE,
    )
    panel = models.ForeignKey(
        "Panel",
        verbose_name=_("panel"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participants",
    )
    # A competition between innovations enters the innovation; its unit is the innovation's owner,
    # and one unit may enter several innovations (blank: the unit itself is the entrant).
    innovation = models.ForeignKey(
        "innovations.Innovation",
        verbose_name=_("innovation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    # The category it is ranked in when the instrument has categories (e.g. kabupaten / kota).
    category = models.CharField(_("category"), max_length=60, blank=True, default="")
    # Optimistic lock of the participants page's row (status, panel, category).
    version = models.PositiveIntegerField(_("version"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["cycle", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "unit"],
                condition=Q(innovation__isnull=True),
                name="participant_unit_once_per_cycle",
            ),
            models.UniqueConstraint(
                fields=["cycle", "innovation"],
                condition=Q(innovation__isnull=False),
                name="participant_innovation_once_per_cycle",
            ),
        ]

    def __str__(self) -> str:
        if self.innovation_id is not None:
            return f"{self.innovation} — {self.unit}"
        return str(self.unit)


class ParticipantMember(models.Model):
    """A person acting for a participant: its unit operator(s) and its head."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unit_roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)

    class Meta:
        verbose_name = _("participant member")
        verbose_name_plural = _("participant members")
        constraints = [
            models.UniqueConstraint(fields=["participant", "user", "role"], name="member_role_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Panel(models.Model):
    """A sub-team of evaluators (e.g. "Panel A: kemantren utara")."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="panels")
    name = models.CharField(_("name"), max_length=100)
    # The round this panel scores (the field jury of SKK's Tahap III); "" for every round.
    round = models.CharField(_("round"), max_length=60, blank=True, default="")

    class Meta:
        verbose_name = _("panel")
        verbose_name_plural = _("panels")
        ordering = ["cycle", "name"]
        constraints = [models.UniqueConstraint(fields=["cycle", "name"], name="panel_name_unique")]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    """An evaluator (or the chair) of a cycle's team, with the agency (or outside institution)
    they come from."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_roles"
    )
    agency = models.ForeignKey(
        "units.Unit",
        verbose_name=_("origin agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A juror from outside government (a university, a press institute, practitioners) is not a
    # unit: their institution is plain text.
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    role = models.CharField(
        _("role"), max_length=20, choices=TeamRole.choices, default=TeamRole.MEMBER
    )
    panel = models.ForeignKey(
        Panel,
        verbose_name=_("panel"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["cycle", "-role", "user__full_name"]
        constraints = [models.UniqueConstraint(fields=["cycle", "user"], name="team_member_once")]

    def __str__(self) -> str:
        return str(self.user)


class Assignment(models.Model):
    """An evaluator assigned to verify and score a participant."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="assignments")
    evaluator = models.ForeignKey(TeamMember, on_delete=models.CASCADE, related_name="assignments")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="assignments"
    )
    method = models.CharField(_("method"), max_length=20, choices=AssignmentMethod.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["evaluator", "participant"], name="assignment_once")
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} → {self.participant}"


class ConflictDeclaration(models.Model):
    """An evaluator's declared conflict of interest with a participant, and its resolution."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="conflicts")
    evaluator = models.ForeignKey(TeamMember, on_delete=models.CASCADE, related_name="conflicts")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="conflicts")
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=20, choices=ConflictStatus.choices, default=ConflictStatus.DECLARED
    )
    declared_at = models.DateTimeField(_("declared"), auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolution_note = models.TextField(_("resolution note"), blank=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["evaluator", "participant"], name="conflict_once")
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} × {self.participant}"


class Invitation(models.Model):
    """A government below invited to act in a higher government's cycle (e.g. a kab/kota in the
    province's SKK). Its organisers see the cycle; what they may do in it (nominating their units
    within ``quota``) is decided per action."""

    cycle = models.ForeignKey(
        Cycle,
        verbose_name=_("cycle"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    body = models.ForeignKey(
        "units.Unit",
        verbose_name=_("invited body"),
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    quota = models.PositiveSmallIntegerField(
        _("nomination quota"),
        default=1,
        help_text=_("How many of its units the invited government may nominate."),
    )
    unit_kind = models.CharField(
        _("kind of unit to nominate"),
        max_length=20,
        choices=UnitKind.choices,
        blank=True,
        help_text=_("Only units of this kind may be nominated; empty for any kind."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("invited"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        # Created by the tenancy app before the invitation moved here (issue 12).
        db_table = "tenancy_invitation"
        ordering = ["body__region__code", "body__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "body"],
                condition=Q(withdrawn_at__isnull=True),
                name="invitation_open_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} — {self.body}"

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None
