"""F01 pages: permissions (every view), autosave, uploads through the view, gates, submission,
reopening, monitoring and its XLSX export, query counts."""

from __future__ import annotations

import io

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from kinerja.assessments import services
from kinerja.assessments.enums import AssessmentStatus
from kinerja.assessments.models import Answer, Evidence, EvidenceFile, SelfAssessment
from kinerja.assessments.queries import scope_for
from kinerja.audit.models import AuditEvent
from kinerja.cycles.enums import MemberRole
from kinerja.cycles.services.participants import add_participants
from kinerja.demo.f01 import demo_value

from .conftest import MB, after, kemantren_unit, member, stored_files

PERSONAS = [
    "operator_a",
    "head_a",
    "operator_b",
    "evaluator",
    "other_evaluator",
    "organiser",
    "anonymous",
]


def client_as(user, *, language: str | None = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    if language:
        client.cookies["django_language"] = language
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def upload(world, pdf_bytes, ref="1.1", slot="laporan-trantibum", participant=None):
    return services.upload_evidence(
        participant or world.mantrijeron,
        ref,
        slot,
        ContentFile(pdf_bytes, name="laporan.pdf"),
        by=world.operator_a,
    )


# --- permission matrix ---------------------------------------------------------------------

VIEW = {"operator_a": 200, "head_a": 200, "organiser": 200}
EDIT_HTMX = {"operator_a": 200, "head_a": 200}
EDIT_REDIRECT = {"operator_a": 302, "head_a": 302}
HEAD_GET = {"head_a": 200}
HEAD_POST = {"head_a": 302}
ORGANISER_GET = {"organiser": 200}
ORGANISER_POST = {"organiser": 302}

MATRIX = [
    ("f01", "get", VIEW),
    ("save_answer", "post", EDIT_HTMX),
    ("upload", "post", EDIT_REDIRECT),
    ("reuse", "post", EDIT_REDIRECT),
    ("withdraw", "post", EDIT_REDIRECT),
    ("evidence_download", "get", VIEW),
    ("evidence_preview", "get", VIEW),
    ("submit", "get", HEAD_GET),
    ("submit", "post", HEAD_POST),
    ("reopen", "post", ORGANISER_POST),
    ("monitoring", "get", ORGANISER_GET),
    ("monitoring_xlsx", "get", ORGANISER_GET),
]


def url_for(name: str, world, revision) -> str:
    pid = world.mantrijeron.pk
    args = {
        "f01": [pid],
        "save_answer": [pid, "1.1"],
        "upload": [pid, "1.1", "laporan-trantibum"],
        "reuse": [pid, "1.3", "data-kesehatan"],
        "withdraw": [revision.evidence_id],
        "evidence_download": [revision.pk],
        "evidence_preview": [revision.pk],
        "submit": [pid],
        "reopen": [pid],
        "monitoring": [world.cycle.pk],
        "monitoring_xlsx": [world.cycle.pk],
    }[name]
    return reverse(f"assessments:{name}", args=args)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "method", "allowed"), MATRIX, ids=lambda v: str(v)[:20])
def test_view_permission_matrix_during_filling(
    world, media, pdf_bytes, name, method, allowed, persona
):
    revision = upload(world, pdf_bytes)
    url = url_for(name, world, revision)
    client = client_as(world.personas[persona])

    if method == "get":
        response = client.get(url)
    else:
        data = {"value": "2", "narrative": "", "revision": revision.pk, "reason": "uji"}
        response = client.post(url, data, HTTP_HX_REQUEST="true")

    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/akun/masuk/?next=")
    else:
        assert response.status_code == allowed.get(persona, 404)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("evaluator", 200), ("other_evaluator", 404), ("operator_b", 404), ("organiser", 200)],
)
def test_f01_and_evidence_visible_to_assigned_evaluator_once_scoring_opens(
    world, media, pdf_bytes, persona, expected
):
    revision = upload(world, pdf_bytes)
    paparan = world.stage("paparan")

    with time_machine.travel(paparan.starts_at):
        client = client_as(world.personas[persona])  # sessions expire: log in at that time
        codes = [
            client.get(reverse("assessments:f01", args=[world.mantrijeron.pk])).status_code,
            client.get(reverse("assessments:evidence_download", args=[revision.pk])).status_code,
            client.get(reverse("assessments:evidence_preview", args=[revision.pk])).status_code,
        ]

    assert codes == [expected] * 3


