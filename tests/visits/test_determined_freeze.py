"""A field-visit checklist score is a review: a determined cycle refuses it until the
determination is reopened (issue 11)."""

from __future__ import annotations

import datetime as dt

import pytest

from kinerja.results import services as results
from kinerja.results.freeze import ResultsDetermined
from kinerja.reviews.models import Review
from kinerja.visits import services

DECREE = {
    "decree_number": "100.3.3.3/78/2025",
    "decree_date": dt.date(2025, 11, 3),
    "signatory_name": "Budi Prasetyo",
    "signatory_position": "Wali Kota Yogyakarta",
    # Determined while scoring is open on purpose: the freeze must hold even then.
    "override_reason": "Uji: penetapan di tengah penilaian",
}


def check(world, team, visit, value, expected):
    return services.record_checklist_item(
        visit,
        "L2",
        evaluator=team.evaluator,
        value=value,
        note="",
        expected_version=expected,
        by=world.evaluator,
    )


def test_checklist_score_after_determination_is_refused_until_reopened(
    world, team, visit, field_stage
):
    check(world, team, visit, "3", 0)
    results.determine(world.cycle, by=world.organiser, **DECREE)

    with pytest.raises(ResultsDetermined) as refused:
        check(world, team, visit, "1", 1)

    assert refused.value.code == "determined"
    assert Review.objects.get(indicator_ref="L2").value == 3
    results.reopen_determination(world.cycle, reason="Koreksi lapangan", by=world.organiser)
    assert check(world, team, visit, "1", 1).value == 1
