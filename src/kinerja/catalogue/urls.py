from django.urls import path

from kinerja.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("", views.CatalogueView.as_view(), name="list"),
    path("<int:innovation_id>/", views.InnovationPageView.as_view(), name="detail"),
]
