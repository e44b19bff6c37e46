"""Bad input on cycle forms and imports is a form error, never a 500."""

from __future__ import annotations

from django.utils import translation

from kinerja.common.tabular import read_table
from kinerja.cycles.forms import CycleCreateForm, StageForm
from kinerja.cycles.imports import plan_team_import


def test_team_import_refuses_a_100000_character_username(cycle):
    table = read_table(f"username,peran\n{'a' * 100_000},anggota\n".encode(), filename="tim.csv")

    with translation.override("en"):
        plan = plan_team_import(cycle, table)

    assert plan.ok is False
    assert plan.rows[0].errors == ["username is longer than 150 characters"]


def test_stage_form_refuses_year_one_before_any_time_zone_arithmetic():
    form = StageForm(
        data={
            "kind": "pengisian",
            "name": "Pengisian",
            "starts_at": "0001-01-01T00:00",
            "ends_at": "0001-01-02T00:00",
        },
        time_zone="Asia/Jakarta",
    )

    assert form.is_valid() is False
    assert [e.code for e in form.errors.as_data()["starts_at"]] == ["date_range"]


def test_cycle_create_form_refuses_year_9999(organiser, ekk_version):
    form = CycleCreateForm(
        data={
            "version": ekk_version.pk,
            "name": "EKK",
            "year": 2025,
            "starts_on": "9999-12-31",
        },
        user=organiser,
    )

    assert form.is_valid() is False
    assert [e.code for e in form.errors.as_data()["starts_on"]] == ["date_range"]
