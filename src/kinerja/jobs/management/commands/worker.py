"""``kinerja worker``: runs the queued jobs (django-tasks' database worker under our name)."""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker


class Command(DatabaseWorker):
    help = "Run Kinerja's jobs (full recomputes and other long work) from the database queue."
