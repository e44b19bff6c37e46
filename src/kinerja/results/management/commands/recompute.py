"""``kinerja recompute --cycle ID`` — recompute every result of a cycle from its reviews."""

import time

from django.core.management.base import BaseCommand, CommandError

from kinerja.cycles.models import Cycle
from kinerja.results.compute import recompute_cycle


class Command(BaseCommand):
    help = "Recompute all results of a cycle with the scoring engine (set-based)."

    def add_arguments(self, parser):
        parser.add_argument("--cycle", type=int, required=True, help="cycle id")

    def handle(self, *args, cycle, **options):
        try:
            target = Cycle.objects.select_related("instrument_version").get(pk=cycle)
        except Cycle.DoesNotExist:
            raise CommandError(f"no cycle with id {cycle}") from None
        started = time.perf_counter()
        report = recompute_cycle(target)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"{target.name}: {report.participants} participants recomputed "
            f"({report.scored} with reviews) in {elapsed:.2f} s"
        )
