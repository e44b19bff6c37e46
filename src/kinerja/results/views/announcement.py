from __future__ import annotations

from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views import View

from kinerja.cycles.loaders import cycles_for_pages
from kinerja.reports.letterhead import letterhead_for
from kinerja.reports.pdf import PDF_CONTENT_TYPE, render_pdf
from kinerja.results.cards import report_card
from kinerja.results.documents import announcement_context, snapshot_award_names
from kinerja.results.exports import snapshot_rows
from kinerja.results.integrity import SnapshotAltered, check_snapshot
from kinerja.results.queries import current_determination, live_announcement
from kinerja.results.services import altered_message

# --- pengumuman (public announcement) ----------------------------------------------------------


def snapshot_refused(request, cycle, determination) -> TemplateResponse:
    """The page served instead of a snapshot that failed its SHA-256 check (409, never 404 or
    500): the public learns only that the record cannot be shown; the organiser reads which
    version and what to do."""
    organiser = request.user.has_perm("results.determine", cycle)
    context = {
        "cycle": cycle,
        "determination": determination,
        "organiser_message": altered_message(determination) if organiser else "",
    }
    return TemplateResponse(request, "results/snapshot_refused.html", context, status=409)


class AnnouncementMixin:
    """Public once announced; before that only the organiser and the team preview the current
    determination, and everyone else gets 404 (no login redirect: nothing may leak). The
    snapshot is served only when it matches its SHA-256 (``integrity.check_snapshot``);
    otherwise every view of it answers with ``snapshot_refused``."""

    # Views that stream the snapshot themselves (the rekap) leave it unread here.
    load_snapshot = True

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except SnapshotAltered as altered:
            return snapshot_refused(request, self.cycle, altered.determination)

    def verify(self, request) -> None:
        rows = None if self.load_snapshot else snapshot_rows(self.determination)
        check_snapshot(self.determination, by=request.user, rows=rows)

    def load(self, request, cycle_id: int):
        announcement = live_announcement(cycle_id, snapshot=self.load_snapshot)
        if announcement is not None:
            self.cycle, self.determination, self.preview = (
                announcement.cycle,
                announcement.determination,
                False,
            )
            self.verify(request)
            return
        cycle = cycles_for_pages().filter(pk=cycle_id).first()
        if cycle is None or not request.user.has_perm("results.preview_announcement", cycle):
            raise Http404
        determination = current_determination(cycle, snapshot=self.load_snapshot)
        if determination is None:
            raise Http404
        self.cycle, self.determination, self.preview = cycle, determination, True
        self.verify(request)

    def base_context(self) -> dict:
        return announcement_context(self.cycle, self.determination, preview=self.preview)


class AnnouncementView(AnnouncementMixin, View):
    def get(self, request, cycle_id: int):
        self.load(request, cycle_id)
        context = self.base_context()
        context["rows"] = [
            {**row, "award_names": snapshot_award_names(row, context["award_labels"])}
            for row in self.determination.snapshot
        ]
        return TemplateResponse(request, "results/announcement.html", context)


def _card_context(view: AnnouncementMixin, participant_id: int) -> dict:
    context = view.base_context()
    card = report_card(view.determination.snapshot, participant_id, context["instrument"])
    if card is None:
        raise Http404
    context.update(
        card=card,
        row=card.row,
        award_names=snapshot_award_names(card.row, context["award_labels"]),
        chart=mark_safe(card.chart_svg),  # noqa: S308 -- our own SVG, every label escaped
    )
    return context


class ReportCardView(AnnouncementMixin, View):
    def get(self, request, cycle_id: int, participant_id: int):
        self.load(request, cycle_id)
        context = _card_context(self, participant_id)
        return TemplateResponse(request, "results/report_card.html", context)


class ReportCardPdfView(AnnouncementMixin, View):
    def get(self, request, cycle_id: int, participant_id: int):
        self.load(request, cycle_id)
        context = _card_context(self, participant_id)
        context.update(
            letterhead=letterhead_for(self.cycle.organiser_unit),
            generated_at=timezone.now(),
            document_hash=self.determination.sha256,
        )
        data = render_pdf("results/report_card_pdf.html", context, request=request)
        response = HttpResponse(data, content_type=PDF_CONTENT_TYPE)
        response["Content-Disposition"] = (
            f'inline; filename="rapor-{self.cycle.pk}-{participant_id}.pdf"'
        )
        return response
