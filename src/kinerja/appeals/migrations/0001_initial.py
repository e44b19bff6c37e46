"""The appeal (sanggah) moves here from the ``reviews`` app (issue 12): the model joins this
app's state and keeps its tables (``reviews_appeal``, ``reviews_appeal_evidence``), so no row
moves. ``reviews.0006_move_out`` takes it out of the reviews' state and renames the stored
labels."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("assessments", "0001_initial"),
        ("cycles", "0004_teammember_institution"),
        # The tables were created by the reviews app; they exist once its migrations ran.
        ("reviews", "0005_consensus_version"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name="Appeal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("indicator_ref", models.CharField(max_length=60, verbose_name="indicator")),
                ("reason", models.TextField(verbose_name="reason")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("submitted", "Submitted"),
                            ("accepted", "Accepted"),
                            ("rejected", "Rejected"),
                        ],
                        default="submitted",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("decided_at", models.DateTimeField(blank=True, null=True, verbose_name="decided")),
                ("decision_note", models.TextField(blank=True, verbose_name="decision note")),
                (
                    "score_before",
                    models.JSONField(blank=True, null=True, verbose_name="score before"),
                ),
                (
                    "score_after",
                    models.JSONField(blank=True, null=True, verbose_name="score after"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="filed")),
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
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "evidence",
                    models.ManyToManyField(
                        blank=True, related_name="appeals", to="assessments.evidencerevision"
                    ),
                ),
                (
                    "participant",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="appeals",
                        to="cycles.participant",
                    ),
                ),
            ],
            options={
                "verbose_name": "appeal",
                "db_table": "reviews_appeal",
                "verbose_name_plural": "appeals",
                "ordering": ["participant", "-created_at", "-pk"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("status", "submitted")),
                        fields=("participant", "indicator_ref"),
                        name="appeal_one_open_per_indicator",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("reason", ""), _negated=True), name="appeal_has_reason"
                    ),
                ],
            },
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(database_operations=[], state_operations=state_operations)
    ]
