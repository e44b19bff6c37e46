"""Scope the events recorded before tenancy to their cycle or region (``kinerja.audit.scoping``),
so that each organiser keeps reading the trail of their own government after the upgrade."""

from collections import defaultdict

from django.db import migrations

from kinerja.audit.scoping import scope_of_object


def scope_existing(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    by_type = defaultdict(list)
    for pk, object_type, object_id in AuditEvent.objects.filter(
        scope_cycle__isnull=True, scope_region__isnull=True
    ).values_list("pk", "object_type", "object_id"):
        by_type[object_type].append((pk, object_id))
    groups = defaultdict(list)
    for object_type, rows in by_type.items():
        try:
            model = apps.get_model(object_type)
        except (LookupError, ValueError):
            continue
        ids = {object_id for _, object_id in rows if object_id.isdigit()}
        objects = {str(k): v for k, v in model.objects.in_bulk([int(i) for i in ids]).items()}
        for pk, object_id in rows:
            obj = objects.get(object_id)
            if obj is not None:
                groups[scope_of_object(obj)].append(pk)
    for (cycle, region), pks in groups.items():
        if cycle is None and region is None:
            continue
        for start in range(0, len(pks), 500):
            AuditEvent.objects.filter(pk__in=pks[start : start + 500]).update(
                scope_cycle=cycle, scope_region=region
            )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_event_scope"),
        ("units", "0001_initial"),
        ("cycles", "0004_teammember_institution"),
        ("assessments", "0001_initial"),
        ("reviews", "0004_appeal"),
        ("visits", "0001_initial"),
        ("results", "0004_result_rounds"),
        ("instruments", "0002_instrumentversion_owner"),
    ]

    operations = [migrations.RunPython(scope_existing, migrations.RunPython.noop)]
