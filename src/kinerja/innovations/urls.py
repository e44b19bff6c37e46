from django.urls import path

from kinerja.innovations import views

app_name = "innovations"
urlpatterns = [
    path("kelola/", views.InnovationListView.as_view(), name="manage"),
    path("<int:innovation_id>/ubah/", views.InnovationEditView.as_view(), name="edit"),
    path("<int:innovation_id>/berkas/", views.FileUploadView.as_view(), name="file_upload"),
    path("<int:innovation_id>/berkas/<int:file_id>/", views.FileView.as_view(), name="file"),
    path(
        "<int:innovation_id>/berkas/<int:file_id>/hapus/",
        views.FileRemoveView.as_view(),
        name="file_remove",
    ),
]
