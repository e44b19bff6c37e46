"""A cycle's own award categories: presets, a custom list, grade only; frozen once determined."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from kinerja.audit.models import AuditEvent
from kinerja.cycles.enums import AwardScheme
from kinerja.results import services
from kinerja.results.awards import award_labels, awards_of, parse_awards, preset
from kinerja.results.compute import recompute_cycle
from kinerja.results.models import Result

from .conftest import all_refs, put

DECREE = {
    "decree_number": "100/7/2025",
    "decree_date": dt.date(2025, 11, 3),
    "signatory_name": "Budi Prasetyo",
    "signatory_position": "Wali Kota",
}


@pytest.fixture
def scored(pekppp_cycle):
    cycle, participants, team = pekppp_cycle
    for level, participant in zip((5, 4, 3, 2), participants, strict=True):
        for ref in all_refs(cycle):
            put(participant, team[0], ref, level)
    recompute_cycle(cycle)
    return cycle, participants


def awards_by_rank(cycle):
    return list(Result.objects.filter(cycle=cycle).order_by("rank").values_list("rank", "awards"))


def test_presets_are_the_regulation_categories():
    assert [a["label"] for a in preset("terbaik")] == [
        "Terbaik I",
        "Terbaik II",
        "Terbaik III",
        "Terbaik IV",
        "Terbaik V",
    ]
    assert [(a["label"], a["rank"]) for a in preset("juara")] == [
        ("Juara 1", 1),
        ("Juara 2", 2),
        ("Juara 3", 3),
        ("Harapan 1", 4),
        ("Harapan 2", 5),
    ]
    assert preset("top", top=30) == [{"code": "top-30", "label": "30 Terbaik", "top": 30}]


def test_parse_awards_names_the_wrong_line():
    with translation.override("en"), pytest.raises(ValueError, match="line 2"):
        parse_awards([{"code": "a", "label": "A", "rank": 1}, {"code": "b", "label": "B"}])
    with translation.override("en"), pytest.raises(ValueError, match="line 2"):
        parse_awards(
            [{"code": "a", "label": "A", "rank": 1}, {"code": "a", "label": "B", "rank": 2}]
        )


def test_custom_scheme_reranks_awards_and_is_audited(scored, organiser):
    cycle, _participants = scored
    assert awards_by_rank(cycle) == [(1, []), (2, []), (3, []), (4, [])]  # PEKPPP has none

    services.set_award_scheme(
        cycle, scheme=AwardScheme.CUSTOM, awards=preset("juara"), by=organiser
    )

    assert awards_by_rank(cycle) == [
        (1, ["juara-1"]),
        (2, ["juara-2"]),
        (3, ["juara-3"]),
        (4, ["harapan-1"]),
    ]
    assert award_labels(cycle)["harapan-1"] == "Harapan 1"
    event = AuditEvent.objects.get(action="cycle.awards")
    assert event.before["award_scheme"] == AwardScheme.INSTRUMENT
    assert event.after["awards"][0]["code"] == "juara-1"


def test_top_n_and_grade_only(scored, organiser):
    cycle, _participants = scored

    services.set_award_scheme(
        cycle, scheme=AwardScheme.CUSTOM, awards=preset("top", top=3), by=organiser
    )
    top = awards_by_rank(cycle)
    services.set_award_scheme(cycle, scheme=AwardScheme.GRADE_ONLY, by=organiser)

    assert top == [(1, ["top-3"]), (2, ["top-3"]), (3, ["top-3"]), (4, [])]
    assert awards_of(cycle) == ()
    assert awards_by_rank(cycle) == [(1, []), (2, []), (3, []), (4, [])]
    assert Result.objects.filter(cycle=cycle).exclude(grade_code="").count() == 4


def test_scheme_refused_while_determined_and_snapshot_keeps_names(scored, organiser):
    cycle, _participants = scored
    services.set_award_scheme(
        cycle, scheme=AwardScheme.CUSTOM, awards=preset("terbaik"), by=organiser
    )
    determination = services.determine(cycle, by=organiser, **DECREE)

    with pytest.raises(ValidationError):
        services.set_award_scheme(cycle, scheme=AwardScheme.GRADE_ONLY, by=organiser)

    assert determination.snapshot[0]["award_names"] == ["Terbaik I"]
    cycle.refresh_from_db()
    assert cycle.award_scheme == AwardScheme.CUSTOM


def test_custom_scheme_refuses_an_empty_list(scored, organiser):
    cycle, _participants = scored
    with pytest.raises(ValidationError):
        services.set_award_scheme(cycle, scheme=AwardScheme.CUSTOM, awards=[], by=organiser)


# --- the page -----------------------------------------------------------------------------


def url(cycle):
    return reverse("results:award_scheme", kwargs={"cycle_id": cycle.pk})


def test_page_permissions(scored, client, organiser, plain_user):
    cycle, _participants = scored
    anonymous = client.get(url(cycle))
    client.force_login(plain_user)
    plain = client.get(url(cycle))
    client.force_login(organiser)
    allowed = client.get(url(cycle))

    assert anonymous.status_code == 302 and anonymous["Location"].startswith(
        reverse("accounts:login")
    )
    assert plain.status_code == 404
    assert allowed.status_code == 200
    assert (
        client.post(reverse("results:award_scheme", kwargs={"cycle_id": 999999}), {}).status_code
        == 404
    )


def test_team_member_cannot_change_awards(pekppp_cycle, client):
    cycle, _participants, team = pekppp_cycle
    client.force_login(team[0].user)

    response = client.post(url(cycle), {"choice": "terbaik"})

    assert response.status_code == 404
    cycle.refresh_from_db()
    assert cycle.award_scheme == AwardScheme.INSTRUMENT


def test_page_saves_custom_lines(scored, organiser_client):
    cycle, _participants = scored

    response = organiser_client.post(
        url(cycle), {"choice": "custom", "lines": "Kemantren Terbaik; 1\n\n3 Besar; top 3"}
    )

    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.awards == [
        {"code": "kemantren-terbaik", "label": "Kemantren Terbaik", "rank": 1},
        {"code": "3-besar", "label": "3 Besar", "top": 3},
    ]
    assert awards_by_rank(cycle)[0] == (1, ["kemantren-terbaik", "3-besar"])
    page = organiser_client.get(url(cycle)).content.decode()
    assert "Kemantren Terbaik; 1" in page


def test_page_saves_an_award_for_a_range_of_ranks(scored, organiser_client):
    # KOVABLIK: "2 Terbaik" for ranks 1-2, then "4 Terbaik" for ranks 3-4 only (not 1-4).
    cycle, _participants = scored

    response = organiser_client.post(
        url(cycle), {"choice": "custom", "lines": "2 Terbaik; top 2\n4 Terbaik; 3-4"}
    )

    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.awards[1] == {"code": "4-terbaik", "label": "4 Terbaik", "top": 4, "from_rank": 3}
    assert awards_by_rank(cycle) == [
        (1, ["2-terbaik"]),
        (2, ["2-terbaik"]),
        (3, ["4-terbaik"]),
        (4, ["4-terbaik"]),
    ]
    page = organiser_client.get(url(cycle)).content.decode()
    assert "4 Terbaik; 3-4" in page
    assert "4 Terbaik — peringkat 3 sampai 4" in page


@pytest.mark.parametrize("place", ["4-3", "0-2"])
def test_page_refuses_a_backward_range(scored, organiser_client, place):
    cycle, _participants = scored

    response = organiser_client.post(url(cycle), {"choice": "custom", "lines": f"X; {place}"})

    assert response.status_code == 400
    assert "1" in response.context["form"].errors["lines"][0]
    cycle.refresh_from_db()
    assert cycle.award_scheme == AwardScheme.INSTRUMENT


def test_parse_awards_refuses_a_range_without_top_or_backward():
    with translation.override("en"), pytest.raises(ValueError, match="line 1"):
        parse_awards([{"code": "a", "label": "A", "from_rank": 3, "rank": 4}])
    with translation.override("en"), pytest.raises(ValueError, match="line 1"):
        parse_awards([{"code": "a", "label": "A", "from_rank": 5, "top": 4}])


def test_page_names_the_wrong_line(scored, organiser_client):
    cycle, _participants = scored

    response = organiser_client.post(
        url(cycle), {"choice": "custom", "lines": "Juara I; 1\nJuara II"}
    )

    assert response.status_code == 400
    assert "2" in response.context["form"].errors["lines"][0]
    cycle.refresh_from_db()
    assert cycle.award_scheme == AwardScheme.INSTRUMENT


def test_page_top_n_needs_n(scored, organiser_client):
    cycle, _participants = scored

    response = organiser_client.post(url(cycle), {"choice": "top"})

    assert response.status_code == 400
    assert response.context["form"].errors["top"]


def test_page_query_count(scored, organiser_client, django_assert_max_num_queries):
    cycle, _participants = scored
    with django_assert_max_num_queries(12):
        response = organiser_client.get(url(cycle))
    assert response.status_code == 200
