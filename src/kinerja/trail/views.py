"""The audit trail page: every event in the user's scope, or one object's history."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.views.generic import TemplateView

from kinerja.common.permissions import PermissionRequiredMixin
from kinerja.trail.queries import events_in_scope, object_in_scope


class EventListView(PermissionRequiredMixin, TemplateView):
    """The trail, newest first; narrowed to one object by ``object_type``/``object_id``."""

    permission_required = "audit.view_events"
    template_name = "trail/event_list.html"
    paginate_by = 100

    def check_object(self, object_type: str, object_id: str, events) -> None:
        """One object's history: an object outside the user's scope is not found (rather than
        an empty page confirming the address); a deleted object keeps the history in scope."""
        try:
            model = apps.get_model(object_type)
            obj = model._default_manager.filter(pk=object_id).first()
        except (LookupError, ValueError, ValidationError):
            obj = None
        if obj is not None:
            if not object_in_scope(self.request.user, obj):
                raise Http404
        elif not events.exists():
            raise Http404

    def get_context_data(self, **kwargs):
        events = events_in_scope(self.request.user).select_related("actor")
        from_path = "object_type" in kwargs
        object_type = kwargs.pop("object_type", "") or self.request.GET.get("jenis", "")
        object_id = kwargs.pop("object_id", "") or self.request.GET.get("id", "")
        action = self.request.GET.get("aksi", "")
        if object_type:
            events = events.filter(object_type=object_type)
        if object_id:
            events = events.filter(object_id=object_id)
        if from_path:
            self.check_object(object_type, object_id, events)
        if action:
            events = events.filter(action=action)
        page = Paginator(events, self.paginate_by).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page=page,
            events=page.object_list,
            object_type=object_type,
            object_id=object_id,
            action=action,
            **kwargs,
        )
