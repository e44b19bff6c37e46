"""The berita acara and recommendations move here from the ``reviews`` app (issue 12): the
models join this app's state and keep their tables (``reviews_minutes``, …), so no row moves.
``reviews.0006_move_out`` takes them out of the reviews' state and renames the stored labels."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cycles", "0004_teammember_institution"),
        # The tables were created by the reviews app; they exist once its migrations ran.
        ("reviews", "0005_consensus_version"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name="Minutes",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "meeting_date",
                    models.DateField(blank=True, null=True, verbose_name="meeting date"),
                ),
                ("place", models.CharField(blank=True, max_length=300, verbose_name="place")),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                (
                    "status",
                    models.CharField(
                        choices=[("draft", "Draft"), ("final", "Final")],
                        default="draft",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "final_pdf",
                    models.CharField(blank=True, max_length=300, verbose_name="stored PDF"),
                ),
                ("sha256", models.CharField(blank=True, max_length=64, verbose_name="SHA-256")),
                (
                    "finalized_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="finalised"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "participant",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="minutes",
                        to="cycles.participant",
                    ),
                ),
            ],
            options={
                "verbose_name": "berita acara",
                "db_table": "reviews_minutes",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("finalized_at__isnull", False), ("status", "final")),
                            models.Q(("status", "final"), _negated=True),
                            _connector="OR",
                        ),
                        name="minutes_final_has_time",
                    )
                ],
                "verbose_name_plural": "berita acara",
            },
        ),
        migrations.CreateModel(
            name="MinutesObservation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("aspect_ref", models.CharField(max_length=60, verbose_name="aspect")),
                (
                    "aspect_name",
                    models.CharField(blank=True, max_length=300, verbose_name="aspect name"),
                ),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                ("text", models.TextField(blank=True, verbose_name="observation")),
                (
                    "minutes",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="observations",
                        to="minutes.minutes",
                    ),
                ),
            ],
            options={
                "verbose_name": "field observation",
                "db_table": "reviews_minutesobservation",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("minutes", "aspect_ref"),
                        name="minutes_observation_once_per_aspect",
                    )
                ],
                "verbose_name_plural": "field observations",
                "ordering": ["minutes", "order", "pk"],
            },
        ),
        migrations.CreateModel(
            name="MinutesSigner",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("evaluator", "Evaluator"),
                            ("chair", "Team chair (acknowledges)"),
                            ("unit_head", "Head of the unit (acknowledges)"),
                        ],
                        max_length=20,
                        verbose_name="role",
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(verbose_name="order")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("position", models.CharField(blank=True, max_length=300, verbose_name="position")),
                (
                    "confirmed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="confirmed"),
                ),
                (
                    "minutes",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="signers",
                        to="minutes.minutes",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "signer",
                "db_table": "reviews_minutessigner",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("minutes", "user", "role"), name="minutes_signer_once_per_role"
                    )
                ],
                "verbose_name_plural": "signers",
                "ordering": ["minutes", "order", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Recommendation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("aspect_ref", models.CharField(blank=True, max_length=60, verbose_name="aspect")),
                (
                    "indicator_ref",
                    models.CharField(blank=True, max_length=60, verbose_name="indicator"),
                ),
                ("text", models.TextField(verbose_name="recommendation")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                (
                    "follow_up_status",
                    models.CharField(
                        choices=[
                            ("open", "Open"),
                            ("in_progress", "In progress"),
                            ("done", "Done"),
                            ("not_followed", "Not followed up"),
                        ],
                        default="open",
                        max_length=20,
                        verbose_name="follow-up",
                    ),
                ),
                ("follow_up_note", models.TextField(blank=True, verbose_name="follow-up note")),
                (
                    "follow_up_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="follow-up updated"),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "follow_up_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "participant",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="recommendations",
                        to="cycles.participant",
                    ),
                ),
            ],
            options={
                "verbose_name": "recommendation",
                "db_table": "reviews_recommendation",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("text", ""), _negated=True), name="recommendation_text"
                    )
                ],
                "verbose_name_plural": "recommendations",
                "ordering": ["participant", "created_at", "pk"],
            },
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(database_operations=[], state_operations=state_operations)
    ]
