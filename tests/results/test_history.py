"""Year over year: a unit's results across the cycles of one instrument family."""

import datetime as dt
from fractions import Fraction

import pytest
from django.urls import reverse

from kinerja.accounts.models import User
from kinerja.cycles import services as cycle_services
from kinerja.cycles.models import ParticipantMember
from kinerja.instruments.services import import_instrument
from kinerja.results import services
from kinerja.results.history import ABSENT, EMPTY, VALUE
from kinerja.results.models import Determination
from kinerja.scoring.formats.yaml_file import load_instrument_text
from kinerja.units.models import Unit

from .conftest import put

LEVELS = """
answer_types:
  level_0_4:
    type: level
    levels:
      - {value: 0, descriptor: "Tidak ada"}
      - {value: 1, descriptor: "Kurang"}
      - {value: 2, descriptor: "Cukup"}
      - {value: 3, descriptor: "Baik"}
      - {value: 4, descriptor: "Sangat baik"}
components:
  - {code: f02, name: Penilaian Evaluator, weight: 100, source: evaluator}
awards:
  - {code: terbaik-1, label: Terbaik I, rank: 1}
"""

# 2023: A = (A1 + 2·A2) / 3 and B = (B1 + B2) / 2, on 0–100.
V2023 = (
    """
code: uji
version: "2023.1"
family: uji
title: Evaluasi Uji 2023
scale: {min: 0, max: 100}
decimals: 2
"""
    + LEVELS
    + """
aspects:
  - ref: A
    name: Tata Kelola
    weight: 60
    weights: relative
    indicators:
      - {ref: A1, name: Perencanaan, weight: 1, answer: level_0_4}
      - {ref: A2, name: Pelaporan, weight: 2, answer: level_0_4}
  - ref: B
    name: Layanan
    weight: 40
    indicators:
      - {ref: B1, name: Waktu layanan, weight: 50, answer: level_0_4}
      - {ref: B2, name: Pengaduan, weight: 50, answer: level_0_4}
bands:
  - {code: A, label: Sangat Baik, min: 80, max: 100}
  - {code: B, label: Baik, min: 60, max: 80, max_inclusive: false}
  - {code: C, label: Cukup, min: 0, max: 60, max_inclusive: false}
"""
)

# 2024: B2 dropped, A2 renamed, A3 new; A = mean of A1..A3. Same scale.
TREE_2024 = """
aspects:
  - ref: A
    name: Tata Kelola
    weight: 60
    weights: relative
    indicators:
      - {ref: A1, name: Perencanaan, weight: 1, answer: level_0_4}
      - {ref: A2, name: Pelaporan kinerja, weight: 1, answer: level_0_4}
      - {ref: A3, name: Inovasi layanan, weight: 1, answer: level_0_4}
  - ref: B
    name: Layanan
    weight: 40
    indicators:
      - {ref: B1, name: Waktu layanan, weight: 100, answer: level_0_4}
"""
V2024 = (
    """
code: uji
version: "2024.1"
family: uji
title: Evaluasi Uji 2024
scale: {min: 0, max: 100}
decimals: 2
"""
    + LEVELS
    + TREE_2024
    + """
bands:
  - {code: A, label: Sangat Baik, min: 80, max: 100}
  - {code: B, label: Baik, min: 60, max: 80, max_inclusive: false}
  - {code: C, label: Cukup, min: 0, max: 60, max_inclusive: false}
"""
)

# 2025: the 2024 tree on a 0–5 scale, under another code of the same family; a missing answer
# is left out (not scored 0).
V2025 = (
    """
code: uji-lima
version: "2025.1"
family: uji
title: Evaluasi Uji 2025
scale: {min: 0, max: 5}
decimals: 2
missing: reweight
"""
    + LEVELS
    + TREE_2024
    + """
bands:
  - {code: A, label: Sangat Baik, min: 4, max: 5}
  - {code: B, label: Baik, min: 3, max: 4, max_inclusive: false}
  - {code: C, label: Cukup, min: 0, max: 3, max_inclusive: false}
"""
)

DECREE = {
    "decree_date": dt.date(2025, 11, 3),
    "signatory_name": "Budi Prasetyo",
    "signatory_position": "Wali Kota Yogyakarta",
}


