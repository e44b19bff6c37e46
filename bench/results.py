"""National-scale results benchmark: 10,000 participants x 30 indicators x 3 evaluators.

    python bench/results.py                     # SQLite in a temporary directory
    scripts/with-postgres.sh .venv/bin/python bench/results.py   # PostgreSQL

Prints the data-generation time (not a budget), the full recompute (budget 5 s) and the
incremental recompute after one review changes (budget 50 ms). Timings never go in tests.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

PARTICIPANTS = int(os.environ.get("BENCH_PARTICIPANTS", "10000"))
EVALUATORS_PER_PARTICIPANT = 3
TEAM_SIZE = 300


def setup_django() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    os.environ.setdefault("KINERJA_DEMO", "true")
    os.environ.setdefault("KINERJA_VAR_DIR", tempfile.mkdtemp(prefix="kinerja-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def generate():
    import datetime as dt

    from kinerja.accounts.models import User
    from kinerja.cycles import services
    from kinerja.cycles.models import Assignment, Participant, TeamMember
    from kinerja.instruments.services import ensure_library
    from kinerja.reviews.models import Review
    from kinerja.units.models import Region, Unit

    rng = random.Random(20261123)
    version = {v.instrument.code: v for v, _ in ensure_library()}["pekppp"]
    region, _ = Region.objects.get_or_create(
        code="99", defaults={"name": "Bench", "kind": "provinsi"}
    )
    root = Unit.objects.create(kind="pemda", name=f"Bench {time.time()}", region=region)
    units = Unit.objects.bulk_create(
        [
            Unit(kind="ukpd", name=f"UKPD {i}", region=region, parent=root)
            for i in range(PARTICIPANTS)
        ],
        batch_size=2000,
    )
    cycle = services.create_cycle(
        version=version,
        name="Bench",
        year=2026,
        organiser_unit=root,
        starts_on=dt.date(2026, 1, 1),
        by=None,
    )
    Participant.objects.bulk_create(
        [Participant(cycle=cycle, unit=u) for u in units], batch_size=2000
    )
    users = User.objects.bulk_create(
        [User(username=f"bench.{cycle.pk}.{i}") for i in range(TEAM_SIZE)], batch_size=1000
    )
    TeamMember.objects.bulk_create([TeamMember(cycle=cycle, user=u) for u in users])
    team = list(cycle.team.values_list("pk", flat=True))
    participants = list(cycle.participants.values_list("pk", flat=True))
    refs = [i.ref for i in version.definition.iter_indicators("f02")]
    assignments, reviews = [], []
    for pid in participants:
        for evaluator in rng.sample(team, EVALUATORS_PER_PARTICIPANT):
            assignments.append(
                Assignment(cycle=cycle, evaluator_id=evaluator, participant_id=pid, method="auto")
            )
            for ref in refs:
                reviews.append(
                    Review(
                        evaluator_id=evaluator,
                        participant_id=pid,
                        indicator_ref=ref,
                        component="f02",
                        value=rng.randint(0, 5),
                    )
                )
        if len(reviews) >= 90_000:
            Review.objects.bulk_create(reviews, batch_size=5000)
            reviews.clear()
    Review.objects.bulk_create(reviews, batch_size=5000)
    Assignment.objects.bulk_create(assignments, batch_size=5000)
    return cycle


def main() -> int:
    setup_django()
    from django.db import connection

    from kinerja.results.compute import recompute_cycle, recompute_participant
    from kinerja.reviews.models import Review

    started = time.perf_counter()
    cycle = generate()
    generated = time.perf_counter() - started
    count = Review.objects.filter(participant__cycle=cycle).count()

    started = time.perf_counter()
    recompute_cycle(cycle)
    full = time.perf_counter() - started

    review = Review.objects.filter(participant__cycle=cycle).first()
    Review.objects.filter(pk=review.pk).update(value=(review.value + 1) % 6)
    started = time.perf_counter()
    recompute_participant(review.participant)
    incremental = time.perf_counter() - started

    rows = [
        ("database", connection.vendor, ""),
        ("reviews", f"{count:,}", ""),
        ("generate data", f"{generated:.1f} s", "(setup, no budget)"),
        ("full recompute", f"{full:.2f} s", "PASS" if full <= 5 else "FAIL (budget 5 s)"),
        (
            "incremental recompute",
            f"{incremental * 1000:.0f} ms",
            "PASS" if incremental <= 0.05 else "FAIL (budget 50 ms)",
        ),
    ]
    for name, value, verdict in rows:
        print(f"{name:<24}{value:>14}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
