from __future__ import annotations

from django.http import Http404

from kinerja.common.permissions import PermissionRequiredMixin
from kinerja.cycles.models import Cycle


class CycleMixin(PermissionRequiredMixin):
    """Loads ``self.cycle`` (with its instrument version) from the URL's ``pk``; the view's
    permission is checked against it, and an unknown cycle or a refusal is a 404."""

    def get_permission_object(self):
        try:
            self.cycle = Cycle.objects.select_related("instrument_version__instrument").get(
                pk=self.kwargs["pk"]
            )
        except Cycle.DoesNotExist:
            raise Http404 from None
        return self.cycle
