"""``kinerja grade`` — the band (predikat) of a value under an instrument's rules."""

from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError

from kinerja.instruments.queries import resolve_definition
from kinerja.scoring.engine.rounding import grade_for
from kinerja.scoring.model.numbers import present


class Command(BaseCommand):
    help = "Print the grade band of --value under --instrument CODE[@VERSION]."

    def add_arguments(self, parser):
        parser.add_argument("--instrument", required=True)
        parser.add_argument("--value", required=True)

    def handle(self, *args, instrument, value, **options):
        try:
            definition = resolve_definition(instrument)
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        try:
            number = Decimal(value.replace(",", "."))
        except InvalidOperation:
            raise CommandError(f"--value {value!r} is not a number") from None
        if not number.is_finite():  # NaN cannot even be compared with the scale
            raise CommandError(f"--value {value!r} is not a finite number")
        if not (definition.scale.min <= number <= definition.scale.max):
            scale = f"{definition.scale.min}-{definition.scale.max}"
            raise CommandError(f"--value {value} is outside the scale {scale}")
        band = grade_for(definition, number)
        if band is None:
            raise CommandError(f"{definition.code}@{definition.version} has no band for {value}")
        shown = present(number, definition.decimals)
        self.stdout.write(f"{shown} {band.code} {band.label}")
