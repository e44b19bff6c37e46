"""The mixins of the cycle's own pages."""

from __future__ import annotations

from django.shortcuts import redirect

from kinerja.cycles import loaders
from kinerja.cycles.queries import with_counts

# Where the one-time credentials of new accounts wait for the credentials page (the session).
CREDENTIALS_KEY = "cycle_credentials"


class CycleMixin(loaders.CycleMixin):
    """The cycle's own pages: the cycle loaded with its tabs' counts; managing it by default."""

    permission_required = "cycles.manage"

    def cycle_queryset(self):
        return with_counts(super().cycle_queryset())

    def get_context_data(self, **kwargs):
        kwargs.pop("cycle_id", None)
        return super().get_context_data(cycle=self.cycle, **kwargs)

    def back(self, name="cycles:detail"):
        return redirect(name, cycle_id=self.cycle.pk)


class InvitationMixin(loaders.CycleMixin):
    """Loads ``self.cycle``; only its organisers (and the platform administrator) get in."""

    permission_required = "cycles.invite"


class OptionsMixin:
    """A typeahead's options, served beside the page it extends (its loaders and permission):
    GET only, since the page's own POST (adding) is not the typeahead's; ``typed()`` is what was
    typed in ``param``, spaces collapsed, "" below ``MIN_LENGTH`` characters."""

    http_method_names = ["get", "head", "options"]
    param = "q"
    LIMIT = 20
    MIN_LENGTH = 2

    def typed(self) -> str:
        text = " ".join(self.request.GET.get(self.param, "").split())[:100]
        return text if len(text) >= self.MIN_LENGTH else ""
