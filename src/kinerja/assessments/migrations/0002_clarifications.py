"""Clarifications move here from the ``reviews`` app (issue 12): the models join this app's state
and keep their tables (``reviews_clarification``, ``reviews_clarificationmessage``), so no row
moves. ``reviews.0006_move_out`` takes them out of the reviews' state and renames the stored
labels."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0001_initial"),
        ("cycles", "0004_teammember_institution"),
        # The tables were created by the reviews app; they exist once its migrations ran.
        ("reviews", "0005_consensus_version"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name="Clarification",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("indicator_ref", models.CharField(max_length=60, verbose_name="indicator")),
                ("question", models.TextField(verbose_name="question")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("open", "Open"),
                            ("answered", "Answered"),
                            ("resolved", "Resolved"),
                        ],
                        default="open",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="raised")),
                (
                    "answered_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="answered"),
                ),
                (
                    "resolved_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="resolved"),
                ),
                (
                    "participant",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="clarifications",
                        to="cycles.participant",
                    ),
                ),
                (
                    "raised_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="clarifications",
                        to="cycles.teammember",
                    ),
                ),
                (
                    "resolved_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "clarification",
                "verbose_name_plural": "clarifications",
                "db_table": "reviews_clarification",
                "ordering": ["-created_at", "-pk"],
                "indexes": [
                    models.Index(
                        fields=["participant", "indicator_ref", "status"],
                        name="reviews_cla_partici_fcc876_idx",
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("resolved_at__isnull", False), ("status", "resolved")),
                            models.Q(("status", "resolved"), _negated=True),
                            _connector="OR",
                        ),
                        name="clarification_resolved_has_time",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ClarificationMessage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("from_unit", models.BooleanField(default=False, verbose_name="from the unit")),
                ("body", models.TextField(verbose_name="message")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="sent")),
                (
                    "author",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "clarification",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="messages",
                        to="assessments.clarification",
                    ),
                ),
            ],
            options={
                "verbose_name": "clarification message",
                "verbose_name_plural": "clarification messages",
                "db_table": "reviews_clarificationmessage",
                "ordering": ["clarification", "created_at", "pk"],
            },
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(database_operations=[], state_operations=state_operations)
    ]
