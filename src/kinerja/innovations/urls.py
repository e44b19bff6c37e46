from django.urls import path

from kinerja.innovations import views

app_name = "innovations"
urlpatterns = [
    path("kelola/", views.InnovationListView.as_view(), name="manage"),
    path("<int:innovation_id>/ubah/", views.InnovationEditView.as_view(), name="edit"),
]
