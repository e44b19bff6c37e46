from django.urls import path

from kinerja.results import views

app_name = "results"
urlpatterns = [
    path("siklus/<int:pk>/peringkat/", views.RankingView.as_view(), name="ranking"),
    path("siklus/<int:pk>/rekap.xlsx", views.RekapView.as_view(), name="rekap"),
    path("siklus/<int:pk>/penetapan/", views.DeterminationView.as_view(), name="determination"),
    path("pengumuman/<int:cycle_id>/", views.AnnouncementView.as_view(), name="announcement"),
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
]
