"""A unit import chaining 1,500 rows deep is refused row by row, never a RecursionError."""

from __future__ import annotations

from django.utils import translation

from kinerja.common.tabular import read_table
from kinerja.units.imports import MAX_NEW_DEPTH, PlannedRow, plan_unit_import


def test_depth_of_a_1500_deep_chain_is_counted_without_recursion():
    row = PlannedRow(number=1, values={})
    for number in range(2, 1501):
        row = PlannedRow(number=number, values={}, parent_row=row)

    assert row.depth == 1499


def test_plan_refuses_rows_deeper_than_the_limit(region_jogja):
    lines = ["kode,nama,jenis,wilayah,induk", "U0,Unit 0,pemda,34.71,"]
    lines += [f"U{i},Unit {i},upt,34.71,U{i - 1}" for i in range(1, 1500)]
    table = read_table("\n".join(lines).encode(), filename="units.csv")

    with translation.override("en"):
        plan = plan_unit_import(table)

    assert plan.ok is False
    assert plan.rows[MAX_NEW_DEPTH - 1].errors == []
    assert plan.rows[MAX_NEW_DEPTH].errors == [
        "more than 12 new levels under one another in one file"
    ]
    assert plan.rows[MAX_NEW_DEPTH + 1].errors == ["its parent's row has errors"]
