"""The field-visit timetable (kinerja.visits.timetable): examples and properties.

The property tests judge generate_timetable with a checker and a brute force written here from
the rules alone: no evaluator in two visits of one slot, no visit where an evaluator is away,
fixed visits where they were agreed, at most max_visits_per_slot visits in a slot.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from collections import Counter
from datetime import date, datetime, timedelta
from datetime import time as clock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinerja.visits.timetable import (
    DOUBLE_BOOKED,
    FIXED_CLASH,
    FIXED_FULL,
    FIXED_UNAVAILABLE,
    NO_FREE_SLOT,
    NOT_SCHEDULED,
    UNAVAILABLE,
    UNAVAILABLE_SLOT,
    UNKNOWN_PARTICIPANT,
    Slot,
    Timetable,
    Visit,
    clashes,
    generate_timetable,
)

PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# EKK Kota Yogyakarta 2024: the 14 kemantren are visited in the week of 14-18 October.
KEMANTREN = [
    "Mantrijeron",
    "Kraton",
    "Mergangsan",
    "Umbulharjo",
    "Kotagede",
    "Gondokusuman",
    "Danurejan",
    "Pakualaman",
    "Gondomanan",
    "Ngampilan",
    "Wirobrajan",
    "Gedongtengen",
    "Jetis",
    "Tegalrejo",
]
MONDAY = date(2024, 10, 14)
WEEK = [MONDAY + timedelta(days=d) for d in range(5)]
WEDNESDAY = date(2024, 10, 16)
WEDNESDAY_PAGI = Slot(WEDNESDAY, "pagi")
FIXED_CODES = {FIXED_CLASH, FIXED_FULL, FIXED_UNAVAILABLE}


def ekk_visits() -> list[Visit]:
    """Each kemantren with 3 of 25 evaluators (E01-E25), taken in turn: loads of 1 or 2."""
    return [
        Visit(name, frozenset(f"E{(3 * j + k) % 25 + 1:02d}" for k in range(3)), f"Pendopo {name}")
        for j, name in enumerate(KEMANTREN)
    ]


def slot(day: int, session: str) -> Slot:
    """Slot on 14 + day October 2024."""
    return Slot(MONDAY + timedelta(days=day), session)


def visit(participant: str, *evaluators: str) -> Visit:
    return Visit(participant, frozenset(evaluators))


def slot_sizes(timetable: Timetable) -> list[int]:
    return [len(participants) for participants in timetable.by_slot().values()]


def problems(
    result: Timetable,
    visits: list[Visit],
    *,
    days: list[date],
    sessions: tuple[str, ...],
    unavailable: dict,
    fixed: dict,
    cap: int | None,
) -> list[str]:
    """Every rule the result breaks, checked from scratch (not with Timetable.check)."""
    found = []
    keys = [v.participant for v in visits]
    if set(result.placements) & set(result.unplaced):
        found.append("placed and unplaced")
    if sorted(result.placements.keys() | result.unplaced.keys()) != sorted(keys):
        found.append("not every visit placed or reported")
    team = {v.participant: v.evaluators for v in visits}
    seen: dict[tuple[Slot, str], str] = {}
    per_slot: Counter[Slot] = Counter()
    for participant, where in result.placements.items():
        per_slot[where] += 1
        for evaluator in team[participant]:
            if (where, evaluator) in seen:
                found.append(f"{evaluator} at {seen[where, evaluator]} and {participant}")
            seen[where, evaluator] = participant
            away = unavailable.get(evaluator, set())
            if where in away or where.day in away:
                found.append(f"{evaluator} away for {participant}")
        if participant in fixed:
            if where != fixed[participant]:
                found.append(f"{participant} moved")
        elif where.day not in days or where.session not in sessions:
            found.append(f"{participant} outside the calendar")
    for participant, reason in result.unplaced.items():
        if (participant in fixed) != (reason in FIXED_CODES):
            found.append(f"{participant} reported {reason}")
    if cap is not None and any(count > cap for count in per_slot.values()):
        found.append("slot over capacity")
    return found


def brute_force(
    visits: list[Visit],
    slots: list[Slot],
    *,
    unavailable: dict,
    fixed: dict,
    cap: int | None,
) -> bool:
    """Whether some timetable places every visit: exhaustive search in input order."""
    options = []
    for v in visits:
        candidates = [fixed[v.participant]] if v.participant in fixed else slots
        options.append(
            [
                s
                for s in candidates
                if not any(
                    s in unavailable.get(e, ()) or s.day in unavailable.get(e, ())
                    for e in v.evaluators
                )
            ]
        )
    chosen: list[Slot] = []

    def extend(k: int) -> bool:
        if k == len(visits):
            return True
        for s in options[k]:
            if cap is not None and chosen.count(s) >= cap:
                continue
            if any(
                chosen[b] == s and visits[b].evaluators & visits[k].evaluators for b in range(k)
            ):
                continue
            chosen.append(s)
            if extend(k + 1):
                return True
            chosen.pop()
        return False

    return extend(0)


# --- Slot ---------------------------------------------------------------------------------------


def test_slot_orders_by_day_then_pagi_before_siang():
    slots = [slot(1, "pagi"), slot(0, "siang"), slot(0, "pagi"), slot(1, "siang")]

    assert sorted(slots) == [slot(0, "pagi"), slot(0, "siang"), slot(1, "pagi"), slot(1, "siang")]


def test_slot_rejects_unknown_session():
    with pytest.raises(ValueError, match=r"^session must be one of pagi, siang$"):
        Slot(MONDAY, "sore")


def test_slot_starts_at_nine_or_one_by_default():
    assert WEDNESDAY_PAGI.starts_at() == datetime(2024, 10, 16, 9, 0)
    assert Slot(WEDNESDAY, "siang").start() == clock(13, 0)
    assert str(WEDNESDAY_PAGI) == "2024-10-16 pagi"


def test_slot_start_times_configurable():
    start_times = {"pagi": clock(8, 30), "siang": clock(13, 30)}

    result = generate_timetable([visit("Kraton", "e1")], days=[WEDNESDAY], start_times=start_times)

    assert result.starts_at(result.placements["Kraton"]) == datetime(2024, 10, 16, 8, 30)


def test_visit_accepts_any_set_of_evaluators():
    assert Visit("Kraton", {"e1", "e2"}).evaluators == frozenset({"e1", "e2"})


# --- generate_timetable: examples ---------------------------------------------------------------


def test_generate_timetable_ekk_kota_yogyakarta_places_every_kemantren():
    visits = ekk_visits()

    result = generate_timetable(visits, days=WEEK, fixed={"Mantrijeron": WEDNESDAY_PAGI})

    assert result.unplaced == {}
    assert len(result.placements) == 14
    assert result.check(visits) == []
    assert clashes(result.placements, visits) == []
    assert result.placements["Mantrijeron"] == WEDNESDAY_PAGI
    assert result.starts_at(result.placements["Mantrijeron"]) == datetime(2024, 10, 16, 9, 0)
    # 14 visits over 5 days: 3 a day, the lighter day last; 2 in the morning, 1 after lunch.
    assert Counter(s.day for s in result.placements.values()) == dict(
        zip(WEEK, [3, 3, 3, 3, 2], strict=True)
    )
    assert slot_sizes(result) == [2, 1, 2, 1, 2, 1, 2, 1, 1, 1]


def test_generate_timetable_ekk_itineraries_follow_the_placements():
    visits = ekk_visits()

    result = generate_timetable(visits, days=WEEK, fixed={"Mantrijeron": WEDNESDAY_PAGI})
    itineraries = result.by_evaluator()

    # Mantrijeron has E01-E03; Gondomanan E25, E01, E02 (the turn wraps); Ngampilan E03-E05.
    at = result.placements
    assert sorted(itineraries) == [f"E{i:02d}" for i in range(1, 26)]
    assert itineraries["E01"] == sorted(
        [(WEDNESDAY_PAGI, "Mantrijeron"), (at["Gondomanan"], "Gondomanan")]
    )
    assert itineraries["E03"] == sorted(
        [(WEDNESDAY_PAGI, "Mantrijeron"), (at["Ngampilan"], "Ngampilan")]
    )
    assert itineraries["E25"] == [(at["Gondomanan"], "Gondomanan")]
    for stops in itineraries.values():
        assert [s for s, _ in stops] == sorted({s for s, _ in stops})
    assert list(result.by_participant().values()) == sorted(result.placements.values())
    assert result.visits["Mantrijeron"].place == "Pendopo Mantrijeron"


def test_generate_timetable_fixed_visits_sharing_an_evaluator_report_fixed_clash():
    visits = [visit("Kraton", "e1", "e2"), visit("Jetis", "e2", "e3"), visit("Kotagede", "e2")]

    result = generate_timetable(
        visits, days=[WEDNESDAY], fixed={"Kraton": WEDNESDAY_PAGI, "Jetis": WEDNESDAY_PAGI}
    )

    assert result.placements == {"Kraton": WEDNESDAY_PAGI, "Kotagede": Slot(WEDNESDAY, "siang")}
    assert result.unplaced == {"Jetis": FIXED_CLASH}


def test_generate_timetable_fixed_visit_beyond_capacity_reports_fixed_full():
    visits = [visit("Kraton", "e1"), visit("Jetis", "e2")]

    result = generate_timetable(
        visits,
        days=[WEDNESDAY],
        fixed={"Kraton": WEDNESDAY_PAGI, "Jetis": WEDNESDAY_PAGI},
        max_visits_per_slot=1,
    )

    assert result.placements == {"Kraton": WEDNESDAY_PAGI}
    assert result.unplaced == {"Jetis": FIXED_FULL}


def test_generate_timetable_fixed_visit_with_an_absent_evaluator_reports_fixed_unavailable():
    result = generate_timetable(
        [visit("Kraton", "e1", "e2")],
        days=[WEDNESDAY],
        unavailable={"e2": {WEDNESDAY}},
        fixed={"Kraton": WEDNESDAY_PAGI},
    )

    assert result.placements == {}
    assert result.unplaced == {"Kraton": FIXED_UNAVAILABLE}


def test_generate_timetable_fixed_visit_outside_the_calendar_stays():
    agreed = Slot(date(2024, 10, 21), "siang")

    result = generate_timetable(
        [visit("Kraton", "e1"), visit("Jetis", "e1")], days=[WEDNESDAY], fixed={"Kraton": agreed}
    )

    assert result.placements == {"Kraton": agreed, "Jetis": WEDNESDAY_PAGI}
    assert result.by_slot() == {
        WEDNESDAY_PAGI: ["Jetis"],
        Slot(WEDNESDAY, "siang"): [],
        agreed: ["Kraton"],
    }


def test_generate_timetable_evaluator_away_for_a_day_is_never_scheduled_then():
    # Without the absence the balance would put one of Bu Sri's three visits on Tuesday.
    visits = [visit("Kraton", "sri", "a"), visit("Jetis", "sri", "b"), visit("Kotagede", "sri")]
    visits += [visit("Ngampilan", "c"), visit("Tegalrejo", "d"), visit("Wirobrajan", "f")]
    days = WEEK[:3]

    result = generate_timetable(visits, days=days, unavailable={"sri": {date(2024, 10, 15)}})

    assert result.unplaced == {}
    assert {s.day for s, _ in result.by_evaluator()["sri"]} == {WEEK[0], WEEK[2]}
    assert Counter(s.day for s in result.placements.values()) == dict.fromkeys(days, 2)


def test_generate_timetable_evaluator_away_for_a_slot_is_never_scheduled_then():
    # Without the absence Kraton would take Wednesday morning.
    visits = [visit("Kraton", "sri"), visit("Jetis", "sri")]
    thursday = WEDNESDAY + timedelta(days=1)

    result = generate_timetable(
        visits, days=[WEDNESDAY, thursday], unavailable={"sri": {WEDNESDAY_PAGI}}
    )

    assert result.placements == {
        "Kraton": Slot(WEDNESDAY, "siang"),
        "Jetis": Slot(thursday, "pagi"),
    }
    assert result.check(visits, unavailable={"sri": {WEDNESDAY_PAGI}}) == []


def test_generate_timetable_team_never_available_together_reports_unavailable():
    visits = [visit("Kraton", "e1", "e2")]

    result = generate_timetable(
        visits, days=WEEK[:2], unavailable={"e1": {WEEK[0]}, "e2": {WEEK[1]}}
    )

    assert result.unplaced == {"Kraton": UNAVAILABLE}


def test_generate_timetable_three_visits_of_one_evaluator_in_two_slots_leaves_one_out():
    visits = [visit("Kraton", "e1"), visit("Jetis", "e1"), visit("Kotagede", "e1")]

    result = generate_timetable(visits, days=[WEDNESDAY])

    assert len(result.placements) == 2
    assert list(result.unplaced.values()) == [NO_FREE_SLOT]
    assert sorted(result.placements.values()) == [WEDNESDAY_PAGI, Slot(WEDNESDAY, "siang")]
    assert result.check(visits) == []


def test_generate_timetable_triangle_needs_three_slots_though_each_load_is_two():
    visits = [visit("A", "e1", "e2"), visit("B", "e2", "e3"), visit("C", "e1", "e3")]

    one_day = generate_timetable(visits, days=[WEDNESDAY])
    two_days = generate_timetable(visits, days=WEEK[:2])

    assert list(one_day.unplaced.values()) == [NO_FREE_SLOT]
    assert two_days.unplaced == {}


def test_generate_timetable_max_visits_per_slot_respected():
    visits = [visit(name, f"e{j}") for j, name in enumerate(KEMANTREN[:6])]

    three = generate_timetable(visits, days=[WEDNESDAY], max_visits_per_slot=3)
    two = generate_timetable(visits, days=[WEDNESDAY], max_visits_per_slot=2)

    assert slot_sizes(three) == [3, 3]
    assert three.unplaced == {}
    assert slot_sizes(two) == [2, 2]
    assert list(two.unplaced.values()) == [NO_FREE_SLOT, NO_FREE_SLOT]


def test_generate_timetable_spreads_days_evenly_earlier_first():
    visits = [visit(name, f"e{j}") for j, name in enumerate(KEMANTREN[:10])]

    result = generate_timetable(visits, days=WEEK[:3])

    assert slot_sizes(result) == [2, 2, 2, 1, 2, 1]


def test_generate_timetable_when_balanced_fills_mornings_first():
    # A path of conflicts A-B-C-D-E: the greedy puts 2 visits in Monday afternoon, the balance
    # pass moves one of them to the morning.
    visits = [
        visit("A", "e4"),
        visit("B", "e3", "e4"),
        visit("E", "e1"),
        visit("C", "e3", "e5"),
        visit("D", "e5", "e1"),
    ]

    result = generate_timetable(visits, days=WEEK[:2])

    assert slot_sizes(result) == [2, 1, 1, 1]
    assert result.check(visits) == []


def test_generate_timetable_sessions_limit_the_calendar():
    visits = [visit("Kraton", "e1"), visit("Jetis", "e1")]

    result = generate_timetable(visits, days=WEEK[:2], sessions=("siang",))

    assert result.placements == {"Kraton": slot(0, "siang"), "Jetis": slot(1, "siang")}


def test_generate_timetable_no_days_leaves_every_visit_out():
    result = generate_timetable([visit("Kraton", "e1")], days=[])

    assert result.unplaced == {"Kraton": NO_FREE_SLOT}


@pytest.mark.parametrize(
    ("evaluators", "teams", "seed"),
    [
        (12, 4, 0),  # greedy leaves 9 out; the tabu repair places them
        (12, 4, 2),  # greedy leaves 10 out, the tabu repair 2; the exact search places them
        (24, 7, 0),  # 70 visits, too many for the exact search: greedy 8 out, the repair 0
    ],
)
def test_generate_timetable_tight_planted_timetable_found(evaluators, teams, seed):
    # In each of the 10 slots, disjoint teams of 3 take 3 * teams of the evaluators: a
    # timetable placing every visit exists, and everyone is busy in (almost) every slot.
    rng = random.Random(seed)
    planted = []
    for _ in range(10):
        people = [f"E{i:02d}" for i in range(evaluators)]
        rng.shuffle(people)
        planted += [frozenset(people[3 * x : 3 * x + 3]) for x in range(teams)]
    rng.shuffle(planted)
    visits = [Visit(f"P{j:02d}", team) for j, team in enumerate(planted)]

    result = generate_timetable(visits, days=WEEK)

    assert result.unplaced == {}
    assert len(result.placements) == 10 * teams
    assert result.check(visits) == []


def test_generate_timetable_rejects_a_participant_given_twice():
    with pytest.raises(ValueError, match=r"^participant keys must be unique$"):
        generate_timetable([visit("Kraton", "e1"), visit("Kraton", "e2")], days=WEEK)


def test_generate_timetable_rejects_a_fixed_participant_without_a_visit():
    with pytest.raises(ValueError, match=r"^fixed visit for an unknown participant$"):
        generate_timetable([visit("Kraton", "e1")], days=WEEK, fixed={"Jetis": WEDNESDAY_PAGI})


def test_generate_timetable_rejects_an_unknown_session():
    with pytest.raises(ValueError, match=r"^session must be one of pagi, siang$"):
        generate_timetable([visit("Kraton", "e1")], days=WEEK, sessions=("pagi", "malam"))


def test_generate_timetable_rejects_a_capacity_below_one():
    with pytest.raises(ValueError, match=r"^max_visits_per_slot must be at least 1$"):
        generate_timetable([visit("Kraton", "e1")], days=WEEK, max_visits_per_slot=0)


def test_generate_timetable_ekk_in_a_few_milliseconds():
    visits = ekk_visits()

    started = time.perf_counter()
    result = generate_timetable(visits, days=WEEK, fixed={"Mantrijeron": WEDNESDAY_PAGI})
    elapsed = time.perf_counter() - started

    assert result.unplaced == {}
    assert elapsed < 0.1


HASH_SEED_SCRIPT = """
import random
from datetime import date, timedelta
from kinerja.visits.timetable import Slot, Visit, generate_timetable
rng = random.Random(3)
names = [f"evaluator-{i}" for i in range(30)]
visits = [Visit(f"unit-{j}", frozenset(rng.sample(names, 3))) for j in range(80)]
days = [date(2024, 10, 14) + timedelta(days=d) for d in range(6)]
away = {name: {rng.choice(days)} for name in names[:10]}
result = generate_timetable(visits, days=days, unavailable=away, max_visits_per_slot=9, seed=4)
print(result.placements, result.unplaced, result.by_evaluator())
"""


def test_generate_timetable_same_timetable_whatever_the_hash_seed():
    # String hashing differs between processes; the timetable must not follow set order.
    def run(hash_seed: str) -> str:
        environment = os.environ | {"PYTHONHASHSEED": hash_seed}
        # A fixed script run by this interpreter: no untrusted input reaches the command line.
        completed = subprocess.run(  # noqa: S603
            [sys.executable, "-c", HASH_SEED_SCRIPT],
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        )
        return completed.stdout

    outputs = {run(hash_seed) for hash_seed in ("1", "2", "3")}

    assert len(outputs) == 1


# --- clashes and check ----------------------------------------------------------------------------


def test_clashes_hand_edit_double_booking_reported():
    visits = ekk_visits()
    # Mantrijeron (E01-E03) shares E01 and E02 with Gondomanan, E03 with Ngampilan (E03-E05).
    edited = dict.fromkeys(["Mantrijeron", "Kotagede", "Gondomanan", "Ngampilan"], WEDNESDAY_PAGI)

    found = clashes(edited, visits)

    assert found == [
        ("E01", WEDNESDAY_PAGI, ["Mantrijeron", "Gondomanan"]),
        ("E02", WEDNESDAY_PAGI, ["Mantrijeron", "Gondomanan"]),
        ("E03", WEDNESDAY_PAGI, ["Mantrijeron", "Ngampilan"]),
    ]


def test_clashes_valid_placements_empty():
    visits = ekk_visits()
    edited = {"Mantrijeron": WEDNESDAY_PAGI, "Gondomanan": Slot(WEDNESDAY, "siang")}

    assert clashes(edited, visits) == []


def test_timetable_check_reports_every_problem():
    visits = [visit("Kraton", "e1"), visit("Jetis", "e1"), visit("Kotagede", "e2")]
    timetable = Timetable(
        placements={
            "Kraton": WEDNESDAY_PAGI,
            "Jetis": WEDNESDAY_PAGI,
            "Umbulharjo": WEDNESDAY_PAGI,
        },
        unplaced={},
    )

    found = timetable.check(visits, unavailable={"e1": {WEDNESDAY}})

    assert found == [
        f"{DOUBLE_BOOKED}: 'e1' at 2024-10-16 pagi: 'Kraton', 'Jetis'",
        f"{UNKNOWN_PARTICIPANT}: 'Umbulharjo'",
        f"{UNAVAILABLE_SLOT}: 'e1' at 2024-10-16 pagi: 'Kraton'",
        f"{UNAVAILABLE_SLOT}: 'e1' at 2024-10-16 pagi: 'Jetis'",
        f"{NOT_SCHEDULED}: 'Kotagede'",
    ]


# --- generate_timetable: properties ---------------------------------------------------------------


@st.composite
def instances(draw, *, max_visits: int = 8, max_days: int = 3, fixed: bool = True):
    """Small random instances: up to 6 evaluators, visits of 0-3 of them, a few absences (by
    slot or by day), some fixed visits (one maybe outside the calendar), maybe a capacity."""
    evaluators = [f"e{i}" for i in range(draw(st.integers(1, 6)))]
    days = [MONDAY + timedelta(days=d) for d in range(draw(st.integers(1, max_days)))]
    sessions = draw(st.sampled_from([("pagi", "siang"), ("pagi",), ("siang",)]))
    slots = [Slot(d, s) for d in days for s in sessions]
    visits = [
        Visit(f"p{j}", draw(st.frozensets(st.sampled_from(evaluators), max_size=3)))
        for j in range(draw(st.integers(0, max_visits)))
    ]
    unavailable = draw(
        st.dictionaries(
            st.sampled_from(evaluators),
            st.sets(st.sampled_from([*slots, *days]), max_size=3),
            max_size=3,
        )
    )
    pinned = {}
    if fixed and visits:
        pinned = draw(
            st.dictionaries(
                st.sampled_from([v.participant for v in visits]),
                st.sampled_from([*slots, Slot(MONDAY - timedelta(days=7), "pagi")]),
                max_size=3,
            )
        )
    return {
        "visits": visits,
        "days": days,
        "sessions": sessions,
        "unavailable": unavailable,
        "fixed": pinned,
        "max_visits_per_slot": draw(st.none() | st.integers(1, 3)),
        "seed": draw(st.integers(0, 3)),
    }


def run(instance: dict) -> tuple[Timetable, list[str]]:
    result = generate_timetable(**instance)
    found = problems(
        result,
        instance["visits"],
        days=instance["days"],
        sessions=instance["sessions"],
        unavailable=instance["unavailable"],
        fixed=instance["fixed"],
        cap=instance["max_visits_per_slot"],
    )
    return result, found


@PROPERTY
@given(instances())
def test_generate_timetable_never_double_books(instance):
    result, _ = run(instance)

    assert clashes(result.placements, instance["visits"]) == []
    assert [p for p in result.check(instance["visits"]) if p.startswith(DOUBLE_BOOKED)] == []


@PROPERTY
@given(instances())
def test_generate_timetable_breaks_no_rule(instance):
    result, found = run(instance)

    assert found == []
    assert result.check(instance["visits"], unavailable=instance["unavailable"]) == []


@PROPERTY
@given(instances())
def test_generate_timetable_keeps_fixed_visits_or_reports_them(instance):
    result, _ = run(instance)

    for participant, agreed in instance["fixed"].items():
        assert result.placements.get(participant, agreed) == agreed
        assert result.unplaced.get(participant, FIXED_CLASH) in FIXED_CODES


@PROPERTY
@given(instances())
def test_generate_timetable_places_or_reports_every_visit(instance):
    result, _ = run(instance)

    participants = [v.participant for v in instance["visits"]]
    assert sorted([*result.placements, *result.unplaced]) == sorted(participants)


@PROPERTY
@given(instances())
def test_generate_timetable_same_inputs_same_timetable(instance):
    first = generate_timetable(**instance)
    # Equal but freshly built inputs: nothing may depend on object identity.
    copy = instance | {
        "visits": [Visit(v.participant, set(v.evaluators)) for v in instance["visits"]]
    }
    second = generate_timetable(**copy)

    assert second == first
    assert list(second.placements.items()) == list(first.placements.items())


@PROPERTY
@given(instances(max_visits=6, max_days=2))
def test_generate_timetable_places_everything_when_brute_force_can(instance):
    result, found = run(instance)
    slots = [Slot(d, s) for d in instance["days"] for s in instance["sessions"]]

    feasible = brute_force(
        instance["visits"],
        slots,
        unavailable=instance["unavailable"],
        fixed=instance["fixed"],
        cap=instance["max_visits_per_slot"],
    )

    assert found == []
    if feasible:
        assert result.unplaced == {}


@PROPERTY
@given(instances(max_visits=12, fixed=False))
def test_generate_timetable_places_everything_when_slots_outnumber_conflicts(instance):
    # Any greedy colouring needs at most (most conflicts of one visit + 1) colours.
    visits = instance["visits"]
    conflicts = max(
        (sum(1 for u in visits if u is not v and u.evaluators & v.evaluators) for v in visits),
        default=0,
    )
    slots = len(instance["days"]) * len(instance["sessions"])
    instance |= {"unavailable": {}, "max_visits_per_slot": None}

    result = generate_timetable(**instance)

    if slots > conflicts:
        assert result.unplaced == {}


@PROPERTY
@given(st.integers(0, 30), st.integers(1, 5))
def test_generate_timetable_conflict_free_visits_spread_evenly_earlier_first(visits, days):
    result = generate_timetable([visit(f"p{j}", f"e{j}") for j in range(visits)], days=WEEK[:days])

    sizes = slot_sizes(result)
    per_day = [sizes[d] + sizes[d + 1] for d in range(0, len(sizes), 2)]
    assert max(per_day) - min(per_day) <= 1
    assert per_day == sorted(per_day, reverse=True)
    assert all(sizes[d] - sizes[d + 1] in (0, 1) for d in range(0, len(sizes), 2))
