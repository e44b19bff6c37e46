"""Verification and scoring (F02) and the plenary. Clarifications (``assessments``), the berita
acara (``minutes``) and appeals (``appeals``) share the ``penilaian/`` prefix with their own
URL modules."""

from django.urls import path

from kinerja.reviews import views

app_name = "reviews"
urlpatterns = [
    path("siklus/<int:cycle_id>/", views.WorklistView.as_view(), name="mine"),
    path("<int:participant_id>/", views.ReviewView.as_view(), name="participant"),
    path("<int:participant_id>/nilai/<str:ref>/", views.SaveReviewView.as_view(), name="save"),
    path("<int:participant_id>/kirim/", views.SubmitView.as_view(), name="submit"),
    # The plenary (rapat pleno).
    path("siklus/<int:cycle_id>/pleno/", views.PlenaryView.as_view(), name="plenary"),
    path(
        "siklus/<int:cycle_id>/pleno/<int:participant_id>/",
        views.PlenaryView.as_view(),
        name="plenary_participant",
    ),
    path(
        "siklus/<int:cycle_id>/pleno/<int:participant_id>/konsensus/<str:ref>/",
        views.SetConsensusView.as_view(),
        name="consensus_set",
    ),
    path(
        "siklus/<int:cycle_id>/pleno/<int:participant_id>/konsensus/<str:ref>/hapus/",
        views.ClearConsensusView.as_view(),
        name="consensus_clear",
    ),
    path(
        "siklus/<int:cycle_id>/pleno/tutup/",
        views.ClosePlenaryView.as_view(),
        name="plenary_close",
    ),
    path(
        "siklus/<int:cycle_id>/pleno/buka-kembali/",
        views.ReopenPlenaryView.as_view(),
        name="plenary_reopen",
    ),
]
