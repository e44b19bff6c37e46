"""The assessment URLs: the F01 and its evidence under ``f01/``, clarifications under
``penilaian/`` beside the review pages they belong to (the paths they always had)."""

from django.urls import include, path

from kinerja.assessments import views

app_name = "assessments"

f01_patterns = [
    path("<int:participant_id>/", views.F01View.as_view(), name="f01"),
    path(
        "<int:participant_id>/jawaban/<str:ref>/",
        views.SaveAnswerView.as_view(),
        name="save_answer",
    ),
    path(
        "<int:participant_id>/unggah/<str:ref>/<str:slot>/",
        views.UploadView.as_view(),
        name="upload",
    ),
    path(
        "<int:participant_id>/pakai-ulang/<str:ref>/<str:slot>/",
        views.ReuseView.as_view(),
        name="reuse",
    ),
    path("<int:participant_id>/kirim/", views.SubmitView.as_view(), name="submit"),
    path("<int:participant_id>/buka-kembali/", views.ReopenView.as_view(), name="reopen"),
    path("dokumen/<int:evidence_id>/tarik/", views.WithdrawView.as_view(), name="withdraw"),
    path(
        "berkas/<int:revision_id>/unduh/",
        views.EvidenceDownloadView.as_view(),
        name="evidence_download",
    ),
    path(
        "berkas/<int:revision_id>/pratinjau/",
        views.EvidencePreviewView.as_view(),
        name="evidence_preview",
    ),
    path(
        "siklus/<int:cycle_id>/pemantauan/",
        views.MonitoringView.as_view(),
        name="monitoring",
    ),
    path(
        "siklus/<int:cycle_id>/pemantauan.xlsx",
        views.MonitoringXlsxView.as_view(),
        name="monitoring_xlsx",
    ),
]

clarification_patterns = [
    path(
        "<int:participant_id>/klarifikasi/<str:ref>/baru/",
        views.RaiseClarificationView.as_view(),
        name="clarification_raise",
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
    path(
        "klarifikasi/<int:clarification_id>/jawab/",
        views.AnswerView.as_view(),
        name="clarification_answer",
    ),
    path(
        "klarifikasi/<int:clarification_id>/pesan/",
        views.MessageView.as_view(),
        name="clarification_message",
    ),
    path(
        "klarifikasi/<int:clarification_id>/unggah/",
        views.ClarificationUploadView.as_view(),
        name="clarification_upload",
    ),
    path(
        "klarifikasi/<int:clarification_id>/selesai/",
        views.ResolveView.as_view(),
        name="clarification_resolve",
    ),
]

urlpatterns = [
    path("f01/", include(f01_patterns)),
    path("penilaian/", include(clarification_patterns)),
]
