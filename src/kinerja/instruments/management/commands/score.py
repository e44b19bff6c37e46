"""``kinerja score`` — the auditor's calculator: one result, offline, from an answers file."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kinerja.instruments.queries import resolve_definition
from kinerja.scoring.cli import parse_score_request, result_to_json, result_to_table
from kinerja.scoring.engine import score
from kinerja.scoring.model.errors import ScoreInputError


class Command(BaseCommand):
    help = (
        "Compute a result with the scoring engine: --instrument CODE[@VERSION] --input FILE "
        "(JSON answers, or CSV/XLSX respondents for survey instruments)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--instrument", required=True, help="CODE or CODE@VERSION")
        parser.add_argument("--input", required=True, help="JSON, CSV or XLSX file")
        parser.add_argument("--format", choices=["json", "table"], default="json")

    def handle(self, *args, instrument, input, format, **options):
        try:
            definition = resolve_definition(instrument)
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        path = Path(input)
        if not path.is_file():
            raise CommandError(f"{input}: no such file")
        try:
            request = parse_score_request(path, inst=definition)
        except ScoreInputError as exc:
            raise CommandError(str(exc)) from exc
        result = score(definition, request.values, consensus=request.consensus)
        if format == "table":
            self.stdout.write(result_to_table(definition, result))
        else:
            self.stdout.write(
                json.dumps(result_to_json(definition, result), ensure_ascii=False, indent=2)
            )
