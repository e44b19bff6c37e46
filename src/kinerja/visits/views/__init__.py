"""Presentation and field-visit pages, a module per page: ``schedule`` (the organiser's
schedule, timetable and settings), ``edits`` (hand edits), ``itineraries``, ``onsite`` (the
phone-first on-site page)."""

from kinerja.visits.views.edits import PresentationEditView, VisitEditView
from kinerja.visits.views.itineraries import (
    EvaluatorItineraryView,
    MyItineraryView,
    ParticipantItineraryView,
)
from kinerja.visits.views.onsite import (
    AttendeeAddView,
    AttendeeRemoveView,
    ChecklistSaveView,
    DoneView,
    OnSiteView,
    PhotoUploadView,
    PhotoView,
)
from kinerja.visits.views.schedule import GenerateView, ScheduleView, SettingsView

__all__ = [
    "AttendeeAddView",
    "AttendeeRemoveView",
    "ChecklistSaveView",
    "DoneView",
    "EvaluatorItineraryView",
    "GenerateView",
    "MyItineraryView",
    "OnSiteView",
    "ParticipantItineraryView",
    "PhotoUploadView",
    "PhotoView",
    "PresentationEditView",
    "ScheduleView",
    "SettingsView",
    "VisitEditView",
]
