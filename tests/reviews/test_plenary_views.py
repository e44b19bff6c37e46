"""Plenary pages: the permission matrix over every view, forms, and constant query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kinerja.assessments.queries import review_scope_for
from kinerja.cycles.services.assignments import assign
from kinerja.cycles.services.participants import add_participants
from kinerja.cycles.services.team import add_team_member
from kinerja.reviews import services
from kinerja.reviews.models import Consensus, Plenary
from kinerja.reviews.services import plenary

from ..assessments.conftest import TEAM_PERSONAS, kemantren_unit, team_client, team_people


def urls(world):
    c, p = world.cycle.pk, world.mantrijeron.pk
    return {
        "plenary": reverse("reviews:plenary", args=[c]),
        "plenary_participant": reverse("reviews:plenary_participant", args=[c, p]),
        "consensus_set": reverse("reviews:consensus_set", args=[c, p, "1.1"]),
        "consensus_clear": reverse("reviews:consensus_clear", args=[c, p, "1.1"]),
        "plenary_close": reverse("reviews:plenary_close", args=[c]),
        "plenary_reopen": reverse("reviews:plenary_reopen", args=[c]),
    }


TEAM_GET = {"evaluator": 200, "second": 200, "outsider": 200, "chair": 200, "organiser": 200}
ASSIGNED_GET = {"evaluator": 200, "second": 200, "chair": 200, "organiser": 200}
CHAIR_POST = {"chair": 302, "organiser": 302}
MATRIX = [
    ("plenary", "get", TEAM_GET, {}),
    ("plenary_participant", "get", ASSIGNED_GET, {}),
    ("consensus_set", "post", CHAIR_POST, {"value": "4", "reason": "Alasan", "version": "0"}),
    ("consensus_clear", "post", CHAIR_POST, {"version": "0"}),
    ("plenary_close", "post", CHAIR_POST, {}),
    ("plenary_reopen", "post", {"organiser": 302}, {"reason": "Salah"}),
]


@pytest.mark.parametrize(("name", "method", "allowed", "data"), MATRIX)
@pytest.mark.parametrize("persona", TEAM_PERSONAS)
def test_plenary_permission_matrix(world, team, scoring, name, method, allowed, data, persona):
    if name == "plenary_reopen":
        plenary.close_plenary(world.cycle, by=world.organiser)
    client = team_client(team_people(world, team)[persona])
    url = urls(world)[name]

    response = getattr(client, method)(url, data)

    if persona == "anonymous":
        assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
    else:
        assert response.status_code == allowed.get(persona, 404)


def test_plenary_page_for_chair_shows_scores_and_forms(world, team, scoring):
    services.record_review(
        world.mantrijeron,
        "1.1",
        evaluator=team.evaluator,
        value=3,
        expected_version=0,
        by=world.evaluator,
    )
    response = team_client(team.chair_user).get(urls(world)["plenary_participant"])
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="plenary-grid"' in body
    assert f'data-testid="cell-1.1-{team.evaluator.pk}"' in body
    assert (
        reverse("reviews:consensus_set", args=[world.cycle.pk, world.mantrijeron.pk, "1.1"]) in body
    )
    assert 'data-testid="plenary-close"' in body


def test_plenary_page_for_evaluator_has_no_forms_and_hides_others(world, team, scoring):
    response = team_client(world.evaluator).get(urls(world)["plenary_participant"])
    body = response.content.decode()
    assert 'data-testid="plenary-close"' not in body
    assert "konsensus" not in body
    assert f">{team.second_user}<" not in body


def test_plenary_page_other_unit_participant_is_404_for_outsider(world, team, scoring):
    response = team_client(world.other_evaluator).get(urls(world)["plenary_participant"])
    assert response.status_code == 404


def test_consensus_set_refused_form_keeps_typed_reason(world, team, scoring):
    response = team_client(team.chair_user).post(
        urls(world)["consensus_set"], {"value": "4", "reason": " ", "version": "0"}
    )
    assert response.status_code == 400
    assert not Consensus.objects.exists()
    assert "reviews-refused" in response.content.decode()


def test_consensus_set_and_close_through_the_pages(world, team, scoring):
    chair = team_client(team.chair_user)
    response = chair.post(
        urls(world)["consensus_set"], {"value": "4", "reason": "Notulen", "version": "0"}
    )
    assert response.status_code == 302
    assert Consensus.objects.get().reason == "Notulen"
    chair.post(urls(world)["plenary_close"], {"notes": "Selesai"})
    assert Plenary.objects.get().status == "closed"
    response = chair.post(
        urls(world)["consensus_set"], {"value": "2", "reason": "Ubah", "version": "1"}
    )
    assert response.status_code == 400
    assert Consensus.objects.get().value == 4


def _grid_queries(world, team, django_assert_max_num_queries, n):
    client = team_client(team.chair_user)
    with django_assert_max_num_queries(n):
        response = client.get(urls(world)["plenary_participant"])
    assert response.status_code == 200


@pytest.mark.parametrize("many", [False, True])
def test_plenary_page_query_count_is_constant(
    world, team, scoring, make_user, pemkot, django_assert_max_num_queries, many
):
    if many:
        units = [kemantren_unit(pemkot, f"K{i}", f"34.71.{50 + i}") for i in range(8)]
        add_participants(world.cycle, units, by=world.organiser)
        for i in range(4):
            seat = add_team_member(world.cycle, user=make_user(f"extra{i}"), by=world.organiser)
            assign(world.cycle, evaluator=seat, participant=world.mantrijeron, by=world.organiser)
            for ref in ("1.1", "1.2", "1.3", "2.1"):
                services.record_review(
                    world.mantrijeron,
                    ref,
                    evaluator=seat,
                    value=i,
                    expected_version=0,
                    by=seat.user,
                )
        for ref in ("1.1", "1.2"):
            plenary.set_consensus(world.mantrijeron, ref, value=2, reason="x", by=team.chair_user)
    _grid_queries(world, team, django_assert_max_num_queries, 18)  # +1: the organiser scope


def _htmx_post(client, url, data):
    return client.post(url, data, HTTP_HX_REQUEST="true")


def _score_with_outliers(world, team, make_user):
    """Four evaluators; 1.1 and 1.3 have an outlier, 1.2 has none."""
    seats = [team.evaluator]
    for i in range(3):
        seat = add_team_member(world.cycle, user=make_user(f"lain{i}"), by=world.organiser)
        assign(world.cycle, evaluator=seat, participant=world.mantrijeron, by=world.organiser)
        seats.append(seat)
    levels = {"1.1": (3, 3, 3, 0), "1.2": (2, 2, 2, 2), "1.3": (4, 4, 4, 1)}
    for ref, values in levels.items():
        for seat, value in zip(seats, values, strict=True):
            services.record_review(
                world.mantrijeron,
                ref,
                evaluator=seat,
                value=value,
                expected_version=0,
                by=seat.user,
            )


def test_consensus_saved_in_place_swaps_the_grid_and_names_the_next_row(
    world, team, scoring, make_user
):
    _score_with_outliers(world, team, make_user)
    chair = team_client(team.chair_user)

    response = _htmx_post(
        chair, urls(world)["consensus_set"], {"value": "3", "reason": "Notulen", "version": "0"}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="plenary-body"')
    assert "<html" not in body and 'data-testid="plenary-saved"' in body
    # The next row with an outlier and no consensus: 1.3 (1.2 has no outlier).
    next_row = review_scope_for(world.cycle).dom_ids["1.3"]
    assert f'data-focus="{next_row}"' in body
    assert response["HX-Push-Url"] == urls(world)["plenary_participant"]
    assert Consensus.objects.get().reason == "Notulen"


def test_consensus_refused_in_place_keeps_what_was_typed(world, team, scoring):
    chair = team_client(team.chair_user)

    response = _htmx_post(
        chair, urls(world)["consensus_set"], {"value": "4", "reason": " ", "version": "0"}
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert body.lstrip().startswith('<div id="plenary-body"')
    assert "reviews-refused" in body and 'aria-invalid="true"' in body
    assert not Consensus.objects.exists()


def test_aggregate_accepted_in_place(world, team, scoring):
    plenary.set_consensus(world.mantrijeron, "1.1", value=2, reason="x", by=team.chair_user)
    chair = team_client(team.chair_user)

    response = _htmx_post(chair, urls(world)["consensus_clear"], {"version": "1"})

    assert response.status_code == 200
    assert 'data-testid="plenary-saved"' in response.content.decode()
    assert not Consensus.objects.exists()
    stale = _htmx_post(chair, urls(world)["consensus_clear"], {"version": "x"})
    assert stale.status_code == 409
    assert "reviews-refused" in stale.content.decode()
