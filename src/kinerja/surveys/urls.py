from django.urls import path

from kinerja.surveys.views import feed, kiosk, manage, paper, poster, report

app_name = "surveys"
urlpatterns = [
    path("", manage.SurveyListView.as_view(), name="manage"),
    path("<int:survey_id>/", manage.SurveyDetailView.as_view(), name="detail"),
    path("<int:survey_id>/ubah/", manage.SurveyEditView.as_view(), name="edit"),
    path("<int:survey_id>/publikasi/", manage.SurveyPublishView.as_view(), name="publish"),
    path("<int:survey_id>/kecualikan/", manage.SurveyExcludeView.as_view(), name="exclude"),
    path("<int:survey_id>/hitung-ulang/", manage.SurveyRecountView.as_view(), name="recount"),
    path("<int:survey_id>/poster/", poster.PosterView.as_view(), name="poster"),
    path("<int:survey_id>/kertas/", paper.PaperImportView.as_view(), name="paper"),
    path("<int:survey_id>/kiosk/", kiosk.KioskView.as_view(), name="kiosk"),
    path(
        "<int:survey_id>/laporan.<str:report_format>",
        report.KeeperReportView.as_view(),
        name="report",
    ),
    path("siklus/<int:cycle_id>/", feed.FeedView.as_view(), name="feed"),
]
