import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from kinerja.audit.models import AuditEvent
from kinerja.cycles import gates, services
from kinerja.cycles.models import Assignment, Cycle
from kinerja.instruments.services import import_instrument

WIB = ZoneInfo("Asia/Jakarta")


def test_create_cycle_lays_out_instrument_stages_and_locks_version(cycle, ekk_version):
    stages = list(cycle.stages.order_by("order"))
    spec = ekk_version.definition.stages

    assert [s.kind for s in stages] == [s.kind for s in spec]
    assert stages[0].starts_at == dt.datetime(2025, 9, 1, tzinfo=WIB)
    assert all(a.ends_at == b.starts_at for a, b in itertools.pairwise(stages))
    ekk_version.refresh_from_db()
    assert ekk_version.locked_at is not None
    assert AuditEvent.objects.filter(action="cycle.create", object_id=str(cycle.pk)).count() == 1


def test_locked_version_refuses_changed_content(cycle, ekk_version, organiser):
    changed = ekk_version.definition.model_copy(update={"title": "EKK diubah"})

    with pytest.raises(ValidationError):
        import_instrument(changed, by=organiser)


def test_gate_open_inside_stage_and_closed_after_with_indonesian_message(cycle):
    f01 = cycle.stages.get(kind="pengisian")

    with time_machine.travel(f01.starts_at + dt.timedelta(hours=1)):
        assert gates.is_open(cycle, "can_edit_self")
        gates.require_open(cycle, "can_edit_self")
    with time_machine.travel(f01.ends_at + dt.timedelta(seconds=1)):
        assert not gates.is_open(cycle, "can_edit_self")
        with pytest.raises(gates.StageClosed) as closed:
            gates.require_open(cycle, "can_edit_self")
    assert closed.value.messages[0].startswith(f"“{f01.name}” telah berakhir pada ")
    assert closed.value.messages[0].endswith("WIB; perubahan tidak lagi diterima.")


def test_gate_before_stage_says_when_it_opens(cycle):
    f01 = cycle.stages.get(kind="pengisian")

    with (
        time_machine.travel(f01.starts_at - dt.timedelta(days=1)),
        pytest.raises(gates.StageClosed) as closed,
    ):
        gates.require_open(cycle, "can_edit_self")

    assert "dibuka pada" in closed.value.messages[0]


def test_copy_cycle_shifts_stages_a_year_and_copies_people(cycle, people, organiser):
    cycle.award_scheme, cycle.awards = "custom", [{"code": "a", "label": "Terbaik", "rank": 1}]
    cycle.save(update_fields=["award_scheme", "awards"])

    copy = services.copy_cycle(cycle, by=organiser)

    assert copy.name == "EKK 2026"
    assert copy.year == 2026
    old = list(cycle.stages.order_by("order"))
    new = list(copy.stages.order_by("order"))
    assert [s.starts_at.astimezone(WIB).replace(year=2025) for s in new] == [
        s.starts_at.astimezone(WIB) for s in old
    ]
    assert sorted(copy.participants.values_list("unit__name", flat=True)) == sorted(
        cycle.participants.values_list("unit__name", flat=True)
    )
    assert copy.team.count() == 2
    assert copy.assignments.count() == 0
    assert set(
        copy.participants.get(unit__short_name="Mantrijeron").members.values_list(
            "user__username", flat=True
        )
    ) == {
        "operator_a",
        "head_a",
    }
    assert copy.copied_from == cycle
    assert (copy.award_scheme, copy.awards) == (cycle.award_scheme, cycle.awards)


def test_add_participants_skips_existing(cycle, yogya_units, organiser):
    added = services.add_participants(
        cycle, [yogya_units["kraton"], yogya_units["dinkes"]], by=organiser
    )

    assert [p.unit.short_name for p in added] == ["Dinkes"]
    assert cycle.participants.count() == 4


def test_add_participants_takes_a_unit_named_twice_once(cycle, yogya_units, organiser):
    dinkes = yogya_units["dinkes"]

    added = services.add_participants(cycle, [dinkes, dinkes], by=organiser)

    assert [p.unit for p in added] == [dinkes]
    assert cycle.participants.filter(unit=dinkes).count() == 1


def test_participant_accounts_once_per_role(cycle, organiser):
    first = services.create_participant_accounts(cycle, by=organiser)
    second = services.create_participant_accounts(cycle, by=organiser)

    assert len(first) == 6
    assert second == []
    assert {c.username for c in first} >= {"op.mantrijeron.2025", "kepala.mantrijeron.2025"}
    assert all(len(c.password) >= 12 for c in first)


