from django.urls import path

from kinerja.results import views

app_name = "results"
urlpatterns = [
    path("siklus/<int:cycle_id>/peringkat/", views.RankingView.as_view(), name="ranking"),
    path("siklus/<int:cycle_id>/rekap.xlsx", views.RekapView.as_view(), name="rekap"),
    path(
        "siklus/<int:cycle_id>/rekap/<int:job_id>.xlsx",
        views.RekapFileView.as_view(),
        name="rekap_file",
    ),
    path(
        "siklus/<int:cycle_id>/penghargaan/", views.AwardSchemeView.as_view(), name="award_scheme"
    ),
    path(
        "siklus/<int:cycle_id>/penetapan/", views.DeterminationView.as_view(), name="determination"
    ),
    path("siklus/<int:cycle_id>/tahap-lomba/", views.RoundsView.as_view(), name="rounds"),
    path("siklus/<int:cycle_id>/keadilan/", views.FairnessView.as_view(), name="fairness"),
    path("pengumuman/<int:cycle_id>/", views.AnnouncementView.as_view(), name="announcement"),
    path(
        "pengumuman/<int:cycle_id>/rekap.xlsx",
        views.AnnouncementRekapView.as_view(),
        name="announcement_rekap",
    ),
    path(
        "pengumuman/<int:cycle_id>/rapor/<int:participant_id>/",
        views.ReportCardView.as_view(),
        name="report_card",
    ),
    path(
        "pengumuman/<int:cycle_id>/rapor/<int:participant_id>/pdf/",
        views.ReportCardPdfView.as_view(),
        name="report_card_pdf",
    ),
    path(
        "pengumuman/<int:cycle_id>/peringkat.pdf",
        views.RankingPdfView.as_view(),
        name="ranking_pdf",
    ),
    path(
        "pengumuman/<int:cycle_id>/rapor.pdf",
        views.ReportCardBundlePdfView.as_view(),
        name="report_card_bundle_pdf",
    ),
    path(
        "pengumuman/<int:cycle_id>/piagam.pdf",
        views.CertificateBundlePdfView.as_view(),
        name="certificate_bundle_pdf",
    ),
    path(
        "pengumuman/<int:cycle_id>/piagam/<int:participant_id>/<str:kind>.pdf",
        views.CertificatePdfView.as_view(),
        name="certificate_pdf",
    ),
    path(
        "unit/<int:unit_id>/riwayat/<slug:family>/",
        views.UnitHistoryView.as_view(),
        name="unit_history",
    ),
]
