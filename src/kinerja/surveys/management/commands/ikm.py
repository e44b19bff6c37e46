"""``kinerja ikm recompute [--survey ID ...]``: recount the surveys' tallies from their answers.

The tallies are kept exact as answers arrive; a recount is for after a restore, a repair or a
change made outside Kinerja. One aggregate query for all the surveys named (all by default)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from kinerja.surveys import tally


class Command(BaseCommand):
    help = "Recount the satisfaction surveys' per-element tallies from their answers."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        recompute = sub.add_parser("recompute", help="recount every survey (or the ones named)")
        recompute.add_argument("--survey", type=int, action="append", dest="surveys")

    def handle(self, *args, action, surveys=None, **options):
        started = time.perf_counter()
        count = tally.rebuild(surveys)
        seconds = time.perf_counter() - started
        self.stdout.write(f"{count} surveys recounted in {seconds:.2f} s")
