"""Clarifications, the berita acara with its recommendations, and appeals leave the ``reviews``
app (issue 12) for ``assessments``, ``minutes`` and ``appeals``. Their tables stay as they are
(the new models name them with ``db_table``), so this migration only takes the models out of the
reviews' state, and renames the labels stored as data: the audit trail's ``object_type`` (its
object pages look the model up by label) and the content types (their permissions follow)."""

from django.db import migrations

# Old label → new app label, for every model that moved.
MOVED = {
    "reviews.clarification": "assessments",
    "reviews.clarificationmessage": "assessments",
    "reviews.minutes": "minutes",
    "reviews.minutesobservation": "minutes",
    "reviews.minutessigner": "minutes",
    "reviews.recommendation": "minutes",
    "reviews.appeal": "appeals",
}


def _relabel(apps, pairs):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old, new in pairs:
        AuditEvent.objects.filter(object_type=old).update(object_type=new)
        old_app, model = old.split(".")
        new_app = new.split(".")[0]
        if not ContentType.objects.filter(app_label=new_app, model=model).exists():
            ContentType.objects.filter(app_label=old_app, model=model).update(app_label=new_app)


def relabel(apps, schema_editor):
    _relabel(apps, [(old, f"{app}.{old.split('.')[1]}") for old, app in MOVED.items()])


def relabel_back(apps, schema_editor):
    _relabel(apps, [(f"{app}.{old.split('.')[1]}", old) for old, app in MOVED.items()])


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0005_consensus_version"),
        ("assessments", "0002_clarifications"),
        ("minutes", "0001_initial"),
        ("appeals", "0001_initial"),
        ("audit", "0003_scope_existing_events"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="ClarificationMessage"),
                migrations.DeleteModel(name="Clarification"),
                migrations.DeleteModel(name="MinutesObservation"),
                migrations.DeleteModel(name="MinutesSigner"),
                migrations.DeleteModel(name="Recommendation"),
                migrations.DeleteModel(name="Minutes"),
                migrations.DeleteModel(name="Appeal"),
            ],
        ),
        migrations.RunPython(relabel, relabel_back),
    ]
