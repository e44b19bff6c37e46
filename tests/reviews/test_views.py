"""Review pages: the permission matrix over every view, saving with "save and next", the
optimistic-lock conflict in the page, stage gates, the visibility of other evaluators' scores,
and query counts. (Clarification pages: tests/assessments/test_clarification_views.py.)"""

from __future__ import annotations

import re

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation

from kinerja.assessments import services as f01
from kinerja.assessments.queries import review_scope_for
from kinerja.assessments.services.clarifications import raise_clarification
from kinerja.cycles.models import Stage
from kinerja.cycles.services.assignments import assign
from kinerja.cycles.services.participants import add_participants
from kinerja.reviews import services
from kinerja.reviews.models import Review
from kinerja.reviews.queries.f02 import review_page
from kinerja.units.models import Unit

from ..assessments.conftest import (
    TEAM_PERSONAS,
    kemantren_unit,
    moment_in,
    team_client,
    team_people,
)
from .test_services import score_everything

TEAM_VIEW = {"evaluator": 200, "second": 200, "outsider": 200, "chair": 200, "organiser": 200}
REVIEW_VIEW = {"evaluator": 200, "second": 200, "chair": 200, "organiser": 200}
SCORER_GET = {"evaluator": 200, "second": 200}
SCORER_POST = {"evaluator": 302, "second": 302}

MATRIX = [
    ("mine", "get", TEAM_VIEW),
    ("participant", "get", REVIEW_VIEW),
    ("save", "post", SCORER_POST),
    ("submit", "get", SCORER_GET),
    ("submit", "post", SCORER_POST),
]


def url_for(name, world) -> str:
    pid = world.mantrijeron.pk
    args = {
        "mine": [world.cycle.pk],
        "participant": [pid],
        "save": [pid, "1.1"],
        "submit": [pid],
    }[name]
    return reverse(f"reviews:{name}", args=args)


@pytest.mark.parametrize("persona", TEAM_PERSONAS)
@pytest.mark.parametrize(("name", "method", "allowed"), MATRIX, ids=lambda v: str(v)[:20])
def test_view_permission_matrix_during_scoring(
    world, team, scoring, name, method, allowed, persona
):
    client = team_client(team_people(world, team)[persona])
    url = url_for(name, world)

    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, {"value": "2", "version": "0"})

    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == allowed.get(persona, 404)


# --- the review page and saving -------------------------------------------------------------


def page_url(world) -> str:
    return reverse("reviews:participant", args=[world.mantrijeron.pk])


def save_url(world, ref="1.1") -> str:
    return reverse("reviews:save", args=[world.mantrijeron.pk, ref])


def test_review_page_shows_the_unit_answer_and_evidence_links(world, team, media, pdf_bytes):
    f01.save_answer(
        world.mantrijeron, "1.1", value="3", narrative="Patroli rutin", by=world.operator_a
    )
    revision = f01.upload_evidence(
        world.mantrijeron,
        "1.1",
        "laporan-trantibum",
        ContentFile(pdf_bytes, name="laporan.pdf"),
        by=world.operator_a,
    )
    with time_machine.travel(moment_in(world.stage("paparan")), tick=False):
        response = team_client(world.evaluator).get(page_url(world))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Patroli rutin" in content
    assert reverse("assessments:evidence_download", args=[revision.pk]) in content
    assert reverse("assessments:evidence_preview", args=[revision.pk]) in content
    assert 'name="version" value="0"' in content


def test_save_and_next_moves_to_the_next_indicator(world, team, scoring):
    scope = review_scope_for(world.cycle)

    response = team_client(world.evaluator).post(
        save_url(world),
        {"value": "3", "verdict": "sesuai", "note": "", "version": "0", "then": "next"},
    )

    aspect = review_page(world.mantrijeron, seat=team.evaluator, sees_all=False, f01_visible=False)
    aspect = aspect.aspect_of("1.2").dom_id
    assert response.status_code == 302
    assert response["Location"] == f"{page_url(world)}?aspek={aspect}#{scope.dom_ids['1.2']}"
    review = Review.objects.get()
    assert (review.value, review.verdict, review.version) == (3, "sesuai", 1)


