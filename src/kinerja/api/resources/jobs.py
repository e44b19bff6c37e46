"""A job's state (as its page), for who started it and its cycle's organisers."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router

from kinerja.api.schemas import ERRORS, Id, JobOut
from kinerja.jobs.models import Job

router = Router(tags=["jobs"])


@router.get("/jobs/{job_id}", response={200: JobOut, **ERRORS}, url_name="job")
def get_job(request, job_id: Id):
    job = get_object_or_404(Job.objects.select_related("cycle__organiser_unit"), pk=job_id)
    if not request.auth.has_perm("jobs.view_job", job):
        raise Http404
    return job
