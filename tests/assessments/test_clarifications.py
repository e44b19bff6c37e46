"""Clarification services: raising, the thread and its audit, resolution, and the clarification
rule for evidence (the unit may add evidence to the indicator while it is unresolved)."""

from __future__ import annotations

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile

from kinerja.assessments import services
from kinerja.assessments.enums import ClarificationStatus
from kinerja.assessments.models import Clarification, EvidenceRevision
from kinerja.assessments.queries import open_clarification_counts
from kinerja.audit.models import AuditEvent
from kinerja.cycles.gates import StageClosed

from .conftest import moment_in


def ask(world, team, ref="1.1", question="Mohon rekap gangguan trantibum 2025."):
    return services.raise_clarification(
        world.mantrijeron, ref, evaluator=team.evaluator, question=question, by=world.evaluator
    )


def upload(world, pdf_bytes, ref="1.1", slot="laporan-trantibum"):
    return services.upload_evidence(
        world.mantrijeron,
        ref,
        slot,
        ContentFile(pdf_bytes, name="rekap.pdf"),
        by=world.operator_a,
    )


def test_clarification_lets_the_unit_add_evidence_after_submitting_until_resolved(
    world, team, media, pdf_bytes
):
    services.submit_self_assessment(world.mantrijeron, by=world.head_a)
    with time_machine.travel(moment_in(world.stage("paparan")), tick=False):
        with pytest.raises(ValidationError):
            upload(world, pdf_bytes)  # before any clarification: the F01 is locked
        clarification = ask(world, team)

        services.answer_clarification(clarification, body="Rekap terlampir.", by=world.operator_a)
        revision = upload(world, pdf_bytes)
        services.resolve_clarification(clarification, by=world.evaluator)

        with pytest.raises(ValidationError) as refused:
            upload(world, pdf_bytes)

    assert revision.evidence.indicator_ref == "1.1"
    assert EvidenceRevision.objects.count() == 1
    assert refused.value.error_list[0].code == "submitted"
    upload_event = AuditEvent.objects.get(action="evidence.upload")
    assert upload_event.after["clarification"] is True
    clarification.refresh_from_db()
    assert clarification.status == ClarificationStatus.RESOLVED
    assert clarification.resolved_by == world.evaluator


def test_clarification_lets_the_unit_upload_after_the_upload_stage_closed(
    world, team, media, pdf_bytes
):
    with time_machine.travel(moment_in(world.stage("paparan")), tick=False):
        with pytest.raises(StageClosed):
            upload(world, pdf_bytes)
        ask(world, team)

        upload(world, pdf_bytes)
        with pytest.raises(StageClosed):
            upload(world, pdf_bytes, ref="1.2", slot="laporan-pemberdayaan")

    assert EvidenceRevision.objects.count() == 1


def test_clarification_upload_window_closes_when_scoring_is_over(world, team, media, pdf_bytes):
    with time_machine.travel(moment_in(world.stage("paparan")), tick=False):
        clarification = ask(world, team)
    with time_machine.travel(moment_in(world.stage("penyampaian_hasil")), tick=False):
        with pytest.raises(StageClosed):
            upload(world, pdf_bytes)
        with pytest.raises(ValidationError) as refused:
            services.answer_clarification(clarification, body="Terlambat", by=world.operator_a)

    assert refused.value.error_list[0].code == "scoring_over"


def test_raise_clarification_is_audited_and_counted(world, team, scoring):
    clarification = ask(world, team)
    ask(world, team, ref="1.2", question="Rencana kerja LPMK?")

    assert clarification.status == ClarificationStatus.OPEN
    event = AuditEvent.objects.filter(action="clarification.raise").order_by("id").first()
    assert event.after == {
        "participant": world.mantrijeron.pk,
        "indicator": "1.1",
        "question": "Mohon rekap gangguan trantibum 2025.",
        "status": "open",
    }
    assert open_clarification_counts(world.cycle) == {world.mantrijeron.pk: 2}


def test_raise_clarification_unassigned_gate_closed_or_empty_is_refused(world, team):
    with pytest.raises(StageClosed):
        ask(world, team)  # filling stage: scoring not open
    with time_machine.travel(moment_in(world.stage("paparan")), tick=False):
        with pytest.raises(PermissionDenied):
            services.raise_clarification(
                world.mantrijeron,
                "1.1",
                evaluator=team.outsider,
                question="?",
                by=world.other_evaluator,
            )
        with pytest.raises(ValidationError) as empty:
            ask(world, team, question="   ")

    assert empty.value.error_list[0].code == "required"
    assert Clarification.objects.count() == 0


def test_clarification_thread_answer_follow_up_and_audit(world, team, scoring):
    clarification = ask(world, team)

    services.answer_clarification(clarification, body="Sudah diunggah.", by=world.operator_a)
    answered = Clarification.objects.get().status
    services.add_message(clarification, body="Rekap bulan Agustus belum ada.", by=world.evaluator)

    clarification.refresh_from_db()
    assert (answered, clarification.status) == ("answered", "open")
    messages = list(clarification.messages.values_list("from_unit", "body"))
    assert messages == [(True, "Sudah diunggah."), (False, "Rekap bulan Agustus belum ada.")]
    actions = list(
        AuditEvent.objects.filter(action__startswith="clarification.")
        .order_by("id")
        .values_list("action", "before", "after__status")
    )
    assert actions == [
        ("clarification.raise", None, "open"),
        ("clarification.message", {"status": "open"}, "answered"),
        ("clarification.message", {"status": "answered"}, "open"),
    ]


def test_answer_clarification_by_another_unit_or_the_evaluator_is_refused(world, team, scoring):
    clarification = ask(world, team)

    for user in (world.operator_b, world.evaluator):
        with pytest.raises(PermissionDenied):
            services.answer_clarification(clarification, body="x", by=user)


def test_resolve_clarification_by_whom(world, team, scoring, make_user):
    first, second, third = ask(world, team), ask(world, team), ask(world, team)

    for user in (world.operator_a, team.second_user, world.other_evaluator):
        with pytest.raises(PermissionDenied):
            services.resolve_clarification(first, by=user)
    services.resolve_clarification(first, by=world.evaluator)
    services.resolve_clarification(second, by=team.chair_user)
    services.resolve_clarification(third, by=world.organiser)
    with pytest.raises(ValidationError) as again:
        services.resolve_clarification(first, by=world.evaluator)

    assert again.value.error_list[0].code == "resolved"
    assert AuditEvent.objects.filter(action="clarification.resolve").count() == 3
    assert open_clarification_counts(world.cycle) == {}
