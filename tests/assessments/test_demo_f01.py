"""The demo F01 data: filled through the services, idempotent, with real PDFs."""

from __future__ import annotations

import io

from pypdf import PdfReader

from kinerja.assessments.enums import AssessmentStatus
from kinerja.assessments.models import EvidenceRevision
from kinerja.assessments.queries import progress_for
from kinerja.audit.models import AuditEvent
from kinerja.cycles.services.participants import create_participant_accounts
from kinerja.demo.f01 import fill_demo_f01, minimal_pdf

from .conftest import kemantren_unit, make_cycle, stored_files


def test_minimal_pdf_is_a_readable_one_page_pdf():
    reader = PdfReader(io.BytesIO(minimal_pdf("Laporan (uji)")))

    assert len(reader.pages) == 1
    assert reader.pages[0].extract_text() == "Laporan (uji)"


def test_fill_demo_f01_fills_three_kemantren_and_is_idempotent(organiser, pemkot, kemantren, media):
    units = [kemantren, kemantren_unit(pemkot, "Kraton", "34.71.02")]
    units += [
        kemantren_unit(pemkot, "Kotagede", "34.71.05"),
        kemantren_unit(pemkot, "Jetis", "34.71.13"),
    ]
    cycle = make_cycle(organiser, pemkot, units)
    create_participant_accounts(cycle, by=organiser)

    first = fill_demo_f01(cycle)
    events = AuditEvent.objects.count()
    second = fill_demo_f01(cycle)

    assert first == {
        "Mantrijeron": "16/21 answered, 2 PDF",
        "Kraton": "8/21 answered, 0 PDF",
        "Kotagede": "21/21 answered, 1 PDF, submitted",
    }
    assert second["Kotagede"] == "already submitted"
    assert AuditEvent.objects.count() == events
    progress = {
        p.unit.short_name: progress_for(cycle, [p.pk])[p.pk]
        for p in cycle.participants.select_related("unit")
    }
    assert {name: p.percent for name, p in progress.items()} == {
        "Mantrijeron": 76,
        "Kraton": 38,
        "Kotagede": 100,
        "Jetis": 0,
    }
    assert progress["Kotagede"].status == AssessmentStatus.SUBMITTED
    assert EvidenceRevision.objects.count() == 3
    assert len(stored_files(media)) == 3
