from django.core.management.base import BaseCommand

from kinerja.assessments.reminders import remind_deadlines


class Command(BaseCommand):
    help = "Remind units whose F01 closes within three days, and again within one (run daily)."

    def handle(self, *args, **options):
        written = remind_deadlines()
        self.stdout.write(f"{written} reminder(s) written.")
