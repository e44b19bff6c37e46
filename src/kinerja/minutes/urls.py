"""The berita acara and recommendations of a participant, under the review pages' prefix (the
paths they always had)."""

from django.urls import path

from kinerja.minutes import views

app_name = "minutes"
urlpatterns = [
    path("<int:participant_id>/berita-acara/", views.MinutesView.as_view(), name="detail"),
    path(
        "<int:participant_id>/berita-acara/siapkan/",
        views.DraftMinutesView.as_view(),
        name="draft",
    ),
    path(
        "<int:participant_id>/berita-acara/ubah/",
        views.EditMinutesView.as_view(),
        name="edit",
    ),
    path(
        "<int:participant_id>/berita-acara/tanda-tangan/",
        views.ConfirmSignatureView.as_view(),
        name="confirm",
    ),
    path(
        "<int:participant_id>/berita-acara/rekomendasi/",
        views.AddRecommendationView.as_view(),
        name="recommendation_add",
    ),
    path(
        "<int:participant_id>/berita-acara/rekomendasi/<int:recommendation_id>/tindak-lanjut/",
        views.FollowUpView.as_view(),
        name="recommendation_follow_up",
    ),
    path("<int:participant_id>/berita-acara/pdf/", views.FinalPdfView.as_view(), name="pdf"),
    path(
        "<int:participant_id>/berita-acara/cetak/",
        views.WetInkPdfView.as_view(),
        name="wet_ink",
    ),
]
