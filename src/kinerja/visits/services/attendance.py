"""The attendance list of a field visit (daftar hadir)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.audit.services import record_event, snapshot
from kinerja.visits.enums import AttendeeCategory
from kinerja.visits.models import Attendance, FieldVisit
from kinerja.visits.services.access import require_worker


@transaction.atomic
def add_attendee(
    visit: FieldVisit, *, name: str, position: str = "", category: str, signed: bool, by
) -> Attendance:
    """Add a person to the visit's attendance list. Side effects: the row, audit
    ``attendance.add``."""
    require_worker(visit, by)
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the attendee's name."), code="name")
    if category not in AttendeeCategory.values:
        raise ValidationError(_("Choose a category from the list."), code="category")
    row = Attendance.objects.create(
        visit=visit,
        name=name[:200],
        position=position.strip()[:300],
        category=category,
        signed=signed,
        created_by=by,
    )
    record_event(
        actor=by,
        action="attendance.add",
        obj=row,
        after=snapshot(row, ["visit", "name", "position", "category", "signed"]),
    )
    return row


@transaction.atomic
def remove_attendee(row: Attendance, *, by) -> None:
    """Remove a person from the attendance list. Side effects: delete, audit."""
    require_worker(row.visit, by)
    record_event(
        actor=by,
        action="attendance.remove",
        obj=row,
        before=snapshot(row, ["visit", "name", "position", "category", "signed"]),
    )
    row.delete()
