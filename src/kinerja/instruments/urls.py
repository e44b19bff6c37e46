from django.urls import path

from kinerja.instruments import views

app_name = "instruments"
urlpatterns = [
    path("", views.InstrumentListView.as_view(), name="list"),
    path("impor/", views.ImportView.as_view(), name="import"),
    path("<slug:code>/banding/", views.CompareView.as_view(), name="compare"),
    path("<slug:code>/<str:version>/", views.VersionDetailView.as_view(), name="version"),
    path(
        "<slug:code>/<str:version>/unduh.<str:fmt>",
        views.DownloadView.as_view(),
        name="download",
    ),
]
