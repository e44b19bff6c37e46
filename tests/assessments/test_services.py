"""F01 services: answers, evidence, submission and reopening (validate, gate, save, audit)."""

from __future__ import annotations

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.utils import translation

from kinerja.assessments import services
from kinerja.assessments.enums import AssessmentStatus
from kinerja.assessments.models import (
    Answer,
    Evidence,
    EvidenceFile,
    EvidenceRevision,
    SelfAssessment,
)
from kinerja.audit.models import AuditEvent
from kinerja.cycles.gates import StageClosed

from .conftest import after, make_cycle, member, stored_files


def pdf_file(pdf_bytes, name="laporan.pdf"):
    return ContentFile(pdf_bytes, name=name)


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


# --- answers -------------------------------------------------------------------------------


def test_save_answer_new_answer_is_stored_and_audited(world):
    answer = services.save_answer(
        world.mantrijeron, "1.1", value="3", narrative=" Patroli rutin. ", by=world.operator_a
    )

    answer.refresh_from_db()
    assert (answer.value, answer.narrative, answer.revision) == (3, "Patroli rutin.", 1)
    assert answer.updated_by == world.operator_a
    [event] = events("answer.save")
    assert event.actor == world.operator_a
    assert event.before is None
    assert event.after == {"value": 3, "narrative": "Patroli rutin.", "revision": 1}
    assessment = SelfAssessment.objects.get(participant=world.mantrijeron)
    assert assessment.last_activity_at is not None


def test_save_answer_change_bumps_revision_and_audits_before_and_after(world):
    services.save_answer(world.mantrijeron, "1.1", value="3", narrative="a", by=world.operator_a)

    answer = services.save_answer(
        world.mantrijeron, "1.1", value="4", narrative="b", by=world.head_a
    )

    assert (answer.value, answer.narrative, answer.revision) == (4, "b", 2)
    last = events("answer.save")[-1]
    assert last.before == {"value": 3, "narrative": "a"}
    assert last.after == {"value": 4, "narrative": "b", "revision": 2}


def test_save_answer_unchanged_writes_nothing(world):
    services.save_answer(world.mantrijeron, "1.1", value="3", narrative="a", by=world.operator_a)

    answer = services.save_answer(
        world.mantrijeron, "1.1", value=3, narrative="a", by=world.operator_a
    )

    assert answer.revision == 1
    assert len(events("answer.save")) == 1


def test_save_answer_numbers_are_stored_as_exact_text(world):
    services.save_answer(world.mantrijeron, "2.4", value="87,5", narrative="", by=world.operator_a)
    services.save_answer(world.mantrijeron, "4.2", value="ya", narrative="", by=world.operator_a)
    services.save_answer(world.mantrijeron, "6.1", value="3", narrative="", by=world.operator_a)

    values = dict(Answer.objects.values_list("indicator_ref", "value"))
    assert values == {"2.4": "87.5", "4.2": "Y", "6.1": "3"}


def test_save_answer_empty_value_clears_the_answer(world):
    services.save_answer(world.mantrijeron, "1.1", value="2", narrative="x", by=world.operator_a)

    answer = services.save_answer(
        world.mantrijeron, "1.1", value="", narrative="x", by=world.operator_a
    )

    assert (answer.value, answer.revision) == (None, 2)


def test_save_answer_invalid_value_is_refused_with_the_engine_message(world):
    with pytest.raises(ValidationError) as caught:
        services.save_answer(world.mantrijeron, "1.1", value="9", narrative="", by=world.operator_a)

    assert caught.value.code == "invalid_answer"
    assert caught.value.messages == ["nilai '9' bukan level yang sah; harus level 0-4"]
    assert Answer.objects.count() == 0


def test_save_answer_unknown_or_non_f01_indicator_is_refused(world):
    for ref in ("9.9", "P1"):  # P1 is the evaluators' paparan component, not the F01
        with pytest.raises(ValidationError) as caught:
            services.save_answer(
                world.mantrijeron, ref, value="1", narrative="", by=world.operator_a
            )
        assert caught.value.code == "unknown_indicator"
    assert Answer.objects.count() == 0


