"""The move of the invitation from ``tenancy`` to ``cycles`` (migrations ``cycles.0005_invitation``
and ``tenancy.0003_move_invitation``) keeps an existing database's rows: the model keeps its
table, and its content type follows it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kinerja.cycles.models import Invitation

BEFORE = [("tenancy", "0002_seat_existing_organisers"), ("cycles", "0004_teammember_institution")]


def _migrate(targets):
    """Migrate to ``targets``; the models as they are then."""
    MigrationExecutor(connection).migrate(targets)
    loader = MigrationExecutor(connection).loader
    return loader.project_state(list(loader.applied_migrations)).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_invitation_keeps_the_table_of_the_tenancy_app():
    assert (Invitation._meta.label, Invitation._meta.db_table) == (
        "cycles.Invitation",
        "tenancy_invitation",
    )


def _old_world(old):
    """A province's cycle with an invitation of a city below, written with the models as
    they were before the move."""
    User = old.get_model("accounts", "User")
    Region = old.get_model("units", "Region")
    Unit = old.get_model("units", "Unit")
    Instrument = old.get_model("instruments", "Instrument")
    Version = old.get_model("instruments", "InstrumentVersion")
    Cycle = old.get_model("cycles", "Cycle")
    Invitation = old.get_model("tenancy", "Invitation")
    user = User.objects.create(username="penyelenggara.jatim")
    province = Region.objects.create(code="35", name="Jawa Timur", kind="provinsi")
    batu = Region.objects.create(code="35.79", name="Kota Batu", kind="kota", parent=province)
    biro = Unit.objects.create(kind="bagian", name="Biro Pemerintahan", region=province)
    bagian = Unit.objects.create(kind="bagian", name="Bagian Tapem Batu", region=batu)
    instrument = Instrument.objects.create(code="x", family="x", title="X")
    version = Version.objects.create(
        instrument=instrument, version="1", title="X", source="", sha256="0", origin="library"
    )
    cycle = Cycle.objects.create(
        name="SKK", year=2025, instrument_version=version, organiser_unit=biro
    )
    open_one = Invitation.objects.create(
        cycle=cycle, body=bagian, quota=2, note="Dua kelurahan", invited_by=user
    )
    ContentType = old.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="tenancy", model="invitation")
    return {"cycle": cycle.pk, "invitation": open_one.pk, "content_type": content_type.pk}


@pytest.mark.django_db(transaction=True)
def test_existing_invitations_are_read_through_cycles_after_the_move():
    try:
        made = _old_world(_migrate(BEFORE))
        new = _migrate(_latest())
    finally:
        _migrate(_latest())  # whatever happened, the database is left fully migrated

    invitation = new.get_model("cycles", "Invitation").objects.get(pk=made["invitation"])
    assert (invitation.cycle_id, invitation.quota, invitation.note) == (
        made["cycle"],
        2,
        "Dua kelurahan",
    )
    assert invitation.body.name == "Bagian Tapem Batu"
    assert invitation.invited_by.username == "penyelenggara.jatim"
    cycle = new.get_model("cycles", "Cycle").objects.get(pk=made["cycle"])
    assert list(cycle.invitations.values_list("pk", flat=True)) == [made["invitation"]]
    content_type = new.get_model("contenttypes", "ContentType").objects.get(pk=made["content_type"])
    assert (content_type.app_label, content_type.model) == ("cycles", "invitation")
