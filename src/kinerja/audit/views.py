from django.core.paginator import Paginator
from django.views.generic import TemplateView

from kinerja.common.permissions import PermissionRequiredMixin
from kinerja.tenancy.scope import events_in_scope


class EventListView(PermissionRequiredMixin, TemplateView):
    """The trail, newest first; narrowed to one object by ``object_type``/``object_id``."""

    permission_required = "audit.view_events"
    template_name = "audit/event_list.html"
    paginate_by = 100

    def get_context_data(self, **kwargs):
        events = events_in_scope(self.request.user).select_related("actor")
        object_type = kwargs.pop("object_type", "") or self.request.GET.get("jenis", "")
        object_id = kwargs.pop("object_id", "") or self.request.GET.get("id", "")
        action = self.request.GET.get("aksi", "")
        if object_type:
            events = events.filter(object_type=object_type)
        if object_id:
            events = events.filter(object_id=object_id)
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