def test_save_answer_after_the_deadline_is_refused_with_the_stage_message(world):
    pengisian = world.stage("pengisian")

    with (
        time_machine.travel(after(pengisian)),
        translation.override("en"),
        pytest.raises(StageClosed) as caught,
    ):
        services.save_answer(world.mantrijeron, "1.1", value="3", narrative="", by=world.operator_a)

    assert caught.value.code == "stage_closed"
    assert caught.value.messages[0].startswith(f"“{pengisian.name}” ended on ")
    assert Answer.objects.count() == 0
    assert events("answer.save") == []


def test_save_answer_just_before_the_deadline_is_accepted(world):
    pengisian = world.stage("pengisian")

    with time_machine.travel(after(pengisian, minutes=-1)):
        answer = services.save_answer(
            world.mantrijeron, "1.1", value="3", narrative="", by=world.operator_a
        )

    assert answer.value == 3


def test_save_answer_on_submitted_f01_is_refused_until_reopened(world):
    services.submit_self_assessment(world.mantrijeron, by=world.head_a)

    with pytest.raises(ValidationError) as caught:
        services.save_answer(world.mantrijeron, "1.1", value="3", narrative="", by=world.operator_a)
    assert caught.value.code == "submitted"

    services.reopen_self_assessment(world.mantrijeron, by=world.organiser, reason="Salah unggah")
    answer = services.save_answer(
        world.mantrijeron, "1.1", value="3", narrative="", by=world.operator_a
    )
    assert answer.value == 3


# --- evidence ------------------------------------------------------------------------------


def test_upload_evidence_stores_file_rows_and_audit(world, media, pdf_bytes):
    revision = services.upload_evidence(
        world.mantrijeron,
        "1.1",
        "laporan-trantibum",
        pdf_file(pdf_bytes),
        by=world.operator_a,
        title="Laporan trantibum 2025",
    )

    file = revision.file
    assert revision.number == 1
    assert revision.evidence.title == "Laporan trantibum 2025"
    assert (file.original_name, file.content_type, file.size) == (
        "laporan.pdf",
        "application/pdf",
        len(pdf_bytes),
    )
    assert file.storage_name.startswith(f"evidence/{world.cycle.pk}/")
    assert [p.read_bytes() for p in stored_files(media)] == [pdf_bytes]
    [event] = events("evidence.upload")
    assert event.after["sha256"] == file.sha256
    assert event.after["slot"] == "laporan-trantibum"


def test_upload_evidence_new_revision_keeps_the_older_one(world, media, pdf_bytes):
    first = services.upload_evidence(
        world.mantrijeron, "1.1", "laporan-trantibum", pdf_file(pdf_bytes), by=world.operator_a
    )

    second = services.upload_evidence(
        world.mantrijeron,
        "1.1",
        "laporan-trantibum",
        pdf_file(pdf_bytes + b"\n% revisi", name="laporan-revisi.pdf"),
        by=world.operator_a,
        evidence=first.evidence,
    )

    assert second.evidence == first.evidence
    assert list(first.evidence.revisions.values_list("number", "file__original_name")) == [
        (2, "laporan-revisi.pdf"),
        (1, "laporan.pdf"),
    ]
    assert len(stored_files(media)) == 2


def test_upload_evidence_refused_kind_stores_nothing(world, media):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100

    with pytest.raises(ValidationError) as caught:
        services.upload_evidence(
            world.mantrijeron,
            "1.2",  # its slot accepts PDF only
            "laporan-pemberdayaan",
            ContentFile(png, name="foto.pdf"),
            by=world.operator_a,
        )

    assert caught.value.code == "not_allowed"
    assert stored_files(media) == []
    assert (EvidenceFile.objects.count(), Evidence.objects.count()) == (0, 0)