def test_save_conflict_keeps_the_typed_values_and_shows_the_stored_ones(world, team, scoring):
    client = team_client(world.evaluator)
    client.post(save_url(world), {"value": "2", "note": "tab satu", "version": "0"})

    response = client.post(
        save_url(world), {"value": "4", "note": "tab dua, ketikan saya", "version": "0"}
    )

    content = response.content.decode()
    assert response.status_code == 409
    assert re.search(r'data-testid="conflict-value">2<', content)
    assert "tab satu" in content
    assert "tab dua, ketikan saya</textarea>" in content
    assert re.search(r'value="4" checked', content)
    assert 'name="version" value="1"' in content
    assert Review.objects.get().note == "tab satu"

    again = client.post(save_url(world), {"value": "4", "note": "tab dua", "version": "1"})

    assert again.status_code == 302
    assert (Review.objects.get().value, Review.objects.get().version) == (4, 2)


def test_save_with_the_score_gate_closed_is_refused_server_side(world, team):
    # Filling stage: the form is shown disabled, and a forged POST is refused anyway.
    response = team_client(world.evaluator).post(save_url(world), {"value": "3", "version": "0"})

    assert response.status_code == 400
    with translation.override("en"):
        assert "opens on" in response.content.decode()
    assert Review.objects.count() == 0


def test_save_invalid_value_shows_the_message_and_keeps_the_note(world, team, scoring):
    response = team_client(world.evaluator).post(
        save_url(world), {"value": "7", "note": "catatan saya", "version": "0"}
    )

    assert response.status_code == 400
    assert "catatan saya</textarea>" in response.content.decode()
    assert Review.objects.count() == 0


def test_unassigned_evaluator_gets_404_for_another_participant(world, team, scoring):
    client = team_client(world.other_evaluator)

    assert client.get(page_url(world)).status_code == 404
    assert client.post(save_url(world), {"value": "3", "version": "0"}).status_code == 404
    assert Review.objects.count() == 0


# --- visibility of the other evaluators' scores -----------------------------------------------


SECOND_NOTE = "catatan penilai kedua"


def second_scores(world, team):
    services.record_review(
        world.mantrijeron,
        "1.1",
        evaluator=team.second,
        value=1,
        note=SECOND_NOTE,
        expected_version=0,
        by=team.second_user,
    )


def set_visibility(world, rule: str):
    Stage.objects.filter(cycle=world.cycle, kind="paparan").update(see_other_scores=rule)


def sees_second(world, user) -> bool:
    response = team_client(user).get(page_url(world))
    assert response.status_code == 200
    return SECOND_NOTE in response.content.decode()


def test_other_scores_never_hidden_from_evaluators_shown_to_chair_and_organiser(
    world, team, scoring
):
    second_scores(world, team)
    score_everything(world, team.evaluator)
    services.submit_reviews(world.mantrijeron, evaluator=team.evaluator, by=world.evaluator)

    assert sees_second(world, world.evaluator) is False
    assert sees_second(world, team.chair_user) is True
    assert sees_second(world, world.organiser) is True


def test_other_scores_after_own_shown_only_once_submitted(world, team, scoring):
    set_visibility(world, "after_own")
    second_scores(world, team)
    score_everything(world, team.evaluator)

    before = sees_second(world, world.evaluator)
    services.submit_reviews(world.mantrijeron, evaluator=team.evaluator, by=world.evaluator)

    assert (before, sees_second(world, world.evaluator)) == (False, True)


def test_other_scores_always_shown(world, team, scoring):
    set_visibility(world, "always")
    second_scores(world, team)

    assert sees_second(world, world.evaluator) is True


# --- submission -----------------------------------------------------------------------------


def test_submit_view_refuses_incomplete_and_accepts_complete(world, team, scoring):
    client = team_client(world.evaluator)
    url = reverse("reviews:submit", args=[world.mantrijeron.pk])

    refused = client.post(url)
    score_everything(world, team.evaluator)
    accepted = client.post(url)

    assert refused["Location"] == url
    assert accepted["Location"] == page_url(world)
    assert Review.objects.filter(submitted_at__isnull=True).count() == 0


# --- query counts ---------------------------------------------------------------------------


def add_kemantren(world, count: int, seat):
    pemkot = Unit.objects.get(kind="pemda")
    units = [kemantren_unit(pemkot, f"Uji {n}", f"34.71.9{n}") for n in range(count)]
    for participant in add_participants(world.cycle, units, by=world.organiser):
        assign(world.cycle, evaluator=seat, participant=participant, by=world.organiser)


