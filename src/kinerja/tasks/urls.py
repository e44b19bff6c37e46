from django.urls import path

from kinerja.tasks import views

app_name = "tasks"
urlpatterns = [
    path("", views.TasksView.as_view(), name="home"),
    path("jumlah/", views.TaskCountView.as_view(), name="count"),
]
