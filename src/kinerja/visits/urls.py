from django.urls import path

from kinerja.visits import views

app_name = "visits"
urlpatterns = [
    path("siklus/<int:cycle_id>/", views.ScheduleView.as_view(), name="schedule"),
    path("siklus/<int:cycle_id>/buat/", views.GenerateView.as_view(), name="generate"),
    path("siklus/<int:cycle_id>/pengaturan/", views.SettingsView.as_view(), name="settings"),
    path("siklus/<int:cycle_id>/saya/", views.MyItineraryView.as_view(), name="mine"),
    path("penilai/<int:member_id>/", views.EvaluatorItineraryView.as_view(), name="evaluator"),
    path(
        "penilai/<int:member_id>/pdf/",
        views.EvaluatorItineraryView.as_view(pdf=True),
        name="evaluator_pdf",
    ),
    path(
        "peserta/<int:participant_id>/",
        views.ParticipantItineraryView.as_view(),
        name="participant",
    ),
    path(
        "peserta/<int:participant_id>/pdf/",
        views.ParticipantItineraryView.as_view(pdf=True),
        name="participant_pdf",
    ),
    path(
        "peserta/<int:participant_id>/paparan/",
        views.PresentationEditView.as_view(),
        name="presentation_edit",
    ),
    path(
        "peserta/<int:participant_id>/jadwal/",
        views.VisitEditView.as_view(),
        name="visit_edit",
    ),
    path("peserta/<int:participant_id>/lapangan/", views.OnSiteView.as_view(), name="onsite"),
    path(
        "peserta/<int:participant_id>/lapangan/nilai/<str:ref>/",
        views.ChecklistSaveView.as_view(),
        name="checklist_save",
    ),
    path(
        "peserta/<int:participant_id>/lapangan/foto/",
        views.PhotoUploadView.as_view(),
        name="photo_upload",
    ),
    path(
        "peserta/<int:participant_id>/lapangan/foto/<int:photo_id>/",
        views.PhotoView.as_view(),
        name="photo",
    ),
    path(
        "peserta/<int:participant_id>/lapangan/hadir/",
        views.AttendeeAddView.as_view(),
        name="attendee_add",
    ),
    path(
        "peserta/<int:participant_id>/lapangan/hadir/<int:attendee_id>/hapus/",
        views.AttendeeRemoveView.as_view(),
        name="attendee_remove",
    ),
    path("peserta/<int:participant_id>/lapangan/selesai/", views.DoneView.as_view(), name="done"),
]
