from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView


class HomeView(TemplateView):
    """The landing page: published results (none until the results module publishes some)."""

    template_name = "common/home.html"

    def get_context_data(self, **kwargs):
        # Published results arrive with the results app; until then the list is honestly empty.
        return super().get_context_data(published_results=[], **kwargs)


@never_cache
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
