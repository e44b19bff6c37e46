"""The XLSX rekap: the team's (the current determination's frozen snapshot, or the live
results), prepared by a worker for a large cycle and then downloaded from storage, and the
public one of an announcement (the announced snapshot, never live results)."""

from __future__ import annotations

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View

from kinerja.jobs import services as jobs
from kinerja.jobs.enums import JobStatus
from kinerja.jobs.models import Job
from kinerja.results.exports import (
    XLSX_TYPE,
    determined_source,
    live_source,
    rekap_as_job,
    rekap_filename,
    rekap_path,
    rekap_response,
    snapshot_rows,
)
from kinerja.results.integrity import SnapshotAltered, check_snapshot
from kinerja.results.models import Determination
from kinerja.results.views.announcement import AnnouncementMixin, snapshot_refused
from kinerja.results.views.ranking import RankingView


class RekapView(RankingView):
    """The team's XLSX rekap (organiser and team, like the ranking): the current determination's
    frozen snapshot when there is one, else the live results; ``sumber=langsung`` asks for the
    live results. GET writes it in the request; for a large cycle (``rekap_as_job``) GET sends
    the reader back to the ranking page, whose button POSTs here to start the rekap job."""

    def determination(self, live: bool) -> Determination | None:
        """The determination whose snapshot the rekap holds (None: live results), its snapshot
        left unread (it is streamed)."""
        if live:
            return None
        return (
            Determination.objects.filter(cycle=self.cycle, reopened_at=None)
            .defer("snapshot")
            .first()
        )

    def refused(self, request, determination: Determination | None):
        """The 409 page for a snapshot that fails its SHA-256, else None (live results: None)."""
        if determination is None:
            return None
        try:
            check_snapshot(determination, by=request.user, rows=snapshot_rows(determination))
        except SnapshotAltered:
            return snapshot_refused(request, self.cycle, determination)
        return None

    def get(self, request, *args, **kwargs):
        if rekap_as_job(self.cycle.participants.count()):
            messages.info(
                request,
                _(
                    "This cycle is large: its XLSX rekap is prepared in the background. "
                    "Use the button on this page."
                ),
            )
            return redirect("results:ranking", cycle_id=self.cycle.pk)
        determination = self.determination(request.GET.get("sumber") == "langsung")
        if (refusal := self.refused(request, determination)) is not None:
            return refusal
        if determination is None:
            return rekap_response(self.cycle, live_source(self.cycle))
        return rekap_response(self.cycle, determined_source(self.cycle, determination))

    def post(self, request, *args, **kwargs):
        determination = self.determination(request.POST.get("sumber") == "langsung")
        if (refusal := self.refused(request, determination)) is not None:
            return refusal
        job = jobs.start(
            "rekap",
            label=_("XLSX rekap of %(cycle)s") % {"cycle": self.cycle.name},
            by=request.user,
            cycle=self.cycle,
            params={"determination": determination.pk if determination else None},
        )
        return redirect("jobs:detail", job_id=job.pk)


class RekapFileView(RankingView):
    """The workbook a rekap job of this cycle prepared, from storage (who may see the ranking may
    download it; 404 for any other job, one still running, or a file no longer kept)."""

    def get(self, request, *args, job_id: int, **kwargs):
        job = get_object_or_404(
            Job, pk=job_id, cycle=self.cycle, kind="rekap", status=JobStatus.DONE
        )
        path = rekap_path(job)
        if not default_storage.exists(path):
            raise Http404
        determination_id = job.params.get("determination")
        version = (
            Determination.objects.filter(pk=determination_id)
            .values_list("version", flat=True)
            .first()
            if determination_id
            else None
        )
        return FileResponse(
            default_storage.open(path, "rb"),
            as_attachment=True,
            filename=rekap_filename(self.cycle.pk, version),
            content_type=XLSX_TYPE,
        )

    def post(self, request, *args, **kwargs):
        raise Http404


class AnnouncementRekapView(AnnouncementMixin, View):
    """The rekap of the announced determination: public once announced, a preview for the
    organiser and the team before that, 404 for everyone else (AnnouncementMixin). The
    snapshot is streamed row by row, never loaded whole."""

    load_snapshot = False

    def get(self, request, cycle_id: int):
        self.load(request, cycle_id)
        return rekap_response(self.cycle, determined_source(self.cycle, self.determination))
