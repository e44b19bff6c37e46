from django.urls import path

from kinerja.assessments import views

app_name = "assessments"
urlpatterns = [
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
