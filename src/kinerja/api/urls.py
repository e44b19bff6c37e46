from django.urls import path

from kinerja.api.views import ServiceTokensView, TokensView

app_name = "api_tokens"
urlpatterns = [
    path("", TokensView.as_view(), name="list"),
    path("layanan/", ServiceTokensView.as_view(), name="service"),
]
