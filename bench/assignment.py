"""Benchmark of automatic assignment (kinerja.cycles.assignment.auto_assign).

10,000 participants * 300 evaluators * k=3, in three runs: plain, at least 3 agencies per
participant, and by panel (10 panels). The world is a province: 30 kabupaten/kota of ~333
kecamatan each; evaluators come mostly from 40 provincial OPD of uneven size, some from a
kabupaten/kota government (in conflict with all its kecamatan), some from a kecamatan, a few
from outside; 1,000 declared conflicts. The plan is checked with manual_check outside the timing.

    python bench/assignment.py [participants] [evaluators]
"""

from __future__ import annotations

import random
import sys
import time

from kinerja.cycles.assignment import (
    Evaluator,
    Participant,
    UnitTree,
    auto_assign,
    manual_check,
)

BUDGET_SECONDS = 2.0
K = 3
REGENCIES = 30
OPD = 40
PANELS = 10
DECLARED = 1_000


def bench_world(participants: int, evaluators: int, seed: int = 20241016) -> dict:
    rng = random.Random(seed)
    parent: dict[str, str | None] = {"prov": None}
    parent |= {f"opd{a}": "prov" for a in range(OPD)}
    parent |= {f"kab{r}": "prov" for r in range(REGENCIES)}
    parent |= {f"kec{p}": f"kab{p % REGENCIES}" for p in range(participants)}
    people = []
    for i in range(evaluators):
        draw = rng.random()
        if draw < 0.80:
            agency = f"opd{min(int(rng.expovariate(0.15)), OPD - 1)}"  # a few big OPD
        elif draw < 0.90:
            agency = f"kab{rng.randrange(REGENCIES)}"
        elif draw < 0.95:
            agency = f"kec{rng.randrange(participants)}"
        else:
            agency = None
        people.append(Evaluator(f"E{i:03d}", agency, panel=f"panel{i % PANELS}"))
    return {
        "participants": [
            Participant(f"P{p:05d}", f"kec{p}", panel=f"panel{p % PANELS}")
            for p in range(participants)
        ],
        "evaluators": people,
        "tree": UnitTree(parent),
        "declared": frozenset(
            (f"E{rng.randrange(evaluators):03d}", f"P{rng.randrange(participants):05d}")
            for _ in range(DECLARED)
        ),
    }


def main(argv: list[str]) -> int:
    participants = int(argv[1]) if len(argv) > 1 else 10_000
    evaluators = int(argv[2]) if len(argv) > 2 else 300
    world = bench_world(participants, evaluators)
    failed = False
    for label, options in [
        ("plain", {}),
        ("min_agencies=3", {"min_agencies": 3}),
        ("by_panel", {"by_panel": True}),
    ]:
        best = None
        for _ in range(3):
            started = time.perf_counter()
            plan = auto_assign(**world, k=K, seed=1, **options)
            elapsed = time.perf_counter() - started
            best = elapsed if best is None else min(best, elapsed)
        violations = manual_check(
            plan.pairs,
            world["participants"],
            world["evaluators"],
            tree=world["tree"],
            declared=world["declared"],
            by_panel=options.get("by_panel", False),
        )
        loads = [load for load in plan.loads.values() if load]
        verdict = "PASS" if best < BUDGET_SECONDS and not violations else "FAIL"
        failed |= verdict == "FAIL"
        print(
            f"{label:<15} participants={participants} evaluators={evaluators} k={K} "
            f"seconds={best:.3f} (best of 3) pairs={len(plan.pairs)} "
            f"unfilled={len(plan.unfilled)} loads={min(loads)}..{max(loads)} "
            f"violations={len(violations)} budget={BUDGET_SECONDS:.1f} {verdict}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
