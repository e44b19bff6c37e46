"""``kinerja backup [-o PATH]`` — the database and every stored file in one archive."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kinerja.backups.archive import ArchiveError
from kinerja.backups.services import create_backup


class Command(BaseCommand):
    help = (
        "Write the database (every table, engine-independent) and every stored file into one"
        " archive with a manifest of row counts and SHA-256 sums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            type=Path,
            help="archive to create: .tar, or .tar.gz to compress"
            " (default var/backups/kinerja-<date>-<time>.tar.gz)",
        )

    def handle(self, *args, output, **options):
        if output is None:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            output = settings.CONFIG.var_dir / "backups" / f"kinerja-{stamp}.tar.gz"
            output.parent.mkdir(parents=True, exist_ok=True)
        try:
            report = create_backup(output)
        except (ArchiveError, FileExistsError) as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"cannot write {output}: {error}") from None
        self.stdout.write(
            f"{report.path}: {report.rows} rows in {report.tables} tables,"
            f" {report.files} files ({report.file_bytes} bytes)"
        )
