"""The home page of tasks after login, and the number of waiting tasks for the top bar's badge
(fetched by htmx after the page loads, so no other page pays for it)."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from kinerja.jobs.queries import recent_jobs
from kinerja.tasks.desk import desk_for


class TasksView(LoginRequiredMixin, TemplateView):
    template_name = "tasks/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            desk=desk_for(self.request.user), jobs=recent_jobs(self.request.user), **kwargs
        )


class TaskCountView(LoginRequiredMixin, TemplateView):
    template_name = "tasks/_count.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(waiting=desk_for(self.request.user).waiting, **kwargs)