def test_assign_refuses_own_parent_and_declared_conflicts(
    cycle, people, yogya_units, organiser, make_user
):
    from_pemkot = services.add_team_member(
        cycle, user=make_user("walikota"), agency=yogya_units["tapem"].parent, by=organiser
    )
    outsider = cycle.team.get(user=people["outsider"])
    services.declare_conflict(
        outsider, people["participant_b"], reason="Saudara kandung", by=people["outsider"]
    )

    with pytest.raises(ValidationError, match="unit induk"):
        services.assign(
            cycle, evaluator=from_pemkot, participant=people["participant_a"], by=organiser
        )
    with pytest.raises(ValidationError, match="menyatakan konflik"):
        services.assign(
            cycle, evaluator=outsider, participant=people["participant_b"], by=organiser
        )


def test_assign_automatically_respects_conflicts_and_balances(cycle, people, organiser):
    outsider = cycle.team.get(user=people["outsider"])
    services.declare_conflict(
        outsider, people["participant_b"], reason="Mantan pegawai", by=people["outsider"]
    )

    plan = services.assign_automatically(cycle, k=2, by=organiser)

    pairs = set(
        Assignment.objects.filter(cycle=cycle).values_list(
            "evaluator__user__username", "participant__unit__short_name"
        )
    )
    assert ("outsider", "Kraton") not in pairs
    assert list(plan.unfilled) == [people["participant_b"].pk]
    assert (
        len(pairs) == 5
    )  # Mantrijeron 2, Kotagede 2, Kraton 1 (only one evaluator without conflict)


def test_resolve_conflict_accept_removes_assignment(cycle, people, organiser):
    evaluator = cycle.team.get(user=people["evaluator"])
    conflict = services.declare_conflict(
        evaluator, people["participant_a"], reason="Istri bekerja di sana", by=people["evaluator"]
    )

    services.resolve_conflict(conflict, accept=True, note="Diterima", by=organiser)

    assert not Assignment.objects.filter(
        evaluator=evaluator, participant=people["participant_a"]
    ).exists()
    event = AuditEvent.objects.get(action="conflict.resolve")
    assert event.after == {"status": "accepted", "note": "Diterima", "assignments_removed": 1}


def test_save_stages_refuses_end_before_start(cycle, organiser):
    stage = cycle.stages.first()
    row = {f: getattr(stage, f) for f in services.STAGE_FIELDS if f != "order"}
    row["ends_at"] = row["starts_at"] - dt.timedelta(hours=1)

    with pytest.raises(ValidationError):
        services.save_stages(cycle, [row], by=organiser)
    assert Cycle.objects.get(pk=cycle.pk).stages.count() == len(
        cycle.instrument_version.definition.stages
    )


def test_withdrawn_participant_gets_no_automatic_assignment(cycle, people, organiser):
    services.set_participant(people["participant_b"], status="withdrawn", by=organiser)

    services.assign_automatically(cycle, k=2, by=organiser)

    assert not Assignment.objects.filter(participant=people["participant_b"]).exists()
    event = AuditEvent.objects.get(action="participant.update")
    assert (event.before, event.after) == ({"status": "active"}, {"status": "withdrawn"})


def test_assign_by_panel_gives_panel_members_and_skips_conflicts(
    cycle, people, organiser, yogya_units, make_user
):
    from kinerja.cycles.models import Panel

    panel = Panel.objects.create(cycle=cycle, name="Utara")
    for member in cycle.team.all():
        member.panel = panel
        member.save(update_fields=["panel"])
    from_mantrijeron = services.add_team_member(
        cycle, user=make_user("lurah"), agency=yogya_units["mantrijeron"], panel=panel, by=organiser
    )
    services.set_participant(people["participant_a"], panel=panel, by=organiser)

    created, refused = services.assign_by_panel(cycle, by=organiser)

    assert created == 1  # the outsider; the evaluator was already assigned
    assert [(m.pk, p.pk, r) for m, p, r in refused] == [
        (from_mantrijeron.pk, people["participant_a"].pk, "own_unit")
    ]
    assert set(
        people["participant_a"].assignments.values_list("evaluator__user__username", flat=True)
    ) == {
        "evaluator",
        "outsider",
    }


def test_set_participant_refuses_panel_of_another_cycle(cycle, people, organiser):
    from kinerja.cycles.models import Panel

    other = services.copy_cycle(cycle, by=organiser)
    foreign = Panel.objects.create(cycle=other, name="Lain")

    with pytest.raises(ValidationError):
        services.set_participant(people["participant_a"], panel=foreign, by=organiser)


def test_add_panel_names_a_sub_team_once(cycle, organiser):
    panel = services.add_panel(cycle, name="  Juri tinjau lapang ", by=organiser)

    with pytest.raises(ValidationError) as taken:
        services.add_panel(cycle, name="Juri tinjau lapang", by=organiser)
    with pytest.raises(ValidationError) as blank:
        services.add_panel(cycle, name="  ", by=organiser)

    assert panel.name == "Juri tinjau lapang" and panel.round == ""
    assert taken.value.code == "panel_taken" and blank.value.code == "panel_name"
    event = AuditEvent.objects.get(action="panel.add")
    assert event.after == {"name": "Juri tinjau lapang"}
