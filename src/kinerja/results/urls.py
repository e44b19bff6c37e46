from django.urls import path

from kinerja.results import views

app_name = "results"
urlpatterns = [
    path("siklus/<int:pk>/peringkat/", views.RankingView.as_view(), name="ranking"),
]