def _version(text, organiser):
    definition = load_instrument_text(text, filename="uji.yaml")
    return import_instrument(definition, by=organiser)[0]


def _cycle(version, year, units, organiser, pemkot, scores):
    """A determined cycle: one evaluator, ``scores`` = one {ref: level} per unit."""
    cycle = cycle_services.create_cycle(
        version=version,
        name=f"Evaluasi Uji {year}",
        year=year,
        organiser_unit=pemkot,
        starts_on=dt.date(year, 7, 1),
        by=organiser,
    )
    participants = cycle_services.add_participants(cycle, units, by=organiser)
    evaluator = cycle_services.add_team_member(
        cycle, user=User.objects.create(username=f"penilai{year}"), by=organiser
    )
    for participant, levels in zip(participants, scores, strict=True):
        for ref, level in levels.items():
            put(participant, evaluator, ref, level)
    services.determine(cycle, by=organiser, decree_number=f"SK/{year}", **DECREE)
    return cycle


@pytest.fixture
def world(db, pemkot, organiser):
    """Gondokusuman and Jetis in 2023 and 2024 (announced) and 2025 (determined only)."""
    gondo, jetis = Unit.objects.bulk_create(
        Unit(kind="kemantren", name=name, region=pemkot.region, parent=pemkot)
        for name in ("Kemantren Gondokusuman", "Kemantren Jetis")
    )
    units = [gondo, jetis]
    all_4 = {"A1": 4, "A2": 4, "B1": 4, "B2": 4}
    c2023 = _cycle(
        _version(V2023, organiser),
        2023,
        units,
        organiser,
        pemkot,
        [{"A1": 4, "A2": 2, "B1": 3, "B2": 1}, all_4],
    )
    c2024 = _cycle(
        _version(V2024, organiser),
        2024,
        units,
        organiser,
        pemkot,
        [{"A1": 3, "A2": 3, "A3": 1, "B1": 4}, {"A1": 1, "A2": 1, "A3": 1, "B1": 1}],
    )
    c2025 = _cycle(
        _version(V2025, organiser),
        2025,
        units,
        organiser,
        pemkot,
        [{"A1": 4, "A2": 4, "A3": 4, "B1": 2}, {}],
    )
    services.publish(c2023, by=organiser)
    services.publish(c2024, by=organiser)
    return {"gondo": gondo, "jetis": jetis, 2023: c2023, 2024: c2024, 2025: c2025}


def _url(unit, family="uji"):
    return reverse("results:unit_history", kwargs={"unit_id": unit.pk, "family": family})


def _cells(line):
    return [
        (c.state, c.display, c.change and (c.change.comparable, c.change.display))
        for c in line.cells
    ]


def test_history_public_columns_are_announced_cycles_in_year_order(client, world):
    response = client.get(_url(world["gondo"]))

    history = response.context["history"]
    assert response.status_code == 200
    assert [c.cycle.year for c in history.columns] == [2023, 2024]
    assert [c.version for c in history.columns] == ["uji@2023.1", "uji@2024.1"]
    assert [(c.display, c.grade_code, c.grade_label) for c in history.columns] == [
        ("60.00", "B", "Baik"),
        ("75.00", "B", "Baik"),
    ]
    assert [(c.rank, c.ranked) for c in history.columns] == [(2, 2), (1, 2)]
    assert [c.award_names for c in history.columns] == [(), ("Terbaik I",)]
    assert history.columns[0].change is None
    assert (history.columns[1].change.comparable, history.columns[1].change.display) == (
        True,
        "+15.00",
    )
    assert history.has_preview is False
    html = response.content.decode()
    assert "Not announced" not in html
    assert "2 dari 2" in html and "1 dari 2" in html


