"""``kinerja instrument validate|import|export`` — instrument files on the command line."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kinerja.instruments.enums import Origin
from kinerja.instruments.queries import resolve_definition
from kinerja.instruments.services import import_instrument, parse_instrument_file
from kinerja.scoring.formats.xlsx import instrument_to_xlsx
from kinerja.scoring.formats.yaml_file import dump_instrument_yaml
from kinerja.scoring.model.errors import InstrumentError


class Command(BaseCommand):
    help = "Validate, import or export evaluation instruments (YAML or XLSX)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        validate = sub.add_parser("validate", help="check files and list every error")
        validate.add_argument("files", nargs="+")
        imp = sub.add_parser("import", help="validate and store files as instrument versions")
        imp.add_argument("files", nargs="+")
        export = sub.add_parser("export", help="write CODE[@VERSION] as YAML or XLSX")
        export.add_argument("spec")
        export.add_argument("--format", choices=["yaml", "xlsx"], default="yaml")
        export.add_argument("-o", "--output", help="file to write (default: standard output)")

    def _parse(self, name):
        path = Path(name)
        if not path.is_file():
            raise CommandError(f"{name}: no such file")
        try:
            return parse_instrument_file(path.read_bytes(), filename=path.name), None
        except InstrumentError as exc:
            return None, [str(error) for error in exc.errors]
        except ValidationError as exc:
            return None, [f"{path.name}: {message}" for message in exc.messages]

    def handle(self, *args, action, **options):
        if action == "export":
            return self.export(options["spec"], options["format"], options["output"])
        failed = False
        for name in options["files"]:
            definition, errors = self._parse(name)
            if errors:
                failed = True
                for line in errors:
                    self.stderr.write(line)
                self.stderr.write(f"{name}: {len(errors)} error(s)")
                continue
            if action == "validate":
                count = (
                    sum(1 for _ in definition.iter_indicators())
                    if hasattr(definition, "iter_indicators")
                    else None
                )
                detail = f", {count} indicators" if count is not None else ""
                self.stdout.write(f"{name}: OK ({definition.code}@{definition.version}{detail})")
            else:
                try:
                    version, outcome = import_instrument(definition, by=None, origin=Origin.COMMAND)
                except ValidationError as exc:
                    failed = True
                    self.stderr.write(f"{name}: {' '.join(exc.messages)}")
                    continue
                self.stdout.write(f"{name}: {version.label} {outcome}")
        if failed:
            raise CommandError("some files have errors")

    def export(self, spec, fmt, output):
        try:
            definition = resolve_definition(spec)
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        if fmt == "xlsx":
            data = instrument_to_xlsx(definition)
            if not output:
                raise CommandError("--output is required for XLSX")
            Path(output).write_bytes(data)
        elif output:
            Path(output).write_text(dump_instrument_yaml(definition), encoding="utf-8")
        else:
            self.stdout.write(dump_instrument_yaml(definition), ending="")
        if output:
            self.stdout.write(f"{definition.code}@{definition.version} → {output}")
