"""A job's page (its progress bar polls with htmx until it is finished, then links to the
result) and the list of the jobs a person started."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from kinerja.common.permissions import PermissionRequiredMixin
from kinerja.jobs.models import Job

POLL_SECONDS = 1
LIST_SIZE = 50


class JobDetailView(PermissionRequiredMixin, TemplateView):
    permission_required = "jobs.view_job"
    template_name = "jobs/detail.html"

    def get_permission_object(self):
        if not hasattr(self, "job"):
            self.job = get_object_or_404(
                Job.objects.select_related("cycle__organiser_unit", "started_by"),
                pk=self.kwargs["job_id"],
            )
        return self.job

    def get_template_names(self):
        return ["jobs/_progress.html"] if self.request.htmx else [self.template_name]

    def get_context_data(self, **kwargs):
        kwargs.pop("job_id", None)
        return super().get_context_data(job=self.job, poll=POLL_SECONDS, **kwargs)


class JobListView(PermissionRequiredMixin, TemplateView):
    permission_required = "jobs.list"
    template_name = "jobs/list.html"

    def get_context_data(self, **kwargs):
        jobs = Job.objects.filter(started_by=self.request.user).select_related("cycle")
        return super().get_context_data(jobs=jobs[:LIST_SIZE], **kwargs)
