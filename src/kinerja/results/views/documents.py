"""Printed decree documents: the ranking as the decree's attachment (lampiran) and the
certificates (piagam penghargaan, sertifikat predikat), all read from the frozen snapshot and
gated like the announcement."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views import View

from kinerja.reports.letterhead import letterhead_for
from kinerja.reports.pdf import PDF_CONTENT_TYPE, render_pdf
from kinerja.reports.qr import qr_svg
from kinerja.results.certificates import (
    KINDS,
    Certificate,
    certificates_for_row,
    certificates_of,
    signing_place,
    verification_code,
)
from kinerja.results.views.announcement import AnnouncementMixin, snapshot_award_names
from kinerja.units.models import Unit


class DecreeDocumentMixin(AnnouncementMixin):
    """The announcement's gating plus what every decree document prints: the kop surat, the
    place of signing and the snapshot's hash and version."""

    def document_context(self) -> dict:
        context = self.base_context()
        organiser = Unit.objects.select_related("region").get(pk=self.cycle.organiser_unit_id)
        context.update(
            letterhead=letterhead_for(organiser),
            place=signing_place(organiser.region.name),
            generated_at=timezone.now(),
            document_hash=self.determination.sha256,
            verification=verification_code(self.determination.sha256),
        )
        return context

    def award_names(self, row: dict, context: dict) -> list[str]:
        return snapshot_award_names(row, context["award_labels"])

    def pdf_response(
        self, template: str, context: dict, filename: str, *, download: bool = False
    ) -> HttpResponse:
        """The PDF, shown in the browser, or saved as a file when ``download`` (certificates
        are printed or sent on, not read on screen)."""
        data = render_pdf(template, context, request=self.request)
        response = HttpResponse(data, content_type=PDF_CONTENT_TYPE)
        disposition = "attachment" if download else "inline"
        response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
        return response


class RankingPdfView(DecreeDocumentMixin, View):
    """Lampiran keputusan: the ranking under the decree header, signed by the signatory."""

    def get(self, request, cycle_id: int):
        self.load(request, cycle_id)
        context = self.document_context()
        context["rows"] = [
            {**row, "award_names": self.award_names(row, context)}
            for row in self.determination.snapshot
        ]
        return self.pdf_response(
            "results/ranking_pdf.html",
            context,
            f"peringkat-{self.cycle.pk}-v{self.determination.version}.pdf",
        )


class CertificatesMixin(DecreeDocumentMixin):
    def render_certificates(self, context: dict, certificates: list[Certificate], filename: str):
        if not certificates:
            raise Http404
        qr_codes: dict[int, str] = {}
        pages = []
        for certificate in certificates:
            pid = certificate.participant_id
            if pid not in qr_codes:
                url = self.request.build_absolute_uri(
                    reverse(
                        "results:report_card",
                        kwargs={"cycle_id": self.cycle.pk, "participant_id": pid},
                    )
                )
                qr_codes[pid] = qr_svg(url)
            # Our own SVG: generated path data, nothing typed by anyone is in it.
            pages.append({"certificate": certificate, "qr": mark_safe(qr_codes[pid])})  # noqa: S308
        context["pages"] = pages
        return self.pdf_response("results/certificate_pdf.html", context, filename, download=True)


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
    """Every certificate of the cycle, one page each (awards by rank, then grades), to print."""

    def get(self, request, cycle_id: int):
        self.load(request, cycle_id)
        context = self.document_context()
        certificates = certificates_of(
            self.determination.snapshot, lambda row: self.award_names(row, context)
        )
        return self.render_certificates(context, certificates, f"piagam-{self.cycle.pk}.pdf")
