from django.urls import path

from kinerja.guide import views

app_name = "guide"
urlpatterns = [
    path("", views.GuideIndexView.as_view(), name="index"),
    path("panduan.pdf", views.GuidePdfView.as_view(), name="pdf"),
    path("<slug:slug>/", views.GuidePageView.as_view(), name="page"),
]
