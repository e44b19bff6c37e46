"""The public XLSX rekap of an announcement (the announced snapshot, never live results)."""

from __future__ import annotations

from django.views import View

from kinerja.results.exports import determined_source, rekap_response
from kinerja.results.views.announcement import AnnouncementMixin


class AnnouncementRekapView(AnnouncementMixin, View):
    """The rekap of the announced determination: public once announced, a preview for the
    organiser and the team before that, 404 for everyone else (AnnouncementMixin). The
    snapshot is streamed row by row, never loaded whole."""

    load_snapshot = False

    def get(self, request, cycle_id: int):
        self.load(request, cycle_id)
        return rekap_response(self.cycle, determined_source(self.cycle, self.determination))
