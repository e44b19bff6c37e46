from django.core.management import call_command
from django.core.management.base import BaseCommand

from kinerja.accounts.enums import ROLE_LABELS
from kinerja.demo.world import load_demo_world


class Command(BaseCommand):
    help = "Migrate the database and load the demo world (idempotent), then print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--no-migrate", action="store_true", help="skip migrate")

    def handle(self, *args, no_migrate=False, **options):
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        logins = load_demo_world()
        self.stdout.write(self.style.SUCCESS("Demo world loaded."))
        self.stdout.write("Demo logins (username / password — role):")
        for login in logins:
            role = str(ROLE_LABELS.get(login.role, login.role))
            self.stdout.write(f"  {login.username} / {login.password} — {role}: {login.name}")
