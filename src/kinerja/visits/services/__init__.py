"""Every change to presentations and field visits.

Each function validates, checks who may do it (defence in depth: the views check the same
permission), saves and writes an audit event in the same transaction.

One module per noun: ``visit_settings``, ``presentations``, ``field_visits`` (the timetable,
hand edits, unavailability, done), ``photos``, ``attendance``, ``checklist``. New code imports
from those; the names below are re-exported for the callers that use the package as a
namespace (``services.plan_field_visit(...)``).

Photos and attendance are not gated by the calendar: a team often types up the attendance
list after the day. Scores are, by ``record_review`` (``can_score``).
"""

from kinerja.visits.services.attendance import add_attendee, remove_attendee
from kinerja.visits.services.checklist import record_checklist_item
from kinerja.visits.services.field_visits import (
    MAX_DAYS,
    NO_EVALUATORS,
    VISIT_FIELDS,
    GeneratedSchedule,
    default_place,
    generate_field_schedule,
    mark_visit_done,
    plan_field_visit,
    set_unavailable,
)
from kinerja.visits.services.photos import add_photo
from kinerja.visits.services.presentations import (
    PRESENTATION_FIELDS,
    cancel_presentation,
    schedule_presentation,
)
from kinerja.visits.services.visit_settings import save_visit_settings, session_start, visit_start

__all__ = [
    "MAX_DAYS",
    "NO_EVALUATORS",
    "PRESENTATION_FIELDS",
    "VISIT_FIELDS",
    "GeneratedSchedule",
    "add_attendee",
    "add_photo",
    "cancel_presentation",
    "default_place",
    "generate_field_schedule",
    "mark_visit_done",
    "plan_field_visit",
    "record_checklist_item",
    "remove_attendee",
    "save_visit_settings",
    "schedule_presentation",
    "session_start",
    "set_unavailable",
    "visit_start",
]
