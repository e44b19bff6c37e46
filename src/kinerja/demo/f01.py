"""Demo self-assessments (F01) for an EKK Kota Yogyakarta cycle, filled through the services.

Run while the cycle's filling stage (pengisian) is open: every answer, upload and submission
goes through the same services as the web pages, so gates are checked and everything is on the
audit trail. Idempotent: an unchanged answer writes nothing, a slot that already holds a
document is not uploaded again, and a submitted F01 is left alone.
"""

from __future__ import annotations

import zlib

from django.core.files.base import ContentFile
from django.db import transaction

from kinerja.assessments import services
from kinerja.assessments.enums import AssessmentStatus
from kinerja.assessments.models import Evidence, SelfAssessment
from kinerja.assessments.queries import scope_for
from kinerja.cycles.enums import MemberRole
from kinerja.cycles.models import Cycle, Participant
from kinerja.scoring.model.schema import Indicator

# Unit short name → (share of the scored indicators answered, PDFs to upload, submit).
PLAN = {
    "Mantrijeron": (80, 2, False),
    "Kraton": (40, 0, False),
    "Kotagede": (100, 1, True),
}

NARRATIVES = [
    "Kegiatan dilaksanakan sesuai rencana kerja; dokumentasi tersimpan di arsip kemantren.",
    "Data direkap setiap bulan bersama kelurahan dan dilaporkan ke Bagian Tata Pemerintahan.",
    "Pelaksanaan melibatkan LPMK, PKK, dan Karang Taruna; tindak lanjut dicatat dalam notulen.",
]


def minimal_pdf(title: str) -> bytes:
    """A small valid one-page PDF whose page shows ``title`` (ASCII)."""
    text = title.encode("ascii", "replace").replace(b"\\", b"\\\\")
    text = text.replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = zlib.compress(b"BT /F1 14 Tf 72 770 Td (" + text + b") Tj ET")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def demo_value(indicator: Indicator, seed: int):
    """A plausible answer for ``indicator``, varied by ``seed``."""
    answer = indicator.answer
    if answer.type == "level":
        values = [level.value for level in answer.levels]
        return values[max(0, len(values) - 1 - seed % 3)]
    if answer.type == "choice":
        return answer.options[seed % len(answer.options)].key
    if answer.type == "yes_no":
        return "Y" if seed % 4 else "T"
    if answer.type == "points":
        return str(answer.max * (3 + seed % 2) / 4)
    if answer.type == "number":
        if answer.rule.kind == "thresholds":
            return str(2 + seed % 4)
        if answer.rule.target is None:
            return {"target": "100", "actual": str(80 + seed % 20)}
        return str(answer.rule.target * (85 + seed % 15) / 100)
    return "Catatan kemantren."


def _member(participant: Participant, role: str):
    member = next((m for m in participant.members.all() if m.role == role), None)
    return member.user if member else None


@transaction.atomic
def fill_demo_f01(cycle: Cycle) -> dict[str, str]:
    """Fill Mantrijeron (~80 %, two PDFs), Kraton (~40 %) and Kotagede (100 %, submitted).

    Participants without an operator account (or, for Kotagede, a head) are skipped. Raises
    ``StageClosed`` when the cycle's filling stage is not open. Returns what was done per unit.
    """
    scope = scope_for(cycle)
    indicators = [i for a in scope.aspects for i in a.indicators]
    scored = [i for i in indicators if i.scored]
    done: dict[str, str] = {}
    participants = cycle.participants.select_related("unit").prefetch_related("members__user")
    for participant in participants:
        plan = PLAN.get(participant.unit.short_name or participant.unit.name)
        if plan is None:
            continue
        share, pdfs, submit = plan
        name = participant.unit.short_name
        operator = _member(participant, MemberRole.OPERATOR)
        head = _member(participant, MemberRole.HEAD)
        if operator is None or (submit and head is None):
            done[name] = "skipped: no accounts"
            continue
        status = (
            SelfAssessment.objects.filter(participant=participant)
            .values_list("status", flat=True)
            .first()
        )
        if status == AssessmentStatus.SUBMITTED:
            done[name] = "already submitted"
            continue
        count = len(scored) * share // 100
        for seed, indicator in enumerate(scored[:count]):
            services.save_answer(
                participant,
                indicator.ref,
                value=demo_value(indicator, seed + participant.unit_id),
                narrative=NARRATIVES[seed % len(NARRATIVES)],
                by=operator,
            )
        slots = [
            (i, s)
            for i in indicators[:count]
            for s in i.evidence
            if s.required and (not s.kinds or "pdf" in s.kinds)
        ][:pdfs]
        for indicator, slot in slots:
            if Evidence.objects.filter(
                participant=participant, indicator_ref=indicator.ref, slot_code=slot.code
            ).exists():
                continue
            filename = f"{slot.code}-{name.lower()}-{cycle.year}.pdf"
            services.upload_evidence(
                participant,
                indicator.ref,
                slot.code,
                ContentFile(minimal_pdf(f"{slot.name} - {participant.unit}"), name=filename),
                by=operator,
                title=slot.name,
            )
        if submit:
            services.submit_self_assessment(participant, by=head)
        done[name] = f"{count}/{len(scored)} answered, {len(slots)} PDF" + (
            ", submitted" if submit else ""
        )
    return done
