"""Give every existing organiser a body: before tenancy the organiser right was one global
permission (the "Penyelenggara" group). Each organiser is seated at the bodies of the cycles they
created; where they created none and the database holds a single government's cycles (one
organising body), at that body. Anyone left without a seat is listed for the platform
administrator to seat (``kinerja organiser seat``)."""

from django.db import migrations
from django.db.models import Q


def seat_existing(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Cycle = apps.get_model("cycles", "Cycle")
    Seat = apps.get_model("tenancy", "OrganiserSeat")
    organisers = User.objects.filter(
        Q(groups__permissions__codename="organiser", groups__permissions__content_type__app_label="accounts")
        | Q(user_permissions__codename="organiser", user_permissions__content_type__app_label="accounts")
    ).distinct()
    bodies_in_use = set(Cycle.objects.values_list("organiser_unit_id", flat=True))
    only_body = next(iter(bodies_in_use)) if len(bodies_in_use) == 1 else None
    seats = []
    for user in organisers:
        bodies = set(
            Cycle.objects.filter(created_by=user).values_list("organiser_unit_id", flat=True)
        )
        if not bodies and only_body is not None:
            bodies = {only_body}
        seats += [Seat(user_id=user.pk, body_id=body) for body in sorted(bodies)]
    Seat.objects.bulk_create(seats, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("tenancy", "0001_initial"),
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("cycles", "0004_teammember_institution"),
    ]

    operations = [migrations.RunPython(seat_existing, migrations.RunPython.noop)]
