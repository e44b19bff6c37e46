"""Scope the events left on no government's trail because the scoping did not yet follow
one-to-one keys (field visits and their attendance, F01s, berita acara, announcements) or a
claim check's claim: the same pass as 0003, over the events still unscoped."""

import importlib

from django.db import migrations

scope_existing = importlib.import_module(
    "kinerja.audit.migrations.0003_scope_existing_events"
).scope_existing


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_scope_existing_events"),
        ("appeals", "0001_initial"),
        ("assessments", "0002_clarifications"),
        ("claims", "0001_initial"),
        ("cycles", "0011_invitation_unit_kind"),
        ("innovations", "0002_innovation_files"),
        ("minutes", "0001_initial"),
        ("nominations", "0001_initial"),
        ("results", "0004_result_rounds"),
        ("reviews", "0006_move_out"),
        ("rounds", "0001_initial"),
        ("surveys", "0002_feed"),
        ("visits", "0001_initial"),
    ]

    operations = [migrations.RunPython(scope_existing, migrations.RunPython.noop)]
