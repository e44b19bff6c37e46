"""The move of clarifications, the berita acara and appeals out of ``reviews`` (migration
``reviews.0006_move_out``) keeps an existing database's rows: the models keep their tables,
and the labels stored as data (audit events, content types) follow the models."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kinerja.appeals.models import Appeal
from kinerja.assessments.models import Clarification, ClarificationMessage
from kinerja.minutes.models import Minutes, MinutesObservation, MinutesSigner, Recommendation

BEFORE = [
    ("reviews", "0005_consensus_version"),
    ("assessments", "0001_initial"),
    ("minutes", None),
    ("appeals", None),
]
MOVED = {
    "reviews_clarification": Clarification,
    "reviews_clarificationmessage": ClarificationMessage,
    "reviews_minutes": Minutes,
    "reviews_minutesobservation": MinutesObservation,
    "reviews_minutessigner": MinutesSigner,
    "reviews_recommendation": Recommendation,
    "reviews_appeal": Appeal,
}


def _migrate(targets):
    """Migrate to ``targets`` ((app, None): none of the app); the models as they are then."""
    MigrationExecutor(connection).migrate(targets)
    loader = MigrationExecutor(connection).loader
    return loader.project_state(list(loader.applied_migrations)).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_moved_models_keep_the_tables_of_the_reviews_app():
    assert {table: model._meta.db_table for table, model in MOVED.items()} == {
        table: table for table in MOVED
    }
    evidence = Appeal._meta.get_field("evidence").remote_field.through
    assert evidence._meta.db_table == "reviews_appeal_evidence"
    assert sorted(model._meta.label for model in MOVED.values()) == [
        "appeals.Appeal",
        "assessments.Clarification",
        "assessments.ClarificationMessage",
        "minutes.Minutes",
        "minutes.MinutesObservation",
        "minutes.MinutesSigner",
        "minutes.Recommendation",
    ]


def _old_world(old):
    """A cycle with one participant, a team seat and one row of every moved model, written with
    the models as they were before the move."""
    User = old.get_model("accounts", "User")
    Region = old.get_model("units", "Region")
    Unit = old.get_model("units", "Unit")
    Instrument = old.get_model("instruments", "Instrument")
    Version = old.get_model("instruments", "InstrumentVersion")
    Cycle = old.get_model("cycles", "Cycle")
    Participant = old.get_model("cycles", "Participant")
    TeamMember = old.get_model("cycles", "TeamMember")
    EvidenceFile = old.get_model("assessments", "EvidenceFile")
    Evidence = old.get_model("assessments", "Evidence")
    EvidenceRevision = old.get_model("assessments", "EvidenceRevision")
    user = User.objects.create(username="penilai.lama")
    region = Region.objects.create(code="34.71", name="Kota Yogyakarta", kind="kota")
    body = Unit.objects.create(kind="bagian", name="Bagian Tapem", region=region)
    kemantren = Unit.objects.create(kind="kemantren", name="Kemantren Kraton", region=region)
    instrument = Instrument.objects.create(code="x", family="x", title="X")
    version = Version.objects.create(
        instrument=instrument, version="1", title="X", source="", sha256="0", origin="library"
    )
    cycle = Cycle.objects.create(
        name="EKK", year=2024, instrument_version=version, organiser_unit=body
    )
    participant = Participant.objects.create(cycle=cycle, unit=kemantren)
    seat = TeamMember.objects.create(cycle=cycle, user=user)
    file = EvidenceFile.objects.create(
        storage_name="evidence/1/a.pdf",
        sha256="0" * 64,
        size=1,
        content_type="application/pdf",
        original_name="a.pdf",
    )
    evidence = Evidence.objects.create(
        participant=participant, indicator_ref="1.1", slot_code="s", title="Bukti"
    )
    revision = EvidenceRevision.objects.create(evidence=evidence, number=1, file=file)

    clarification = old.get_model("reviews", "Clarification").objects.create(
        participant=participant, indicator_ref="1.1", raised_by=seat, question="Mohon data."
    )
    old.get_model("reviews", "ClarificationMessage").objects.create(
        clarification=clarification, author=user, body="Terlampir.", from_unit=True
    )
    minutes = old.get_model("reviews", "Minutes").objects.create(
        participant=participant, meeting_date=dt.date(2024, 10, 16), place="Pendopo"
    )
    old.get_model("reviews", "MinutesObservation").objects.create(
        minutes=minutes, aspect_ref="1", text="Baik"
    )
    old.get_model("reviews", "MinutesSigner").objects.create(
        minutes=minutes, user=user, role="evaluator", order=0, name="Penilai Lama"
    )
    old.get_model("reviews", "Recommendation").objects.create(
        participant=participant, aspect_ref="1", text="Pertahankan."
    )
    appeal = old.get_model("reviews", "Appeal").objects.create(
        participant=participant, indicator_ref="1.1", reason="Nilai keliru."
    )
    appeal.evidence.add(revision)
    AuditEvent = old.get_model("audit", "AuditEvent")
    for obj, label in (
        (clarification, "reviews.clarification"),
        (minutes, "reviews.minutes"),
        (appeal, "reviews.appeal"),
        (participant, "cycles.participant"),
    ):
        AuditEvent.objects.create(action="old", object_type=label, object_id=str(obj.pk))
    ContentType = old.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="reviews", model="minutes")
    return {
        "clarification": clarification.pk,
        "minutes": minutes.pk,
        "appeal": appeal.pk,
        "revision": revision.pk,
        "content_type": content_type.pk,
    }


@pytest.mark.django_db(transaction=True)
def test_existing_rows_are_read_through_the_new_apps_after_the_move():
    try:
        made = _old_world(_migrate(BEFORE))
        new = _migrate(_latest())
    finally:
        _migrate(_latest())  # whatever happened, the database is left fully migrated

    clarification = new.get_model("assessments", "Clarification").objects.get(
        pk=made["clarification"]
    )
    assert (clarification.question, clarification.status) == ("Mohon data.", "open")
    assert list(clarification.messages.values_list("body", flat=True)) == ["Terlampir."]
    minutes = new.get_model("minutes", "Minutes").objects.get(pk=made["minutes"])
    assert (minutes.place, minutes.status) == ("Pendopo", "draft")
    assert list(minutes.observations.values_list("text", flat=True)) == ["Baik"]
    assert list(minutes.signers.values_list("name", flat=True)) == ["Penilai Lama"]
    recommendations = new.get_model("minutes", "Recommendation").objects
    assert list(recommendations.values_list("text", flat=True)) == ["Pertahankan."]
    appeal = new.get_model("appeals", "Appeal").objects.get(pk=made["appeal"])
    assert appeal.reason == "Nilai keliru."
    assert list(appeal.evidence.values_list("pk", flat=True)) == [made["revision"]]
    events = new.get_model("audit", "AuditEvent").objects.filter(action="old").order_by("pk")
    assert list(events.values_list("object_type", "object_id")) == [
        ("assessments.clarification", str(made["clarification"])),
        ("minutes.minutes", str(made["minutes"])),
        ("appeals.appeal", str(made["appeal"])),
        ("cycles.participant", events.last().object_id),
    ]
    content_type = new.get_model("contenttypes", "ContentType").objects.get(pk=made["content_type"])
    assert (content_type.app_label, content_type.model) == ("minutes", "minutes")
    # The audit trail's object page looks the model up by the stored label.
    assert [apps.get_model(label) for label in events.values_list("object_type", flat=True)][
        :3
    ] == [Clarification, Minutes, Appeal]
