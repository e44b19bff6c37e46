from django.urls import path

from kinerja.surveys.views import public, report

app_name = "survey_public"
urlpatterns = [
    path("isi/<str:token>/", public.ResponseFormView.as_view(), name="form"),
    path("isi/<str:token>/terima-kasih/", public.ThanksView.as_view(), name="thanks"),
    path("isi/<str:token>/akhiri-kiosk/", public.KioskStopView.as_view(), name="kiosk_stop"),
    path("ikm/", public.IkmListView.as_view(), name="ikm_list"),
    path("ikm/<int:survey_id>/", public.IkmView.as_view(), name="ikm"),
    path(
        "ikm/<int:survey_id>/laporan.<str:report_format>",
        report.PublicReportView.as_view(),
        name="report",
    ),
]
