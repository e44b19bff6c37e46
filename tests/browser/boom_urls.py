"""The project's URLs plus one page that fails, to see the server-error page in a browser."""

from django.urls import path

from kinerja.urls import urlpatterns as project_patterns


def boom(request):
    raise RuntimeError("a failing page for the browser test of the 500 page")


urlpatterns = [path("uji/gagal/", boom), *project_patterns]