def test_upload_evidence_unknown_slot_is_refused(world, media, pdf_bytes):
    with pytest.raises(ValidationError) as caught:
        services.upload_evidence(
            world.mantrijeron, "1.1", "tidak-ada", pdf_file(pdf_bytes), by=world.operator_a
        )

    assert caught.value.code == "unknown_slot"
    assert stored_files(media) == []


def test_upload_evidence_after_the_deadline_is_refused(world, media, pdf_bytes):
    with time_machine.travel(after(world.stage("pengisian"))), pytest.raises(StageClosed):
        services.upload_evidence(
            world.mantrijeron,
            "1.1",
            "laporan-trantibum",
            pdf_file(pdf_bytes),
            by=world.operator_a,
        )

    assert stored_files(media) == []
    assert EvidenceRevision.objects.count() == 0


def test_upload_evidence_revision_of_another_slot_is_refused(world, media, pdf_bytes):
    first = services.upload_evidence(
        world.mantrijeron, "1.1", "laporan-trantibum", pdf_file(pdf_bytes), by=world.operator_a
    )

    with pytest.raises(ValidationError) as caught:
        services.upload_evidence(
            world.mantrijeron,
            "1.3",
            "data-kesehatan",
            pdf_file(pdf_bytes),
            by=world.operator_a,
            evidence=first.evidence,
        )

    assert caught.value.code == "wrong_document"
    assert len(stored_files(media)) == 1


def test_reuse_evidence_links_the_same_file_into_another_slot(world, media, pdf_bytes):
    source = services.upload_evidence(
        world.mantrijeron, "1.1", "laporan-trantibum", pdf_file(pdf_bytes), by=world.operator_a
    )

    reused = services.reuse_evidence(
        source,
        participant=world.mantrijeron,
        indicator_ref="1.3",
        slot_code="data-kesehatan",
        by=world.operator_a,
    )

    assert reused.file_id == source.file_id
    assert reused.evidence != source.evidence
    assert EvidenceFile.objects.count() == 1
    assert len(stored_files(media)) == 1
    [event] = events("evidence.reuse")
    assert event.after["file"] == source.file_id


def test_reuse_evidence_into_a_later_cycle_of_the_same_unit(
    world, media, pdf_bytes, pemkot, kemantren
):
    source = services.upload_evidence(
        world.mantrijeron, "1.1", "laporan-trantibum", pdf_file(pdf_bytes), by=world.operator_a
    )
    later = make_cycle(world.organiser, pemkot, [kemantren], name="EKK 2026")
    participant = later.participants.get()

    reused = services.reuse_evidence(
        source,
        participant=participant,
        indicator_ref="1.1",
        slot_code="laporan-trantibum",
        by=world.operator_a,
    )

    assert reused.file_id == source.file_id
    assert reused.evidence.participant == participant


def test_reuse_evidence_of_another_unit_is_refused(world, media, pdf_bytes):
    source = services.upload_evidence(
        world.kraton, "1.1", "laporan-trantibum", pdf_file(pdf_bytes), by=world.operator_b
    )

    with pytest.raises(ValidationError) as caught:
        services.reuse_evidence(
            source,
            participant=world.mantrijeron,
            indicator_ref="1.1",
            slot_code="laporan-trantibum",
            by=world.operator_a,
        )

    assert caught.value.code == "other_unit"
    assert Evidence.objects.count() == 1


def test_reuse_evidence_twice_into_the_same_slot_is_refused(world, media, pdf_bytes):
    source = services.upload_evidence(
        world.mantrijeron, "1.1", "laporan-trantibum", pdf_file(pdf_bytes), by=world.operator_a
    )

    with pytest.raises(ValidationError) as caught:
        services.reuse_evidence(
            source,
            participant=world.mantrijeron,
            indicator_ref="1.1",
            slot_code="laporan-trantibum",
            by=world.operator_a,
        )

    assert caught.value.code == "duplicate"


