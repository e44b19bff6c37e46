"""What every printed decree document holds, without a request: the announcement's context (the
cycle, the determination, the instrument, the award labels), the kop surat, the place of signing
and the snapshot's hash; and the certificates' PDF with each participant's QR code to its report
card. The document views use these; so does the job that prepares a large cycle's certificate
bundle ahead of time (``results.jobs.certificate_bundle``), whose file the bundle's URL then
serves from storage.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from kinerja.reports.letterhead import letterhead_for
from kinerja.reports.pdf import render_pdf
from kinerja.reports.qr import qr_svg
from kinerja.results.awards import award_labels
from kinerja.results.cards import ReportCard
from kinerja.results.certificates import Certificate, signing_place, verification_code
from kinerja.scoring.engine.ranking import gates
from kinerja.units.models import Unit


def snapshot_award_names(row: dict, labels: dict[str, str]) -> list[str]:
    """The award names frozen in a snapshot row (older snapshots kept only the codes)."""
    if "award_names" in row:
        return row["award_names"]
    return [labels.get(code, code) for code in row.get("awards") or []]


def announcement_context(cycle, determination, *, preview: bool = False) -> dict:
    instrument = cycle.instrument_version.definition
    return {
        "cycle": cycle,
        "determination": determination,
        "preview": preview,
        "instrument": instrument,
        "award_labels": award_labels(cycle),
        "round_names": ({r.code: r.name for r in instrument.rounds} if gates(instrument) else {}),
    }


def decree_context(cycle, determination, *, preview: bool = False) -> dict:
    context = announcement_context(cycle, determination, preview=preview)
    organiser = Unit.objects.select_related("region").get(pk=cycle.organiser_unit_id)
    context.update(
        letterhead=letterhead_for(organiser),
        place=signing_place(organiser.region.name),
        generated_at=timezone.now(),
        document_hash=determination.sha256,
        verification=verification_code(determination.sha256),
    )
    return context


def certificates_pdf(
    context: dict, certificates: Sequence[Certificate], base_url: str, *, request=None
) -> bytes:
    """The certificates, one page each, each with the QR code of its participant's public report
    card at ``base_url`` (the site's address, e.g. ``https://kinerja.example.go.id``)."""
    cycle = context["cycle"]
    qr_codes: dict[int, str] = {}
    pages = []
    for certificate in certificates:
        pid = certificate.participant_id
        if pid not in qr_codes:
            path = reverse(
                "results:report_card", kwargs={"cycle_id": cycle.pk, "participant_id": pid}
            )
            qr_codes[pid] = qr_svg(base_url.rstrip("/") + path)
        # Our own SVG: generated path data, nothing typed by anyone is in it.
        pages.append({"certificate": certificate, "qr": mark_safe(qr_codes[pid])})  # noqa: S308
    return render_pdf("results/certificate_pdf.html", {**context, "pages": pages}, request=request)


PREPARED = ("piagam", "peringkat", "rapor")
"""The documents a large cycle's announcement job prepares and keeps in storage: the certificate
bundle, the ranking (lampiran keputusan) and every report card; their URLs serve the kept file."""


def prepared_path(determination, name: str) -> str:
    """Where the prepared document ``name`` (one of ``PREPARED``) of a determination is kept."""
    if name not in PREPARED:
        raise ValueError(name)
    cycle, version = determination.cycle_id, determination.version
    return f"{name}/{name}-{cycle}-v{version}-{determination.pk}.pdf"


def store_prepared(determination, name: str, data: bytes) -> str:
    path = prepared_path(determination, name)
    if default_storage.exists(path):
        default_storage.delete(path)
    return default_storage.save(path, ContentFile(data))


def stored_prepared(determination, name: str):
    """The prepared document's file (open for reading), or None."""
    path = prepared_path(determination, name)
    return default_storage.open(path, "rb") if default_storage.exists(path) else None


def ranking_pdf(context: dict, rows: list[dict], *, request=None) -> bytes:
    """The ranking under the decree header (lampiran keputusan), one line per snapshot row."""
    labels = context["award_labels"]
    context = {
        **context,
        "rows": [{**row, "award_names": snapshot_award_names(row, labels)} for row in rows],
    }
    return render_pdf("results/ranking_pdf.html", context, request=request)


def report_cards_pdf(context: dict, cards: Sequence[ReportCard], *, request=None) -> bytes:
    """Report cards, one after the other (each from a new page), as each one's own PDF shows it;
    ``context`` is ``decree_context``'s."""
    labels = context["award_labels"]
    pages = [
        {
            "card": card,
            "award_names": snapshot_award_names(card.row, labels),
            # Our own SVG: every label in it is escaped by the chart's writer.
            "chart": mark_safe(card.chart_svg),  # noqa: S308
        }
        for card in cards
    ]
    return render_pdf("results/report_cards_pdf.html", {**context, "pages": pages}, request=request)
