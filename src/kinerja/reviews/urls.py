from django.urls import path  # noqa: F401 — the review views are added here

app_name = "reviews"
urlpatterns: list = []
