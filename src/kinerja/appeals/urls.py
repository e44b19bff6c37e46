"""The appeals (sanggah) of a participant, under the review pages' prefix (the paths they always
had)."""

from django.urls import path

from kinerja.appeals import views

app_name = "appeals"
urlpatterns = [
    path("<int:participant_id>/sanggah/", views.AppealsView.as_view(), name="list"),
    path("<int:participant_id>/sanggah/ajukan/", views.FileAppealView.as_view(), name="file"),
    path(
        "<int:participant_id>/sanggah/<int:appeal_id>/putuskan/",
        views.DecideAppealView.as_view(),
        name="decide",
    ),
]
