"""Existing data migrates: former organisers (the global "Penyelenggara" permission) get the
bodies of the cycles they created, and older audit events get their scope."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("tenancy", "0001_initial"), ("audit", "0002_event_scope")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_former_organisers_are_seated_and_old_events_scoped():
    old = _migrate(BEFORE)
    ContentType = old.get_model("contenttypes", "ContentType")
    Permission = old.get_model("auth", "Permission")
    Group = old.get_model("auth", "Group")
    User = old.get_model("accounts", "User")
    Region = old.get_model("units", "Region")
    Unit = old.get_model("units", "Unit")
    Instrument = old.get_model("instruments", "Instrument")
    Version = old.get_model("instruments", "InstrumentVersion")
    Cycle = old.get_model("cycles", "Cycle")
    Participant = old.get_model("cycles", "Participant")
    AuditEvent = old.get_model("audit", "AuditEvent")
    content_type, _ = ContentType.objects.get_or_create(app_label="accounts", model="user")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="organiser", defaults={"name": "organiser"}
    )
    group = Group.objects.create(name="Penyelenggara")
    group.permissions.add(permission)
    organiser = User.objects.create(username="lama")
    organiser.groups.add(group)
    bystander = User.objects.create(username="bukan")
    region = Region.objects.create(code="34.71", name="Kota Yogyakarta", kind="kota")
    tapem = Unit.objects.create(kind="bagian", name="Bagian Tapem", region=region)
    kemantren = Unit.objects.create(kind="kemantren", name="Kemantren Kraton", region=region)
    instrument = Instrument.objects.create(code="x", family="x", title="X")
    version = Version.objects.create(
        instrument=instrument, version="1", title="X", source="", sha256="0", origin="library"
    )
    cycle = Cycle.objects.create(
        name="EKK",
        year=2024,
        instrument_version=version,
        organiser_unit=tapem,
        created_by=organiser,
    )
    participant = Participant.objects.create(cycle=cycle, unit=kemantren)
    for obj, label in (
        (cycle, "cycles.cycle"),
        (participant, "cycles.participant"),
        (kemantren, "units.unit"),
    ):
        AuditEvent.objects.create(action="old", object_type=label, object_id=str(obj.pk))

    new = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    Seat = new.get_model("tenancy", "OrganiserSeat")
    assert list(Seat.objects.values_list("user__username", "body__name")) == [
        ("lama", "Bagian Tapem")
    ]
    assert not Seat.objects.filter(user_id=bystander.pk).exists()
    events = new.get_model("audit", "AuditEvent").objects.filter(action="old").order_by("pk")
    assert list(events.values_list("object_type", "scope_cycle", "scope_region")) == [
        ("cycles.cycle", cycle.pk, None),
        ("cycles.participant", cycle.pk, None),
        ("units.unit", None, region.pk),
    ]
