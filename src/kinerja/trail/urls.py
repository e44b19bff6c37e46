from django.urls import path

from kinerja.trail import views

# The namespace the pages had when the audit app served them (see the package docstring).
app_name = "audit"
urlpatterns = [
    path("", views.EventListView.as_view(), name="events"),
    path("ekspor.xlsx", views.EventExportView.as_view(), name="export"),
    path("<str:object_type>/<str:object_id>/", views.EventListView.as_view(), name="object"),
]
