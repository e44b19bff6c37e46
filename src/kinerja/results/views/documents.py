"""Printed decree documents: the ranking as the decree's attachment (lampiran) and the
certificates (piagam penghargaan, sertifikat predikat), all read from the frozen snapshot and
gated like the announcement."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse
from django.views import View

from kinerja.reports.pdf import PDF_CONTENT_TYPE
from kinerja.results.cards import report_cards
from kinerja.results.certificates import (
    KINDS,
    Certificate,
    certificates_for_row,
    certificates_of,
)
from kinerja.results.documents import (
    certificates_pdf,
    decree_context,
    ranking_pdf,
    report_cards_pdf,
    snapshot_award_names,
    stored_prepared,
)
from kinerja.results.views.announcement import AnnouncementMixin


class DecreeDocumentMixin(AnnouncementMixin):
    """The announcement's gating plus what every decree document prints: the kop surat, the
    place of signing and the snapshot's hash and version."""

    def document_context(self) -> dict:
        return decree_context(self.cycle, self.determination, preview=self.preview)

    def prepared(self, name: str, filename: str, *, inline: bool = False):
        """The document ``name`` as a large cycle's announcement job kept it, or None (render)."""
        stored = stored_prepared(self.determination, name)
        if stored is None:
            return None
        response = FileResponse(stored, content_type=PDF_CONTENT_TYPE)
        disposition = "inline" if inline else "attachment"
        response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
        return response

    def award_names(self, row: dict, context: dict) -> list[str]:
        return snapshot_award_names(row, context["award_labels"])


class RankingPdfView(DecreeDocumentMixin, View):
    """Lampiran keputusan: the ranking under the decree header, signed by the signatory."""

    def get(self, request, cycle_id: int):
        self.load(request, cycle_id)
        filename = f"peringkat-{self.cycle.pk}-v{self.determination.version}.pdf"
        if (kept := self.prepared("peringkat", filename, inline=True)) is not None:
            return kept
        data = ranking_pdf(self.document_context(), self.determination.snapshot, request=request)
        response = HttpResponse(data, content_type=PDF_CONTENT_TYPE)
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response


class CertificatesMixin(DecreeDocumentMixin):
    def render_certificates(self, context: dict, certificates: list[Certificate], filename: str):
        if not certificates:
            raise Http404
        data = certificates_pdf(
            context, certificates, self.request.build_absolute_uri("/"), request=self.request
        )
        return pdf_download(data, filename)


def pdf_download(data: bytes, filename: str) -> HttpResponse:
    """A PDF saved as a file (certificates are printed or sent on, not read on screen)."""
    response = HttpResponse(data, content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class CertificatePdfView(CertificatesMixin, View):
    """One participant's award certificates (``penghargaan``: one page per award) or its grade
    certificate (``predikat``); 404 when the participant has none of that kind."""

    def get(self, request, cycle_id: int, participant_id: int, kind: str):
        if kind not in KINDS:
            raise Http404
        self.load(request, cycle_id)
        row = next(
            (r for r in self.determination.snapshot if r["participant_id"] == participant_id),
            None,
        )
        if row is None:
            raise Http404
        context = self.document_context()
        certificates = [
            c for c in certificates_for_row(row, self.award_names(row, context)) if c.kind == kind
        ]
        return self.render_certificates(
            context, certificates, f"{kind}-{self.cycle.pk}-{participant_id}.pdf"
        )


class CertificateBundlePdfView(CertificatesMixin, View):
    """Every certificate of the cycle, one page each (awards by rank, then grades), to print: the
    file prepared by the announcement's job when there is one (a large cycle), else rendered."""

    def get(self, request, cycle_id: int):
        self.load(request, cycle_id)
        filename = f"piagam-{self.cycle.pk}.pdf"
        if (kept := self.prepared("piagam", filename)) is not None:
            return kept
        context = self.document_context()
        certificates = certificates_of(
            self.determination.snapshot, lambda row: self.award_names(row, context)
        )
        return self.render_certificates(context, certificates, filename)


class ReportCardBundlePdfView(DecreeDocumentMixin, View):
    """Every participant's report card in one PDF, in ranking order (to print or send on): the
    file prepared by the announcement's job when there is one (a large cycle), else rendered."""

    def get(self, request, cycle_id: int):
        self.load(request, cycle_id)
        filename = f"rapor-{self.cycle.pk}-v{self.determination.version}.pdf"
        if (kept := self.prepared("rapor", filename)) is not None:
            return kept
        context = self.document_context()
        cards = report_cards(self.determination.snapshot, context["instrument"])
        if not cards:
            raise Http404
        return pdf_download(report_cards_pdf(context, cards, request=request), filename)
