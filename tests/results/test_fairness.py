"""The organiser's fairness view: agreement, evaluators against each other, outliers."""

from fractions import Fraction

import pytest
from django.urls import reverse

from kinerja.accounts.models import User
from kinerja.cycles import services as cycle_services
from kinerja.cycles.models import Cycle
from kinerja.results.fairness import fairness_for_cycle
from kinerja.units.models import Unit

from .conftest import put


def fairness_of(cycle):
    cycle = Cycle.objects.select_related("instrument_version__instrument").get(pk=cycle.pk)
    return fairness_for_cycle(cycle)


def add_evaluators(cycle, organiser, count, start):
    return [
        cycle_services.add_team_member(
            cycle, user=User.objects.create(username=f"e{start + i}"), by=organiser
        )
        for i in range(count)
    ]


def test_fairness_numbers_hand_computed(pekppp_cycle):
    cycle, participants, team = pekppp_cycle
    e0, e1, e2 = team
    # Indicator "1" is a level 0–5: level / 5 on the 0–1 scale.
    put(participants[0], e0, "1", 5)  # 1.0  vs others' mean 0.7: +30
    put(participants[0], e1, "1", 4)  # 0.8  vs 0.8: 0
    put(participants[0], e2, "1", 3)  # 0.6  vs 0.9: -30
    put(participants[1], e0, "1", 2)  # 0.4  vs 0.4: 0
    put(participants[1], e1, "1", 2)  # 0.4  vs 0.4: 0
    put(participants[1], e2, "1", 9)  # not a level of the indicator: skipped
    put(participants[2], e0, "2", 4)  # alone: only in e0's mean
    put(participants[3], e2, "1", None)  # empty: skipped

    fairness = fairness_of(cycle)

    # Interval alpha of units (5, 4, 3) and (2, 2): 1 - 4 * 6 / 68 = 11/17.
    assert fairness.alpha == Fraction(11, 17)
    assert (fairness.agreement.units, fairness.agreement.values) == (2, 5)
    assert (fairness.alpha_text, fairness.verdict) == ("0.647", "poor")
    rows = fairness.rows
    assert [r.evaluator for r in rows] == [e0, e1, e2]
    assert [(r.scored, r.n) for r in rows] == [(3, 2), (2, 2), (1, 1)]
    assert [r.stats.mean for r in rows] == [Fraction(220, 3), 60, 60]
    assert [r.stats.mean_deviation for r in rows] == [15, 0, -30]
    assert [(r.mean_text, r.mean_deviation_text, r.spread_text) for r in rows] == [
        ("73.33", "+15.00", "21.21"),  # sample SD of (30, 0) = sqrt(450)
        ("60.00", "0.00", "0.00"),
        ("60.00", "-30.00", ""),
    ]
    assert [r.name for r in rows] == ["e0", "e1", "e2"]
    assert fairness.outliers == []
    assert fairness.fences is None  # three evaluators: too few for Tukey's fences


def test_fairness_flags_the_lenient_evaluator(pekppp_cycle, organiser):
    cycle, participants, team = pekppp_cycle
    team += add_evaluators(cycle, organiser, 2, start=3)
    for participant in participants:
        for evaluator, level in zip(team, [2, 2, 3, 3, 5], strict=True):
            put(participant, evaluator, "1", level)

    fairness = fairness_of(cycle)

    # Mean deviations -25, -25, 0, 0, +50: Q1 = -25, Q3 = 0, fences -62.5 and +37.5.
    assert fairness.fences == (Fraction(-125, 2), Fraction(75, 2))
    assert (fairness.low_fence_text, fairness.high_fence_text) == ("-62.50", "+37.50")
    assert [r.evaluator for r in fairness.outliers] == [team[4]]
    assert fairness.rows[0].evaluator == team[4]
    assert fairness.rows[0].mean_deviation_text == "+50.00"
    assert [r.outlier for r in fairness.rows] == [True, False, False, False, False]


def test_fairness_page_shows_alpha_and_outlier(client, pekppp_cycle, organiser):
    cycle, participants, team = pekppp_cycle
    team += add_evaluators(cycle, organiser, 2, start=3)
    for participant, shift in zip(participants, [0, 1, 0, 1], strict=True):
        for evaluator, level in zip(team, [2, 2, 3, 3, 5], strict=True):
            put(participant, evaluator, "1", level - shift)
    client.force_login(organiser)

    response = client.get(reverse("results:fairness", kwargs={"cycle_id": cycle.pk}))

    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="outlier"' in body
    assert body.count('data-testid="outlier"') == 1
    assert "α = " + response.context["fairness"].alpha_text.replace(".", ",") in body
    assert "Tukey" in body


def test_fairness_page_permissions(client, pekppp_cycle, organiser, plain_user):
    cycle, _participants, team = pekppp_cycle
    url = reverse("results:fairness", kwargs={"cycle_id": cycle.pk})

    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))
    client.force_login(plain_user)
    assert client.get(url).status_code == 404
    client.force_login(team[0].user)
    assert client.get(url).status_code == 404
    client.force_login(organiser)
    assert client.get(url).status_code == 200
    assert (
        client.get(reverse("results:fairness", kwargs={"cycle_id": cycle.pk + 99})).status_code
        == 404
    )


def test_ranking_links_fairness_for_organiser_only(client, pekppp_cycle, organiser):
    cycle, _participants, team = pekppp_cycle
    ranking = reverse("results:ranking", kwargs={"cycle_id": cycle.pk})
    link = reverse("results:fairness", kwargs={"cycle_id": cycle.pk})

    client.force_login(team[0].user)
    assert link not in client.get(ranking).content.decode()
    client.force_login(organiser)
    assert link in client.get(ranking).content.decode()


@pytest.mark.parametrize("extra", [0, 30])
def test_fairness_page_query_count_constant(
    client, pekppp_cycle, organiser, django_assert_max_num_queries, extra
):
    cycle, participants, team = pekppp_cycle
    if extra:
        units = Unit.objects.bulk_create(
            Unit(kind="ukpd", name=f"Tambahan {i}", region=participants[0].unit.region)
            for i in range(extra)
        )
        cycle_services.add_participants(cycle, units, by=organiser)
        participants = list(cycle.participants.all())
    else:
        participants = participants[:1]
    for participant in participants:
        for evaluator, level in zip(team, [3, 4, 5], strict=True):
            for ref in ("1", "2"):
                put(participant, evaluator, ref, level)
    client.force_login(organiser)

    with django_assert_max_num_queries(9):
        response = client.get(reverse("results:fairness", kwargs={"cycle_id": cycle.pk}))

    assert response.status_code == 200
    assert response.context["fairness"].agreement.units == 2 * len(participants)
