from django.db import connection
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView


class HomeView(TemplateView):
    """The landing page: the cycles whose results are announced (withdrawn ones disappear)."""

    template_name = "common/home.html"

    def get_context_data(self, **kwargs):
        # Imported here: common is below results in the layering (results uses common).
        from kinerja.results.queries import published_cycles

        published = [
            {
                "url": reverse("results:announcement", kwargs={"cycle_id": a.cycle_id}),
                "name": a.cycle.name,
            }
            for a in published_cycles()
        ]
        return super().get_context_data(published_results=published, **kwargs)


@never_cache
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
