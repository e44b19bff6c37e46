"""The audit trail page: every event in the user's scope, or one object's history, filtered by
cycle, unit, person, action and dates; and the same filtered view as XLSX."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.views import View
from django.views.generic import TemplateView

from kinerja.common.permissions import PermissionRequiredMixin
from kinerja.trail.exports import export_name, trail_response
from kinerja.trail.forms import TrailFilterForm
from kinerja.trail.queries import apply_filters, events_in_scope, filter_choices, object_in_scope


class TrailMixin(PermissionRequiredMixin):
    permission_required = "audit.view_events"

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

    def filtered(self, kwargs: dict):
        """(events, filter form, object type, object id) of this request."""
        events = events_in_scope(self.request.user)
        object_type = kwargs.get("object_type", "")
        object_id = kwargs.get("object_id", "")
        if object_type:
            events = events.filter(object_type=object_type, object_id=object_id)
            self.check_object(object_type, object_id, events)
        form = TrailFilterForm(
            self.request.GET or None, **filter_choices(self.request.user, events)
        )
        if form.is_bound and form.is_valid():
            events = apply_filters(events, form.cleaned_data)
        return events, form, object_type, object_id


class EventListView(TrailMixin, TemplateView):
    """The trail, newest first; narrowed to one object by its path."""

    template_name = "trail/event_list.html"
    paginate_by = 100

    def get_context_data(self, **kwargs):
        events, form, object_type, object_id = self.filtered(kwargs)
        page = Paginator(events.select_related("actor"), self.paginate_by).get_page(
            self.request.GET.get("page")
        )
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            page=page,
            events=page.object_list,
            form=form,
            query=query.urlencode(),
            object_type=object_type,
            object_id=object_id,
        )


class EventExportView(TrailMixin, View):
    """The filtered trail as XLSX (every page of it)."""

    def get(self, request, *args, **kwargs):
        events, _form, _type, _id = self.filtered(kwargs)
        return trail_response(events, filename=export_name())