def test_history_change_is_exact_not_difference_of_rounded_values(client, world):
    history = client.get(_url(world["gondo"])).context["history"]

    aspect_a = next(line for line in history.aspects if line.ref == "A")
    # 2023: (1 + 2·1/2)/3 = 2/3 → 66.67; 2024: (3/4 + 3/4 + 1/4)/3 = 7/12 → 58.33.
    # 7/12 − 2/3 = −1/12 → −8.33, where the rounded values would differ by −8.34.
    assert _cells(aspect_a) == [(VALUE, "66.67", None), (VALUE, "58.33", (True, "-8.33"))]
    assert aspect_a.cells[1].change.exact == Fraction(-25, 3)
    assert aspect_a.cells[1].change.direction == "down"
    aspect_b = next(line for line in history.aspects if line.ref == "B")
    assert _cells(aspect_b) == [(VALUE, "50.00", None), (VALUE, "100.00", (True, "+50.00"))]


def test_history_indicators_matched_by_ref_with_markers(client, world):
    response = client.get(_url(world["gondo"]))
    history = response.context["history"]

    lines = {line.ref: line for line in history.indicators}
    # The newest version's order, then the ref only the older version has.
    assert [line.ref for line in history.indicators] == ["A1", "A2", "A3", "B1", "B2"]
    assert _cells(lines["A1"]) == [(VALUE, "100.00", None), (VALUE, "75.00", (True, "-25.00"))]
    assert _cells(lines["A2"]) == [(VALUE, "50.00", None), (VALUE, "75.00", (True, "+25.00"))]
    assert _cells(lines["A3"]) == [(ABSENT, "", None), (VALUE, "25.00", None)]
    assert _cells(lines["B1"]) == [(VALUE, "75.00", None), (VALUE, "100.00", (True, "+25.00"))]
    assert _cells(lines["B2"]) == [(VALUE, "25.00", None), (ABSENT, "", None)]
    assert (lines["A2"].name, lines["A2"].former_names) == ("Pelaporan kinerja", ("Pelaporan",))
    assert [ref for ref, line in lines.items() if line.renamed] == ["A2"]
    html = response.content.decode()
    assert html.count('data-testid="absent"') == 2
    assert html.count('data-testid="renamed"') == 1
    assert "Sebelumnya: Pelaporan" in html


def test_history_organiser_sees_unannounced_cycle_not_comparable_across_scales(
    organiser_client, world
):
    response = organiser_client.get(_url(world["gondo"]))
    history = response.context["history"]

    assert [(c.cycle.year, c.announced) for c in history.columns] == [
        (2023, True),
        (2024, True),
        (2025, False),
    ]
    newest = history.columns[2]
    assert (newest.version, newest.display, newest.grade_code) == ("uji-lima@2025.1", "4.00", "A")
    assert newest.change.comparable is False
    # Jetis answered nothing in 2025 and has no total (missing: reweight): ranked alone.
    assert (newest.rank, newest.ranked, newest.award_names) == (1, 1, ("Terbaik I",))
    lines = {line.ref: line for line in history.indicators}
    assert _cells(lines["A1"])[2] == (VALUE, "5.00", (False, ""))
    assert _cells(lines["B2"])[2] == (ABSENT, "", None)
    assert history.has_preview is True
    html = response.content.decode()
    assert html.count('data-testid="not-announced"') == 1
    assert 'data-testid="preview"' in html
    assert "tidak dapat dibandingkan" in html


def test_history_unscored_ref_shows_dash(organiser_client, world):
    # Jetis has no review in 2025: its indicators exist in the version but have no score.
    history = organiser_client.get(_url(world["jetis"])).context["history"]

    lines = {line.ref: line for line in history.indicators}
    assert [c.cycle.year for c in history.columns] == [2023, 2024, 2025]
    assert _cells(lines["A3"]) == [
        (ABSENT, "", None),
        (VALUE, "25.00", None),
        (EMPTY, "", None),
    ]
    newest = history.columns[2]
    assert (newest.display, newest.rank, newest.change) == ("", None, None)


def _personas(world, make_user, organiser):
    operator = make_user("operator_gondo")
    participant = world[2024].participants.get(unit=world["gondo"])
    ParticipantMember.objects.create(participant=participant, user=operator, role="operator")
    return {
        "anonymous": None,
        "stranger": make_user("stranger"),
        "unit operator": operator,
        "team 2023": User.objects.get(username="penilai2023"),
        "team 2025": User.objects.get(username="penilai2025"),
        "organiser": organiser,
    }