def test_f01_visible_to_assigned_evaluator_after_filling_even_between_scoring_stages(world):
    last = world.cycle.stages.order_by("order").last()

    with time_machine.travel(after(last, minutes=60)):
        client = client_as(world.evaluator)
        response = client.get(reverse("assessments:f01", args=[world.mantrijeron.pk]))

    assert response.status_code == 200


def test_f01_for_unknown_participant_is_404(world):
    response = client_as(world.organiser).get(reverse("assessments:f01", args=[999999]))

    assert response.status_code == 404


# --- the F01 page --------------------------------------------------------------------------


def test_f01_page_shows_every_aspect_indicator_and_progress(world, media, pdf_bytes):
    services.save_answer(world.mantrijeron, "1.1", value="3", narrative="", by=world.operator_a)
    upload(world, pdf_bytes)

    response = client_as(world.operator_a, language="en").get(
        reverse("assessments:f01", args=[world.mantrijeron.pk])
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="card mb-3 f01-indicator') == 21
    assert html.count('role="tab"') == 6
    assert "1 of 21 indicators answered" in html
    assert "18 required documents missing" in html
    assert 'hx-trigger="change delay:500ms"' in html
    assert "<script>" not in html and "style=" not in html
    assert reverse("assessments:submit", args=[world.mantrijeron.pk]) not in html  # operator


def test_f01_page_for_head_links_to_submit(world):
    response = client_as(world.head_a).get(reverse("assessments:f01", args=[world.mantrijeron.pk]))

    assert reverse("assessments:submit", args=[world.mantrijeron.pk]) in response.content.decode()


def test_f01_page_after_deadline_shows_closed_message_and_disabled_inputs(world):
    with time_machine.travel(after(world.stage("pengisian"))):
        response = client_as(world.operator_a, language="en").get(
            reverse("assessments:f01", args=[world.mantrijeron.pk])
        )

    html = response.content.decode()
    assert "changes are no longer accepted" in html
    assert html.count("<fieldset disabled>") == 21
    assert "hx-post" not in html


# --- autosave ------------------------------------------------------------------------------


def test_save_answer_htmx_returns_saved_time_and_progress(world):
    response = client_as(world.operator_a, language="en").post(
        reverse("assessments:save_answer", args=[world.mantrijeron.pk, "1.1"]),
        {"value": "4", "narrative": "Forkompimtren rutin", "version": "0"},
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    answer = Answer.objects.get()
    assert (answer.value, answer.narrative) == (4, "Forkompimtren rutin")
    assert "Saved " in html
    assert 'hx-swap-oob="true"' in html
    assert ">1/3 · 3 documents missing</span>" in html
    assert AuditEvent.objects.filter(action="answer.save").count() == 1


def test_save_answer_htmx_invalid_value_shows_the_error(world):
    response = client_as(world.operator_a).post(
        reverse("assessments:save_answer", args=[world.mantrijeron.pk, "5.3"]),
        {"value": "-5", "narrative": "", "version": "0"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert "realisasi tidak boleh negatif (&#x27;-5&#x27;)" in response.content.decode()
    assert Answer.objects.count() == 0


def test_save_answer_after_deadline_is_refused_server_side(world):
    with time_machine.travel(after(world.stage("pengisian"))):
        response = client_as(world.operator_a, language="en").post(
            reverse("assessments:save_answer", args=[world.mantrijeron.pk, "1.1"]),
            {"value": "4", "narrative": "", "version": "0"},
            HTTP_HX_REQUEST="true",
        )

    assert "changes are no longer accepted." in response.content.decode()
    assert Answer.objects.count() == 0


def test_save_answer_without_htmx_redirects_to_the_indicator(world):
    response = client_as(world.operator_a, language="en").post(
        reverse("assessments:save_answer", args=[world.mantrijeron.pk, "1.2"]),
        {"value": "2", "narrative": "", "version": "0"},
    )

    anchor = scope_for(world.cycle).dom_ids["1.2"]
    assert response.status_code == 302
    assert response["Location"] == f"/f01/{world.mantrijeron.pk}/#{anchor}"
    assert messages_of(response) == ["Answer saved."]


# --- uploads through the view --------------------------------------------------------------


def post_upload(world, file, slot=("1.1", "laporan-trantibum"), user=None, **extra):
    client = client_as(user or world.operator_a, language="en")
    return client.post(
        reverse("assessments:upload", args=[world.mantrijeron.pk, *slot]),
        {"file": file, "title": "", **extra},
    )


def test_upload_view_accepts_a_pdf(world, media, pdf_bytes):
    response = post_upload(world, SimpleUploadedFile("laporan.pdf", pdf_bytes))

    assert response.status_code == 302
    assert messages_of(response) == ["“laporan.pdf” uploaded (revision 1)."]
    assert Evidence.objects.get().title == "laporan"
    assert len(stored_files(media)) == 1


@pytest.mark.parametrize(
    ("name", "content", "slot", "message"),
    [
        (
            "laporan.pdf",
            b"MZ\x90\x00" + b"\x00" * 200,
            ("1.1", "laporan-trantibum"),
            "The file “laporan.pdf” is a program, not a document, whatever its name says. "
            "Programs cannot be uploaded.",
        ),
        (
            "besar.pdf",
            b"%PDF-1.4\n" + b"0" * (MB + MB // 2),
            ("1.1", "laporan-trantibum"),
            "The file “besar.pdf” is 1.5 MB, larger than the limit of 1 MB.",
        ),
        ("kosong.pdf", b"", ("1.1", "laporan-trantibum"), "The file “kosong.pdf” is empty."),
        (
            "foto.pdf",
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
            ("1.2", "laporan-pemberdayaan"),
            "The content of “foto.pdf” is PNG; only PDF can be uploaded here.",
        ),
        (
            "catatan.pdf",
            b"just some text, not a document",
            ("1.1", "laporan-trantibum"),
            "The content of “catatan.pdf” is not a file type we recognise. "
            "Accepted types: PDF, Excel (XLSX).",
        ),
    ],
    ids=["executable", "oversize", "empty", "wrong-type", "unknown"],
)
def test_upload_view_refuses_bad_files_each_with_its_message(
    world, media, name, content, slot, message
):
    response = post_upload(world, SimpleUploadedFile(name, content), slot=slot)

    assert response.status_code == 302
    assert messages_of(response) == [message]
    assert stored_files(media) == []
    assert (EvidenceFile.objects.count(), Evidence.objects.count()) == (0, 0)
    assert AuditEvent.objects.filter(action="evidence.upload").count() == 0


def test_upload_view_after_deadline_is_refused_and_stores_nothing(world, media, pdf_bytes):
    with time_machine.travel(after(world.stage("pengisian"))):
        response = post_upload(world, SimpleUploadedFile("laporan.pdf", pdf_bytes))

    [message] = messages_of(response)
    assert message.endswith("changes are no longer accepted.")
    assert stored_files(media) == []
    assert Evidence.objects.count() == 0


def test_upload_view_new_revision_keeps_older_revisions(world, media, pdf_bytes):
    first = upload(world, pdf_bytes)

    post_upload(
        world,
        SimpleUploadedFile("laporan-v2.pdf", pdf_bytes + b"%v2"),
        evidence=first.evidence_id,
    )

    assert list(first.evidence.revisions.values_list("number", flat=True)) == [2, 1]
    html = (
        client_as(world.operator_a, language="en")
        .get(reverse("assessments:f01", args=[world.mantrijeron.pk]))
        .content.decode()
    )
    assert "2 revisions" in html
    assert reverse("assessments:evidence_download", args=[first.pk]) in html


def test_upload_view_revision_of_another_participants_document_is_refused(world, media, pdf_bytes):
    other = upload(world, pdf_bytes, participant=world.kraton)

    response = post_upload(
        world, SimpleUploadedFile("laporan.pdf", pdf_bytes), evidence=other.evidence_id
    )

    assert messages_of(response) == ["That document is not in this evidence slot."]
    assert other.evidence.revisions.count() == 1


def test_reuse_view_links_the_same_file(world, media, pdf_bytes):
    source = upload(world, pdf_bytes)

    client_as(world.operator_a).post(
        reverse("assessments:reuse", args=[world.mantrijeron.pk, "1.3", "data-kesehatan"]),
        {"revision": source.pk},
    )

    reused = Evidence.objects.get(indicator_ref="1.3").revisions.get()
    assert reused.file_id == source.file_id
    assert EvidenceFile.objects.count() == 1


def test_reuse_view_file_of_another_unit_is_refused(world, media, pdf_bytes):
    other = upload(world, pdf_bytes, participant=world.kraton)

    response = client_as(world.operator_a, language="en").post(
        reverse("assessments:reuse", args=[world.mantrijeron.pk, "1.3", "data-kesehatan"]),
        {"revision": other.pk},
    )

    assert messages_of(response) == ["Choose one of the unit's files."]
    assert Evidence.objects.filter(participant=world.mantrijeron).count() == 0


# --- download and preview ------------------------------------------------------------------


def test_evidence_download_streams_the_file_as_attachment(world, media, pdf_bytes):
    revision = upload(world, pdf_bytes)

    response = client_as(world.organiser).get(
        reverse("assessments:evidence_download", args=[revision.pk])
    )

    assert b"".join(response.streaming_content) == pdf_bytes
    assert response["Content-Disposition"].startswith('attachment; filename="laporan.pdf"')
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Frame-Options"] == "DENY"


def test_evidence_preview_is_inline_and_frameable_by_our_own_pages_only(world, media, pdf_bytes):
    revision = upload(world, pdf_bytes)

    response = client_as(world.operator_a).get(
        reverse("assessments:evidence_preview", args=[revision.pk])
    )

    assert b"".join(response.streaming_content) == pdf_bytes
    assert response["Content-Disposition"].startswith('inline; filename="laporan.pdf"')
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


# --- submit and reopen ---------------------------------------------------------------------


def test_submit_confirmation_lists_what_is_missing(world):
    services.save_answer(world.mantrijeron, "1.1", value="3", narrative="", by=world.operator_a)

    response = client_as(world.head_a, language="en").get(
        reverse("assessments:submit", args=[world.mantrijeron.pk])
    )

    html = response.content.decode()
    assert "20 indicators without an answer:" in html
    assert "19 required documents missing:" in html
    assert "Pemberdayaan masyarakat" in html
    assert "Laporan kegiatan wawasan kebangsaan" in html
    assert SelfAssessment.objects.get().status == AssessmentStatus.DRAFT


def test_submit_post_by_head_submits_with_gaps(world):
    response = client_as(world.head_a, language="en").post(
        reverse("assessments:submit", args=[world.mantrijeron.pk])
    )

    assessment = SelfAssessment.objects.get()
    assert response.status_code == 302
    assert assessment.status == AssessmentStatus.SUBMITTED
    assert assessment.submitted_by == world.head_a
    [message] = messages_of(response)
    assert message.startswith("The self-assessment was submitted on ")


def test_submit_post_after_deadline_is_refused(world):
    with time_machine.travel(after(world.stage("pengisian"))):
        response = client_as(world.head_a, language="en").post(
            reverse("assessments:submit", args=[world.mantrijeron.pk])
        )

    [message] = messages_of(response)
    assert message.endswith("changes are no longer accepted.")
    assert SelfAssessment.objects.filter(status=AssessmentStatus.SUBMITTED).count() == 0


def test_reopen_post_records_reason_and_lets_the_unit_edit_again(world):
    services.submit_self_assessment(world.mantrijeron, by=world.head_a)

    response = client_as(world.organiser, language="en").post(
        reverse("assessments:reopen", args=[world.mantrijeron.pk]),
        {"reason": "Dokumen 1.1 keliru"},
    )

    assert messages_of(response) == ["The self-assessment was reopened."]
    assert SelfAssessment.objects.get().status == AssessmentStatus.REOPENED
    event = AuditEvent.objects.get(action="f01.reopen")
    assert event.after == {"status": "reopened", "reason": "Dokumen 1.1 keliru"}
    saved = client_as(world.operator_a).post(
        reverse("assessments:save_answer", args=[world.mantrijeron.pk, "1.1"]),
        {"value": "1", "version": "0"},
        HTTP_HX_REQUEST="true",
    )
    assert saved.status_code == 200
    assert Answer.objects.get().value == 1


def test_reopen_post_without_reason_is_refused(world):
    services.submit_self_assessment(world.mantrijeron, by=world.head_a)

    response = client_as(world.organiser, language="en").post(
        reverse("assessments:reopen", args=[world.mantrijeron.pk]), {"reason": " "}
    )

    assert messages_of(response) == ["Give the reason for reopening."]
    assert SelfAssessment.objects.get().status == AssessmentStatus.SUBMITTED


# --- monitoring and export -----------------------------------------------------------------


def fill(participant, refs, by):
    scope = scope_for(participant.cycle)
    for seed, ref in enumerate(refs):
        services.save_answer(
            participant, ref, value=demo_value(scope.indicator(ref), seed), narrative="", by=by
        )


def test_monitoring_page_shows_percentages_and_badges(world, media, pdf_bytes):
    fill(world.mantrijeron, ["1.1", "1.2", "1.3", "2.1", "2.2"], world.operator_a)
    upload(world, pdf_bytes)
    services.submit_self_assessment(world.mantrijeron, by=world.head_a)

    response = client_as(world.organiser, language="en").get(
        reverse("assessments:monitoring", args=[world.cycle.pk])
    )

    html = response.content.decode()
    assert f'data-testid="percent-{world.mantrijeron.pk}">23%</span>' in html  # 5 of 21
    assert f'data-testid="percent-{world.kraton.pk}">0%</span>' in html
    assert html.count(">Not started</span>") == 1
    assert html.count(">Late</span>") == 0
    assert reverse("assessments:f01", args=[world.kraton.pk]) in html


def test_monitoring_page_marks_late_after_the_deadline(world):
    services.submit_self_assessment(world.mantrijeron, by=world.head_a)

    with time_machine.travel(after(world.stage("pengisian"))):
        html = (
            client_as(world.organiser, language="en")
            .get(reverse("assessments:monitoring", args=[world.cycle.pk]))
            .content.decode()
        )

    assert html.count(">Late</span>") == 1  # Kraton; Mantrijeron submitted in time
    assert html.count(">Not started</span>") == 2


def test_monitoring_xlsx_has_the_same_numbers(world, media, pdf_bytes):
    fill(world.mantrijeron, ["1.1", "1.2", "1.3", "2.1"], world.operator_a)
    upload(world, pdf_bytes)
    fill(world.kraton, ["4.2"], world.operator_b)

    response = client_as(world.organiser, language="en").get(
        reverse("assessments:monitoring_xlsx", args=[world.cycle.pk])
    )

    assert response["Content-Disposition"] == 'attachment; filename="pemantauan-f01-ekk-2025.xlsx"'
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == (
        "No.",
        "Unit",
        "Status",
        "Indicators answered",
        "Indicators",
        "Completion (%)",
    )
    assert rows[0][6] == "1. Tugas Atributif (%)"
    assert rows[0][12:] == ("Required documents missing", "Last activity", "Submitted", "Remarks")
    kraton, mantrijeron = rows[1], rows[2]  # sorted by unit name
    assert kraton[:12] == (1, "Kemantren Kraton", "Being filled in", 1, 21, 4, 0, 0, 0, 20, 0, 0)
    assert mantrijeron[:12] == (
        2,
        "Kemantren Mantrijeron",
        "Being filled in",
        4,
        21,
        19,
        100,
        25,
        0,
        0,
        0,
        0,
    )
    assert (kraton[12], mantrijeron[12]) == (19, 18)
    assert mantrijeron[13] is not None and mantrijeron[14] is None
    assert (kraton[15], mantrijeron[15]) == (None, None)


# --- query counts --------------------------------------------------------------------------


def add_kemantren(world, pemkot, count: int):
    names = ["Mergangsan", "Umbulharjo", "Kotagede", "Gondokusuman", "Danurejan", "Pakualaman"]
    units = [kemantren_unit(pemkot, n, f"34.71.{10 + i}") for i, n in enumerate(names[:count])]
    participants = add_participants(world.cycle, units, by=world.organiser)
    for participant in participants:
        operator = type(world.operator_a).objects.create(username=f"op{participant.pk}")
        member(participant, operator, MemberRole.OPERATOR)
        fill(participant, ["1.1", "2.1", "3.1"], operator)
    return participants


@pytest.mark.parametrize("view", ["monitoring", "monitoring_xlsx"])
def test_monitoring_queries_do_not_grow_with_participants(
    world, pemkot, django_assert_max_num_queries, view
):
    client = client_as(world.organiser)
    url = reverse(f"assessments:{view}", args=[world.cycle.pk])
    with django_assert_max_num_queries(14) as few:
        client.get(url)

    add_kemantren(world, pemkot, 6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)

    assert response.status_code == 200


def test_f01_page_queries_do_not_grow_with_answers_and_documents(
    world, media, pdf_bytes, django_assert_max_num_queries
):
    client = client_as(world.operator_a, language="en")
    url = reverse("assessments:f01", args=[world.mantrijeron.pk])
    scope = scope_for(world.cycle)
    fill(world.mantrijeron, ["1.1"], world.operator_a)
    upload(world, pdf_bytes)
    with django_assert_max_num_queries(20) as few:
        client.get(url)

    fill(world.mantrijeron, list(scope.counted_refs), world.operator_a)
    for ref, slot in scope.required_slots[1:7]:
        revision = upload(world, pdf_bytes, ref=ref, slot=slot)
        services.upload_evidence(
            world.mantrijeron,
            ref,
            slot,
            ContentFile(pdf_bytes + b"%2", name="v2.pdf"),
            by=world.operator_a,
            evidence=revision.evidence,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)

    assert "21 of 21 indicators answered" in response.content.decode()
