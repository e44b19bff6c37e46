from django.urls import path

from kinerja.tenancy import views

app_name = "tenancy"
urlpatterns = [
    path("penyelenggara/", views.SeatListView.as_view(), name="seats"),
    path("penyelenggara/<int:seat_id>/hapus/", views.SeatDeleteView.as_view(), name="unseat"),
]
