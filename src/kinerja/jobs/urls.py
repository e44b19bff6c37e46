from django.urls import path

from kinerja.jobs.views import JobDetailView, JobListView

app_name = "jobs"
urlpatterns = [
    path("", JobListView.as_view(), name="list"),
    path("<int:job_id>/", JobDetailView.as_view(), name="detail"),
]
