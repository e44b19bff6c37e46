"""``kinerja regions load [--update-names] [--dry-run]`` — the Kemendagri region list."""

from django.core.management.base import BaseCommand

from kinerja.units.services import load_regions


class Command(BaseCommand):
    help = "Load the Kemendagri region list (provinces, regencies/cities, kecamatan)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="create the listed regions that are missing")
        load.add_argument(
            "--update-names",
            action="store_true",
            help="also give existing regions the list's name, kind and time zone",
        )
        load.add_argument("--dry-run", action="store_true", help="report only, write nothing")

    def handle(self, *args, action, update_names=False, dry_run=False, **options):
        report = load_regions(by=None, update_names=update_names, dry_run=dry_run)
        would = "would be " if dry_run else ""
        self.stdout.write(
            f"{report.source}: {report.listed} regions listed; {len(report.created)} {would}"
            f"created, {report.unchanged} unchanged, {len(report.differing)} differing, "
            f"{report.updated} updated; {report.unlisted} of ours not in the list (left alone)"
        )
        if report.differing:
            self.stdout.write("Differing (code: ours → list):")
            for difference in report.differing:
                fields = ", ".join(difference.fields)
                self.stdout.write(
                    f"  {difference.code}: {difference.ours} → {difference.listed} ({fields})"
                )
            if report.updated:
                self.stdout.write(f"{report.updated} regions now hold the list's values.")
            elif not update_names:
                self.stdout.write("Run with --update-names to take the list's values.")
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
