from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinerja.common.uploads.records import StoredFileRecord
from kinerja.visits.enums import AttendeeCategory, Session, VisitStatus


class VisitSettings(models.Model):
    """Per-cycle settings of presentations and field visits: which instrument component the
    on-site checklist scores, and when the sessions start (in the cycle's time zone)."""

    cycle = models.OneToOneField(
        "cycles.Cycle", on_delete=models.CASCADE, related_name="visit_settings"
    )
    field_component = models.CharField(_("field-visit component"), max_length=60, blank=True)
    pagi_starts = models.TimeField(_("morning session starts"), default="09:00")
    siang_starts = models.TimeField(_("afternoon session starts"), default="13:00")

    class Meta:
        verbose_name = _("visit settings")
        verbose_name_plural = _("visit settings")

    def __str__(self) -> str:
        return str(self.cycle)


class Presentation(models.Model):
    """A participant's presentation (paparan) to the team: when, where or online, by whom."""

    participant = models.OneToOneField(
        "cycles.Participant", on_delete=models.CASCADE, related_name="presentation"
    )
    starts_at = models.DateTimeField(_("starts"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("online meeting link"), max_length=500, blank=True)
    presenter_name = models.CharField(_("presenter"), max_length=200, blank=True)
    presenter_position = models.CharField(_("presenter's position"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("presentation")
        verbose_name_plural = _("presentations")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.participant} {self.starts_at:%Y-%m-%d %H:%M}"


class FieldVisit(models.Model):
    """The team's visit to a participant (verifikasi lapangan / tinjau lapang): one per
    participant, in one day × session; ``starts_at`` follows from them in the cycle's zone."""

    participant = models.OneToOneField(
        "cycles.Participant", on_delete=models.CASCADE, related_name="field_visit"
    )
    day = models.DateField(_("day"))
    session = models.CharField(_("session"), max_length=10, choices=Session.choices)
    starts_at = models.DateTimeField(_("starts"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    fixed = models.BooleanField(
        _("agreed (kept by the generator)"),
        default=False,
        help_text=_("An agreed visit stays where it is when the timetable is generated again."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=VisitStatus.choices, default=VisitStatus.PLANNED
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("field visit")
        verbose_name_plural = _("field visits")
        ordering = ["day", "session", "pk"]
        indexes = [models.Index(fields=["day", "session"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", done_at__isnull=False) | ~Q(status="done"),
                name="field_visit_done_has_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} {self.day} {self.session}"


class Unavailability(models.Model):
    """A team member who cannot go on field visits in a session (or, blank, a whole day)."""

    member = models.ForeignKey(
        "cycles.TeamMember", on_delete=models.CASCADE, related_name="unavailabilities"
    )
    day = models.DateField(_("day"))
    session = models.CharField(
        _("session"), max_length=10, choices=Session.choices, blank=True, default=""
    )

    class Meta:
        verbose_name = _("unavailability")
        verbose_name_plural = _("unavailabilities")
        ordering = ["day", "session"]
        constraints = [
            models.UniqueConstraint(fields=["member", "day", "session"], name="unavailability_once")
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.day} {self.session or '*'}"


class VisitPhoto(StoredFileRecord):
    """A photo taken on site (foto kegiatan), stored through common.uploads."""

    visit = models.ForeignKey(FieldVisit, on_delete=models.CASCADE, related_name="photos")
    taken_at = models.DateTimeField(_("taken"), null=True, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    class Meta:
        verbose_name = _("visit photo")
        verbose_name_plural = _("visit photos")
        ordering = ["visit", "uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="visit_photo_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="visit_photo_longitude_range",
            ),
        ]


class Attendance(models.Model):
    """One person present at a field visit (daftar hadir)."""

    visit = models.ForeignKey(FieldVisit, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position or organisation"), max_length=300, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=AttendeeCategory.choices)
    signed = models.BooleanField(_("signed"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendance")
        ordering = ["visit", "category", "pk"]

    def __str__(self) -> str:
        return self.name
