"""Clarification pages: the permission matrix over every view during scoring, and the round
trip through the pages (the evaluator asks, the unit answers and adds evidence, the evaluator
resolves)."""

from __future__ import annotations

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kinerja.assessments import services
from kinerja.assessments.models import Clarification

from .conftest import TEAM_PERSONAS, moment_in, team_client, team_people

REVIEW_VIEW = {"evaluator": 200, "second": 200, "chair": 200, "organiser": 200}
SCORER_GET = {"evaluator": 200, "second": 200}
SCORER_POST = {"evaluator": 302, "second": 302}
UNIT_VIEW = {"operator_a": 200, "head_a": 200, "organiser": 200}
THREAD_VIEW = {**REVIEW_VIEW, "operator_a": 200, "head_a": 200}
UNIT_POST = {"operator_a": 302, "head_a": 302}
MESSAGE_POST = dict.fromkeys(THREAD_VIEW, 302)
RESOLVE_POST = {"evaluator": 302, "chair": 302, "organiser": 302}

MATRIX = [
    ("clarification_raise", "get", SCORER_GET),
    ("clarification_raise", "post", SCORER_POST),
    ("unit_clarifications", "get", UNIT_VIEW),
    ("clarification", "get", THREAD_VIEW),
    ("clarification_answer", "post", UNIT_POST),
    ("clarification_message", "post", MESSAGE_POST),
    ("clarification_upload", "post", UNIT_POST),
    ("clarification_resolve", "post", RESOLVE_POST),
]


def url_for(name, world, clarification) -> str:
    pid = world.mantrijeron.pk
    args = {
        "clarification_raise": [pid, "1.1"],
        "unit_clarifications": [pid],
    }.get(name, [clarification.pk])
    return reverse(f"assessments:{name}", args=args)


@pytest.mark.parametrize("persona", TEAM_PERSONAS)
@pytest.mark.parametrize(("name", "method", "allowed"), MATRIX, ids=lambda v: str(v)[:20])
def test_view_permission_matrix_during_scoring(
    world, team, scoring, media, pdf_bytes, name, method, allowed, persona
):
    clarification = services.raise_clarification(
        world.mantrijeron, "1.1", evaluator=team.evaluator, question="?", by=world.evaluator
    )
    client = team_client(team_people(world, team)[persona])
    url = url_for(name, world, clarification)

    if method == "get":
        response = client.get(url)
    else:
        data = {
            "question": "Mohon data",
            "body": "Jawaban",
            "slot": "laporan-trantibum",
            "file": SimpleUploadedFile("rekap.pdf", pdf_bytes, "application/pdf"),
        }
        response = client.post(url, data)

    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == allowed.get(persona, 404)


def test_clarification_round_trip_through_the_pages(world, team, media, pdf_bytes):
    services.submit_self_assessment(world.mantrijeron, by=world.head_a)
    with time_machine.travel(moment_in(world.stage("paparan")), tick=False):
        evaluator, operator = team_client(world.evaluator), team_client(world.operator_a)
        raised = evaluator.post(
            reverse("assessments:clarification_raise", args=[world.mantrijeron.pk, "1.1"]),
            {"question": "Mohon rekap gangguan."},
        )
        clarification = Clarification.objects.get()
        panel = operator.get(
            reverse("assessments:unit_clarifications", args=[world.mantrijeron.pk])
        )
        operator.post(
            reverse("assessments:clarification_answer", args=[clarification.pk]),
            {"body": "Terlampir."},
        )
        operator.post(
            reverse("assessments:clarification_upload", args=[clarification.pk]),
            {
                "slot": "laporan-trantibum",
                "file": SimpleUploadedFile("rekap.pdf", pdf_bytes, "application/pdf"),
            },
        )
        thread = evaluator.get(reverse("assessments:clarification", args=[clarification.pk]))
        review_page = evaluator.get(reverse("reviews:participant", args=[world.mantrijeron.pk]))
        evaluator.post(reverse("assessments:clarification_resolve", args=[clarification.pk]))
        late = operator.post(
            reverse("assessments:clarification_upload", args=[clarification.pk]),
            {
                "slot": "laporan-trantibum",
                "file": SimpleUploadedFile("rekap2.pdf", pdf_bytes, "application/pdf"),
            },
        )

    assert raised["Location"] == reverse("assessments:clarification", args=[clarification.pk])
    assert "Mohon rekap gangguan." in panel.content.decode()
    assert 'data-testid="open-count">1<' in panel.content.decode()
    assert "Terlampir." in thread.content.decode()
    assert "rekap.pdf" in thread.content.decode()
    thread_url = reverse("assessments:clarification", args=[clarification.pk])
    assert f'href="{thread_url}"' in review_page.content.decode()
    clarification.refresh_from_db()
    assert clarification.status == "resolved"
    assert late.status_code == 302
    assert world.mantrijeron.evidence.count() == 1


def test_an_answer_typed_before_uploading_is_kept(world, team, media, pdf_bytes):
    with time_machine.travel(moment_in(world.stage("paparan")), tick=False):
        operator = team_client(world.operator_a)
        clarification = services.raise_clarification(
            world.mantrijeron,
            "1.1",
            evaluator=team.evaluator,
            question="Mohon rekap.",
            by=world.evaluator,
        )
        form = operator.get(reverse("assessments:clarification", args=[clarification.pk]))
        operator.post(
            reverse("assessments:clarification_upload", args=[clarification.pk]),
            {
                "body": "Rekap terlampir, dengan catatan kejadian bulan Mei.",
                "slot": "laporan-trantibum",
                "file": SimpleUploadedFile("rekap.pdf", pdf_bytes, "application/pdf"),
            },
        )
        again = operator.get(reverse("assessments:clarification", args=[clarification.pk]))
        later = operator.get(reverse("assessments:clarification", args=[clarification.pk]))

    page = form.content.decode()
    upload = reverse("assessments:clarification_upload", args=[clarification.pk])
    assert f'formaction="{upload}" formnovalidate' in page
    assert 'enctype="multipart/form-data"' in page.split('data-testid="answer-form"')[1][:80]
    assert again.context["draft"] == "Rekap terlampir, dengan catatan kejadian bulan Mei."
    assert (
        "Rekap terlampir, dengan catatan kejadian bulan Mei.</textarea>" in again.content.decode()
    )
    assert later.context["draft"] == ""  # shown once, then the answer is the unit's to send
    assert world.mantrijeron.evidence.count() == 1
