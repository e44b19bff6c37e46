"""Benchmark of the field-visit timetable (kinerja.visits.timetable.generate_timetable).

1,000 participants, each visited by 3 of 300 evaluators, over 30 days × 2 sessions, in three
runs: plain; with absences (every evaluator away for 2 random days and 2 random slots) and 50
pre-agreed visits; and with 17 vehicles on top (at most 17 visits per slot: 1,020 places for
1,000 visits). The timetable is checked outside the timing, by Timetable.check and by counting
the visits per slot.

    python bench/timetable.py [participants] [evaluators] [days]
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from datetime import date, timedelta

from kinerja.visits.timetable import SESSIONS, Slot, Visit, generate_timetable

BUDGET_SECONDS = 2.0
K = 3
FIXED = 50
VEHICLES = 17


def bench_world(participants: int, evaluators: int, days: int, seed: int = 20241016) -> dict:
    rng = random.Random(seed)
    names = [f"E{i:03d}" for i in range(evaluators)]
    calendar = [date(2024, 10, 14) + timedelta(days=d) for d in range(days)]
    slots = [Slot(day, session) for day in calendar for session in SESSIONS]
    visits = [
        Visit(f"P{p:04d}", frozenset(rng.sample(names, K)), f"Kantor P{p:04d}")
        for p in range(participants)
    ]
    away = {
        name: {*rng.sample(calendar, min(2, days)), *rng.sample(slots, min(2, len(slots)))}
        for name in names
    }
    # Pre-agreed visits: each in a slot its whole team is available in and no other fixed
    # visit of the team uses, so none of them clashes.
    fixed: dict[str, Slot] = {}
    taken: set[tuple[str, Slot]] = set()
    for visit in rng.sample(visits, min(FIXED, participants)):
        for slot in rng.sample(slots, len(slots)):
            team = visit.evaluators
            if not any(slot in away[e] or slot.day in away[e] or (e, slot) in taken for e in team):
                fixed[visit.participant] = slot
                taken |= {(e, slot) for e in team}
                break
    return {"visits": visits, "days": calendar, "unavailable": away, "fixed": fixed}


def main(argv: list[str]) -> int:
    participants = int(argv[1]) if len(argv) > 1 else 1_000
    evaluators = int(argv[2]) if len(argv) > 2 else 300
    days = int(argv[3]) if len(argv) > 3 else 30
    world = bench_world(participants, evaluators, days)
    loads = Counter(e for visit in world["visits"] for e in visit.evaluators)
    print(
        f"participants={participants} evaluators={evaluators} k={K} days={days} "
        f"slots={days * len(SESSIONS)} evaluator loads={min(loads.values())}..{max(loads.values())}"
    )
    failed = False
    for label, options in [
        ("plain", {"visits": world["visits"], "days": world["days"]}),
        ("absences+fixed", world),
        (f"vehicles={VEHICLES}", {**world, "max_visits_per_slot": VEHICLES}),
    ]:
        best = None
        for _ in range(3):
            started = time.perf_counter()
            timetable = generate_timetable(**options, seed=1)
            elapsed = time.perf_counter() - started
            best = elapsed if best is None else min(best, elapsed)
        problems = timetable.check(world["visits"], unavailable=options.get("unavailable"))
        per_slot = Counter(timetable.placements.values())
        over = VEHICLES if "max_visits_per_slot" in options else participants
        problems += [slot for slot, count in per_slot.items() if count > over]
        per_day = Counter(slot.day for slot in timetable.placements.values())
        verdict = "PASS" if best < BUDGET_SECONDS and not problems else "FAIL"
        failed |= verdict == "FAIL"
        print(
            f"{label:<15} seconds={best:.3f} (best of 3) placed={len(timetable.placements)} "
            f"unplaced={len(timetable.unplaced)} visits/day={min(per_day.values())}.."
            f"{max(per_day.values())} problems={len(problems)} budget={BUDGET_SECONDS:.1f} "
            f"{verdict}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
