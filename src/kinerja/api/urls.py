from django.urls import path

from kinerja.api.views import TokensView

app_name = "api_tokens"
urlpatterns = [path("", TokensView.as_view(), name="list")]
