from django.urls import path

from kinerja.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("dibaca/", views.MarkReadView.as_view(), name="read"),
    path("surel/", views.EmailChoiceView.as_view(), name="email"),
]