@pytest.mark.parametrize("extra", [0, 6])
def test_worklist_queries_are_constant_in_participants(
    world, team, scoring, extra, django_assert_max_num_queries
):
    add_kemantren(world, extra, team.evaluator)
    score_everything(world, team.evaluator)
    for user in (world.evaluator, world.organiser, team.chair_user):
        client = team_client(user)
        with django_assert_max_num_queries(17):
            response = client.get(reverse("reviews:mine", args=[world.cycle.pk]))
        assert response.status_code == 200
    assert response.content.decode().count('href="/penilaian/') >= 1 + extra


@pytest.mark.parametrize("filled", [False, True])
def test_review_page_queries_are_constant_in_indicators_and_reviews(
    world, team, media, pdf_bytes, filled, django_assert_max_num_queries
):
    if filled:
        for ref, slot in (("1.1", "laporan-trantibum"), ("1.2", "laporan-pemberdayaan")):
            f01.save_answer(world.mantrijeron, ref, value="2", narrative="n", by=world.operator_a)
            f01.upload_evidence(
                world.mantrijeron,
                ref,
                slot,
                ContentFile(pdf_bytes, name="a.pdf"),
                by=world.operator_a,
            )
    with time_machine.travel(moment_in(world.stage("paparan")), tick=False):
        set_visibility(world, "always")
        if filled:
            score_everything(world, team.evaluator)
            score_everything(world, team.second)
            raise_clarification(
                world.mantrijeron, "1.1", evaluator=team.evaluator, question="?", by=world.evaluator
            )
        for user in (world.evaluator, world.organiser):
            client = team_client(user)
            with django_assert_max_num_queries(21):
                response = client.get(page_url(world))
            assert response.status_code == 200


# --- scoring in place (htmx) -------------------------------------------------------------------


def _htmx_post(client, url, data):
    return client.post(url, data, HTTP_HX_REQUEST="true")


def test_htmx_save_swaps_the_body_and_names_the_next_indicator_to_score(world, team, scoring):
    scope = review_scope_for(world.cycle)
    client = team_client(world.evaluator)
    # 1.2 already has a score: "save and next" on 1.1 goes on with 1.3.
    client.post(save_url(world, "1.2"), {"value": "2", "version": "0"})

    response = _htmx_post(
        client, save_url(world), {"value": "3", "version": "0", "then": "next", "aspek": ""}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert response.templates[0].name == "reviews/_review_body.html"
    assert body.startswith('<div id="review-body" data-focus="' + scope.dom_ids["1.3"] + '"')
    assert 'data-testid="review-saved"' in body
    assert response["HX-Push-Url"].startswith(page_url(world) + "?aspek=")
    assert Review.objects.get(indicator_ref="1.1").value == 3
    # The saved line is in the body, not a flash message left for the next page.
    assert "1.1" not in " ".join(str(m) for m in response.wsgi_request._messages)


def test_htmx_refused_save_keeps_what_was_typed(world, team, scoring):
    client = team_client(world.evaluator)

    response = _htmx_post(client, save_url(world), {"value": "99", "note": "ketikan saya"})

    body = response.content.decode()
    assert response.status_code == 400
    assert body.startswith('<div id="review-body"')
    assert "ketikan saya" in body


def test_review_page_shows_one_aspect_at_a_time_by_default(world, team, scoring):
    client = team_client(world.evaluator)
    scope = review_scope_for(world.cycle)

    first = client.get(page_url(world))
    everything = client.get(page_url(world), {"aspek": "semua"})

    shown = [a.dom_id for a in first.context["shown_aspects"]]
    assert len(shown) == 1 and first.context["aspect_key"] == shown[0]
    assert len(everything.context["shown_aspects"]) == len(scope.aspects)
    assert everything.content.decode().count('class="card mb-3 reviews-card') == len(
        scope.indicators
    )


def test_next_unscored_wraps_round_and_skips_scored(world, team, scoring):
    scope = review_scope_for(world.cycle)
    refs = [i.ref for i in scope.indicators if i.scored and not i.claims]
    Review.objects.bulk_create(
        Review(
            evaluator=team.evaluator,
            participant=world.mantrijeron,
            indicator_ref=ref,
            round="",
            component=scope.component_of(ref),
            value=2,
        )
        for ref in refs[1:]
    )

    page = review_page(world.mantrijeron, seat=team.evaluator, sees_all=False, f01_visible=False)

    assert page.next_unscored(refs[-1]).indicator.ref == refs[0]
    assert page.next_unscored(refs[0]) is None
