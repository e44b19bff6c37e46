from django.urls import path

from kinerja.common import views

app_name = "common"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
]