def test_history_permission_matrix(client, world, make_user, organiser):
    seen = {}
    for name, user in _personas(world, make_user, organiser).items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(_url(world["gondo"]))
        seen[name] = [c.cycle.year for c in response.context["history"].columns]

    public = [2023, 2024]
    assert seen == {
        "anonymous": public,
        "stranger": public,
        "unit operator": public,
        "team 2023": public,
        "team 2025": [2023, 2024, 2025],
        "organiser": [2023, 2024, 2025],
    }


def test_history_nothing_visible_is_404(client, world, organiser, pemkot):
    newcomer = Unit.objects.create(kind="kemantren", name="Kemantren Baru", region=pemkot.region)
    cycle_services.add_participants(world[2025], [newcomer], by=organiser)
    services.reopen_determination(world[2025], reason="Peserta baru", by=organiser)
    services.determine(world[2025], by=organiser, decree_number="SK/2025-2", **DECREE)

    anonymous = [
        client.get(_url(newcomer)).status_code,  # only in an unannounced cycle
        client.get(_url(world["gondo"], "pekppp")).status_code,  # no cycle of that family
        client.get(reverse("results:unit_history", args=[999999, "uji"])).status_code,
    ]
    client.force_login(organiser)
    organiser_codes = [
        client.get(_url(newcomer)).status_code,
        client.get(reverse("results:unit_history", args=[999999, "uji"])).status_code,
    ]

    assert anonymous == [404, 404, 404]
    assert organiser_codes == [200, 404]


def test_history_withdrawn_and_reopened_cycles_hidden(client, world, organiser):
    services.withdraw(world[2024], by=organiser)
    services.reopen_determination(world[2025], reason="Koreksi", by=organiser)

    public = client.get(_url(world["gondo"])).context["history"]
    client.force_login(organiser)
    private = client.get(_url(world["gondo"])).context["history"]

    assert [c.cycle.year for c in public.columns] == [2023]
    # 2024 is determined but no longer announced: a preview; 2025 has no current determination.
    assert [(c.cycle.year, c.announced) for c in private.columns] == [(2023, True), (2024, False)]


def test_history_older_snapshot_without_unit_id_or_indicators(client, world):
    determination = Determination.objects.get(cycle=world[2023], reopened_at=None)
    for row in determination.snapshot:
        row.pop("unit_id")
        row.pop("indicators")
    Determination.objects.filter(pk=determination.pk).update(snapshot=determination.snapshot)
    participant = world[2023].participants.get(unit=world["gondo"])

    history = client.get(_url(world["gondo"])).context["history"]
    card = client.get(
        reverse(
            "results:report_card",
            kwargs={"cycle_id": world[2023].pk, "participant_id": participant.pk},
        )
    )

    lines = {line.ref: line for line in history.indicators}
    assert _cells(lines["A1"]) == [(EMPTY, "", None), (VALUE, "75.00", None)]
    assert history.columns[0].display == "60.00"
    assert 'data-testid="year-over-year"' not in card.content.decode()


def test_report_card_links_to_history(client, world):
    participant = world[2024].participants.get(unit=world["gondo"])
    url = reverse(
        "results:report_card",
        kwargs={"cycle_id": world[2024].pk, "participant_id": participant.pk},
    )

    html = client.get(url).content.decode()

    assert f'href="{_url(world["gondo"])}" data-testid="year-over-year"' in html


@pytest.mark.parametrize("cycles", [1, 4])
def test_history_query_count_constant(
    client, db, pemkot, organiser, django_assert_max_num_queries, cycles
):
    unit = Unit.objects.create(kind="kemantren", name="Kemantren Kraton", region=pemkot.region)
    version = _version(V2023, organiser)
    for year in range(2020, 2020 + cycles):
        cycle = _cycle(version, year, [unit], organiser, pemkot, [{"A1": 4, "A2": 2}])
        services.publish(cycle, by=organiser)
    client.force_login(organiser)

    # Session, user, two permission reads, unit, determinations, and the request's savepoint.
    with django_assert_max_num_queries(8):
        response = client.get(_url(unit))

    assert len(response.context["history"].columns) == cycles
