"""View permission checks: anonymous users are sent to log in, everyone else who may not see
an object gets 404 — never a hint that it exists (DESIGN rule 6)."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404


class PermissionRequiredMixin:
    """Names a django-rules permission; checked on the object when ``get_permission_object``
    returns one. Subclasses set ``permission_required``.

    A service that refuses the actor (``PermissionDenied``, e.g. a chair-only step taken by a
    member) is a 404 as well, so no view catches it by hand."""

    permission_required: str = ""

    def get_permission_object(self):
        return None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.request, self.args, self.kwargs = request, args, kwargs
        if not request.user.has_perm(self.permission_required, self.get_permission_object()):
            raise Http404
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied:
            raise Http404 from None