def test_withdraw_evidence_keeps_revisions_and_audits(world, media, pdf_bytes):
    revision = services.upload_evidence(
        world.mantrijeron, "1.1", "laporan-trantibum", pdf_file(pdf_bytes), by=world.operator_a
    )

    evidence = services.withdraw_evidence(revision.evidence, by=world.operator_a)

    assert evidence.withdrawn_at is not None
    assert EvidenceRevision.objects.count() == 1
    assert len(stored_files(media)) == 1
    assert [e.object_id for e in events("evidence.withdraw")] == [str(evidence.pk)]


# --- submission ----------------------------------------------------------------------------


def test_submit_self_assessment_by_head_records_what_is_missing(world, media, pdf_bytes):
    services.save_answer(world.mantrijeron, "1.1", value="3", narrative="", by=world.operator_a)
    services.upload_evidence(
        world.mantrijeron, "1.1", "laporan-trantibum", pdf_file(pdf_bytes), by=world.operator_a
    )

    assessment = services.submit_self_assessment(world.mantrijeron, by=world.head_a)

    assert assessment.status == AssessmentStatus.SUBMITTED
    assert assessment.submitted_by == world.head_a
    assert assessment.submitted_at is not None
    [event] = events("f01.submit")
    assert event.before == {"status": "draft"}
    assert len(event.after["unanswered"]) == 20
    assert "1.1" not in event.after["unanswered"]
    assert len(event.after["missing_documents"]) == 18
    assert "1.2/laporan-pemberdayaan" in event.after["missing_documents"]


def test_submit_self_assessment_by_operator_is_refused(world):
    with pytest.raises(PermissionDenied):
        services.submit_self_assessment(world.mantrijeron, by=world.operator_a)

    assert SelfAssessment.objects.filter(status=AssessmentStatus.SUBMITTED).count() == 0


def test_submit_self_assessment_twice_is_refused(world):
    services.submit_self_assessment(world.mantrijeron, by=world.head_a)

    with pytest.raises(ValidationError) as caught:
        services.submit_self_assessment(world.mantrijeron, by=world.head_a)

    assert caught.value.code == "already_submitted"


def test_submit_self_assessment_after_the_deadline_is_refused(world):
    with time_machine.travel(after(world.stage("pengisian"))), pytest.raises(StageClosed):
        services.submit_self_assessment(world.mantrijeron, by=world.head_a)

    assert events("f01.submit") == []


def test_reopen_self_assessment_records_the_reason(world):
    services.submit_self_assessment(world.mantrijeron, by=world.head_a)

    assessment = services.reopen_self_assessment(
        world.mantrijeron, by=world.organiser, reason="  Dokumen 1.1 salah   berkas "
    )

    assert assessment.status == AssessmentStatus.REOPENED
    [event] = events("f01.reopen")
    assert event.actor == world.organiser
    assert event.after == {"status": "reopened", "reason": "Dokumen 1.1 salah berkas"}


def test_reopen_self_assessment_without_reason_is_refused(world):
    services.submit_self_assessment(world.mantrijeron, by=world.head_a)

    with pytest.raises(ValidationError) as caught:
        services.reopen_self_assessment(world.mantrijeron, by=world.organiser, reason="  ")

    assert caught.value.code == "reason_required"
    assert SelfAssessment.objects.get().status == AssessmentStatus.SUBMITTED


def test_reopen_self_assessment_not_submitted_or_not_organiser_is_refused(world):
    with pytest.raises(ValidationError) as caught:
        services.reopen_self_assessment(world.mantrijeron, by=world.organiser, reason="x")
    assert caught.value.code == "not_submitted"

    services.submit_self_assessment(world.mantrijeron, by=world.head_a)
    with pytest.raises(PermissionDenied):
        services.reopen_self_assessment(world.mantrijeron, by=world.head_a, reason="x")


def test_second_head_of_same_unit_may_submit(world, make_user):
    deputy = make_user("kepala.dua")
    member(world.mantrijeron, deputy, "head")

    assessment = services.submit_self_assessment(world.mantrijeron, by=deputy)

    assert assessment.submitted_by == deputy
