"""``kinerja restore ARCHIVE [--force]`` — put a backup back on an empty installation."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kinerja.backups.archive import ArchiveError
from kinerja.backups.services import RestoreRefused, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a `kinerja backup` archive onto a freshly migrated installation (SQLite or"
        " PostgreSQL), checking every file's SHA-256 and every table's row count."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="restore onto an installation that holds data: every row is replaced by the"
            " archive's, stored files of the same name are overwritten, others are left in place",
        )

    def handle(self, *args, archive, force, **options):
        try:
            report = restore_backup(archive, force=force)
        except ArchiveError as error:
            raise CommandError(f"{archive}: refused, {error}") from None
        except RestoreRefused as error:
            raise CommandError(f"{archive}: not restored, {error}") from None
        self.stdout.write(
            f"Restored the backup of {report.created_at} (Kinerja {report.kinerja_version},"
            f" {report.engine}): {report.rows} rows in {report.tables} tables, {report.files}"
            " files, every SHA-256 and row count verified"
        )
        if report.files_left_in_place:
            self.stdout.write(
                f"{report.files_left_in_place} files that were already stored and are not in the"
                " archive were left in place"
            )
