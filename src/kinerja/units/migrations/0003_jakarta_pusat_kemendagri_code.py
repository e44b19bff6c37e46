"""Older demo databases coded Kota Administrasi Jakarta Pusat 31.73, which is Jakarta Barat's
Kemendagri code; Jakarta Pusat is 31.71. Recode that one region (its units, seats and audit
events follow it by id) when nothing holds 31.71 yet, so that loading the Kemendagri list then
creates Jakarta Barat under its own code."""

from django.db import migrations

OLD, NEW = "31.73", "31.71"


def recode_jakarta_pusat(apps, schema_editor):
    Region = apps.get_model("units", "Region")
    if Region.objects.filter(code=NEW).exists():
        return
    Region.objects.filter(code=OLD, name__icontains="Jakarta Pusat").update(code=NEW)


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0002_region_kind_kecamatan"),
    ]

    # Not reversed: after the list is loaded 31.73 is Jakarta Barat's again.
    operations = [migrations.RunPython(recode_jakarta_pusat, migrations.RunPython.noop)]
