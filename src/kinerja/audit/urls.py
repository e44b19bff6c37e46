from django.urls import path

from kinerja.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.EventListView.as_view(), name="events"),
    path("<str:object_type>/<str:object_id>/", views.EventListView.as_view(), name="object"),
]
