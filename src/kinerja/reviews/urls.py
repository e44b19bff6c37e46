from django.urls import path

from kinerja.reviews import views

app_name = "reviews"
urlpatterns = [
    path("siklus/<int:cycle_id>/", views.WorklistView.as_view(), name="mine"),
    path("<int:participant_id>/", views.ReviewView.as_view(), name="participant"),
    path("<int:participant_id>/nilai/<str:ref>/", views.SaveReviewView.as_view(), name="save"),
    path("<int:participant_id>/kirim/", views.SubmitView.as_view(), name="submit"),
    path(
        "<int:participant_id>/klarifikasi/<str:ref>/baru/",
        views.RaiseClarificationView.as_view(),
        name="raise",
    ),
    path(
        "peserta/<int:participant_id>/klarifikasi/",
        views.UnitClarificationsView.as_view(),
        name="unit_clarifications",
    ),
    path(
        "klarifikasi/<int:clarification_id>/",
        views.ClarificationView.as_view(),
        name="clarification",
    ),
    path("klarifikasi/<int:clarification_id>/jawab/", views.AnswerView.as_view(), name="answer"),
    path("klarifikasi/<int:clarification_id>/pesan/", views.MessageView.as_view(), name="message"),
    path(
        "klarifikasi/<int:clarification_id>/unggah/",
        views.ClarificationUploadView.as_view(),
        name="clarification_upload",
    ),
    path(
        "klarifikasi/<int:clarification_id>/selesai/",
        views.ResolveView.as_view(),
        name="resolve",
    ),
]

# The plenary (rapat pleno).
from kinerja.reviews import plenary_views  # noqa: E402 — appended section, kept together

urlpatterns += [
    path("siklus/<int:cycle_id>/pleno/", plenary_views.PlenaryView.as_view(), name="plenary"),
    path(
        "siklus/<int:cycle_id>/pleno/<int:participant_id>/",
        plenary_views.PlenaryView.as_view(),
        name="plenary_participant",
    ),
    path(
        "siklus/<int:cycle_id>/pleno/<int:participant_id>/konsensus/<str:ref>/",
        plenary_views.SetConsensusView.as_view(),
        name="consensus_set",
    ),
    path(
        "siklus/<int:cycle_id>/pleno/<int:participant_id>/konsensus/<str:ref>/hapus/",
        plenary_views.ClearConsensusView.as_view(),
        name="consensus_clear",
    ),
    path(
        "siklus/<int:cycle_id>/pleno/tutup/",
        plenary_views.ClosePlenaryView.as_view(),
        name="plenary_close",
    ),
    path(
        "siklus/<int:cycle_id>/pleno/buka-kembali/",
        plenary_views.ReopenPlenaryView.as_view(),
        name="plenary_reopen",
    ),
]

# The berita acara (official minutes) and recommendations.
from kinerja.reviews import minutes_views  # noqa: E402 — appended section, kept together

urlpatterns += [
    path("<int:participant_id>/berita-acara/", minutes_views.MinutesView.as_view(), name="minutes"),
    path(
        "<int:participant_id>/berita-acara/siapkan/",
        minutes_views.DraftMinutesView.as_view(),
        name="minutes_draft",
    ),
    path(
        "<int:participant_id>/berita-acara/ubah/",
        minutes_views.EditMinutesView.as_view(),
        name="minutes_edit",
    ),
    path(
        "<int:participant_id>/berita-acara/tanda-tangan/",
        minutes_views.ConfirmSignatureView.as_view(),
        name="minutes_confirm",
    ),
    path(
        "<int:participant_id>/berita-acara/rekomendasi/",
        minutes_views.AddRecommendationView.as_view(),
        name="recommendation_add",
    ),
    path(
        "<int:participant_id>/berita-acara/rekomendasi/<int:recommendation_id>/tindak-lanjut/",
        minutes_views.FollowUpView.as_view(),
        name="recommendation_follow_up",
    ),
    path(
        "<int:participant_id>/berita-acara/pdf/",
        minutes_views.FinalPdfView.as_view(),
        name="minutes_pdf",
    ),
    path(
        "<int:participant_id>/berita-acara/cetak/",
        minutes_views.WetInkPdfView.as_view(),
        name="minutes_wet_ink",
    ),
]

# The appeal (sanggah).
from kinerja.reviews import appeals_views  # noqa: E402 — appended section, kept together

urlpatterns += [
    path("<int:participant_id>/sanggah/", appeals_views.AppealsView.as_view(), name="appeals"),
    path(
        "<int:participant_id>/sanggah/ajukan/",
        appeals_views.FileAppealView.as_view(),
        name="appeal_file",
    ),
    path(
        "<int:participant_id>/sanggah/<int:appeal_id>/putuskan/",
        appeals_views.DecideAppealView.as_view(),
        name="appeal_decide",
    ),
]
