"""The invitation leaves the ``tenancy`` app for ``cycles`` (issue 12), so that the tenant scope
imports no cycle. Its table stays as it is (``cycles.Invitation`` names it with ``db_table``), so
this migration only takes the model out of the tenancy's state and moves its content type (its
permissions follow). No audit event names an invitation: they are recorded on the cycle."""

from django.db import migrations


def _move_content_type(apps, old_app, new_app):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=new_app, model="invitation").exists():
        ContentType.objects.filter(app_label=old_app, model="invitation").update(app_label=new_app)


def relabel(apps, schema_editor):
    _move_content_type(apps, "tenancy", "cycles")


def relabel_back(apps, schema_editor):
    _move_content_type(apps, "cycles", "tenancy")


class Migration(migrations.Migration):
    dependencies = [
        ("tenancy", "0002_seat_existing_organisers"),
        ("cycles", "0005_invitation"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[], state_operations=[migrations.DeleteModel(name="Invitation")]
        ),
        migrations.RunPython(relabel, relabel_back),
    ]
