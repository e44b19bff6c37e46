"""The invitation of a government below into a cycle moves here from the ``tenancy`` app
(issue 12): the model joins this app's state and keeps its table (``tenancy_invitation``), so no
row moves. ``tenancy.0003_move_invitation`` takes it out of the tenancy's state and renames its
content type."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cycles", "0004_teammember_institution"),
        ("units", "0001_initial"),
        # The table was created by the tenancy app; it exists once its migrations ran.
        ("tenancy", "0002_seat_existing_organisers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name="Invitation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "quota",
                    models.PositiveSmallIntegerField(
                        default=1,
                        help_text="How many of its units the invited government may nominate.",
                        verbose_name="nomination quota",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=300, verbose_name="note")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="invited")),
                (
                    "withdrawn_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="withdrawn"),
                ),
                (
                    "body",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="invitations",
                        to="units.unit",
                        verbose_name="invited body",
                    ),
                ),
                (
                    "cycle",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="invitations",
                        to="cycles.cycle",
                        verbose_name="cycle",
                    ),
                ),
                (
                    "invited_by",
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
                "verbose_name": "invitation",
                "verbose_name_plural": "invitations",
                "db_table": "tenancy_invitation",
                "ordering": ["body__region__code", "body__name"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("withdrawn_at__isnull", True)),
                        fields=("cycle", "body"),
                        name="invitation_open_unique",
                    )
                ],
            },
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[], state_operations=state_operations
        )
    ]
