from django.urls import path

from kinerja.nominations.views import NominationsView

app_name = "nominations"
urlpatterns = [
    path("siklus/<int:cycle_id>/nominasi/", NominationsView.as_view(), name="list"),
]
