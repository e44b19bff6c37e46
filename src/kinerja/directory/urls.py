from django.urls import path

from kinerja.directory import views

# The namespace the pages had when the units app served them (see the package docstring).
app_name = "units"
urlpatterns = [
    path("", views.RegionListView.as_view(), name="regions"),
    path("wilayah/<str:code>/", views.RegionTreeView.as_view(), name="region"),
    path("wilayah-baru/", views.RegionCreateView.as_view(), name="region_create"),
    path("baru/", views.UnitCreateView.as_view(), name="create"),
    path("impor/", views.UnitImportView.as_view(), name="import"),
    path("impor/contoh.csv", views.UnitImportTemplateView.as_view(), name="import_template"),
    path("<int:pk>/", views.UnitDetailView.as_view(), name="detail"),
    path("<int:pk>/ubah/", views.UnitUpdateView.as_view(), name="edit"),
]
