"""The appeal (sanggah): filing in its stage only, one open appeal per indicator, the team's
decision, before/after on the appeal and in the audit, and the permission matrix of the pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kinerja.appeals import services as appeals
from kinerja.appeals.enums import AppealStatus
from kinerja.appeals.models import Appeal
from kinerja.audit.models import AuditEvent
from kinerja.cycles.gates import StageClosed
from kinerja.results.models import Result
from kinerja.reviews.models import Consensus, Review
from kinerja.reviews.services import plenary

from ..assessments.conftest import TEAM_PERSONAS, team_client, team_people
from .conftest import file, sanggah_stage


def reviews_state(world):
    return sorted(
        Review.objects.filter(participant=world.mantrijeron).values_list(
            "pk", "value", "version", "updated_at"
        )
    )


# --- filing ---------------------------------------------------------------------------------


def test_filing_outside_the_sanggah_stage_is_refused(world, team, scored):
    sanggah_stage(world)  # exists, but the clock is in the scoring stage
    with pytest.raises(StageClosed) as exc:
        file(world)
    assert "sanggah" in " ".join(exc.value.messages)
    assert not Appeal.objects.exists()


def test_filing_without_any_sanggah_stage_is_refused(world, team, scored):
    with pytest.raises(StageClosed):
        file(world)


def test_filing_in_the_stage_is_audited(world, team, in_sanggah):
    appeal = file(world)

    assert appeal.status == AppealStatus.SUBMITTED
    event = AuditEvent.objects.get(action="appeal.file")
    assert event.after["indicator"] == "1.1"
    assert event.after["reason"] == "Nilai kurang tepat"


def test_one_open_appeal_per_indicator(world, team, in_sanggah):
    file(world)
    with pytest.raises(ValidationError) as exc:
        file(world, by=world.head_a)
    assert exc.value.code == "already_open"
    file(world, ref="1.2")  # another indicator is fine
    assert Appeal.objects.count() == 2


def test_a_decided_appeal_allows_a_new_one(world, team, in_sanggah):
    appeal = file(world)
    appeals.decide_appeal(appeal, accept=False, note="Tetap", by=team.chair_user)
    assert file(world).is_open


@pytest.mark.parametrize("persona", ["operator_b", "evaluator", "chair", "organiser"])
def test_only_the_units_people_file(world, team, in_sanggah, persona):
    with pytest.raises(PermissionDenied):
        file(world, by=team_people(world, team)[persona])


def test_filing_needs_a_reason_and_the_units_own_evidence(world, team, in_sanggah):
    with pytest.raises(ValidationError) as exc:
        file(world, reason="  ")
    assert exc.value.code == "required"
    with pytest.raises(ValidationError) as exc:
        appeals.file_appeal(
            world.mantrijeron, "1.1", reason="x", evidence_revisions=[999_999], by=world.operator_a
        )
    assert exc.value.code == "evidence"


# --- deciding -------------------------------------------------------------------------------


def test_appeal_changes_audited(world, team, in_sanggah):
    """Accepting with a new value changes the stored result; before/after on the appeal and in
    the audit event; the evaluators' reviews stay as they were."""
    appeal = file(world)
    reviews_before = reviews_state(world)
    total_before = Result.objects.get(participant=world.mantrijeron).display

    appeal = appeals.decide_appeal(
        appeal, accept=True, note="Bukti sah", new_value=4, by=team.chair_user
    )

    result = Result.objects.get(participant=world.mantrijeron)
    assert result.display != total_before
    consensus = Consensus.objects.get(participant=world.mantrijeron, indicator_ref="1.1")
    assert consensus.value == 4
    assert consensus.reason == "Sanggah diterima: Bukti sah"
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.ACCEPTED
    assert appeal.decided_by == team.chair_user and appeal.decided_at is not None
    assert appeal.score_before["total"] == total_before
    assert appeal.score_after["total"] == result.display
    assert appeal.score_before["indicator"]["consensus"] is None
    assert appeal.score_after["indicator"]["consensus"] == 4
    event = AuditEvent.objects.get(action="appeal.decide")
    assert event.before["score"]["total"] == total_before
    assert event.after["score"]["total"] == result.display
    assert event.after["status"] == "accepted"
    assert AuditEvent.objects.filter(action="consensus.set").count() == 1
    assert reviews_state(world) == reviews_before


def test_rejecting_changes_no_score(world, team, in_sanggah):
    appeal = file(world)
    reviews_before = reviews_state(world)
    result_before = Result.objects.get(participant=world.mantrijeron)

    appeal = appeals.decide_appeal(
        appeal, accept=False, note="Tidak cukup bukti", by=world.evaluator
    )

    result = Result.objects.get(participant=world.mantrijeron)
    assert (result.display, result.total) == (result_before.display, result_before.total)
    assert not Consensus.objects.exists()
    assert appeal.status == AppealStatus.REJECTED
    assert appeal.score_before == appeal.score_after
    assert AuditEvent.objects.get(action="appeal.decide").after["status"] == "rejected"
    assert reviews_state(world) == reviews_before


def test_accepted_appeal_bypasses_a_closed_plenary_only_for_itself(world, team, in_sanggah):
    """The plenary being closed does not stop an accepted appeal's value."""
    plenary.close_plenary(world.cycle, by=world.organiser)
    appeal = file(world)
    appeals.decide_appeal(appeal, accept=True, note="Ok", new_value=4, by=world.organiser)
    assert Consensus.objects.get(indicator_ref="1.1").value == 4
    # ... while set_consensus itself stays refused.
    with pytest.raises(ValidationError):
        plenary.set_consensus(world.mantrijeron, "1.2", value=1, reason="x", by=team.chair_user)


@pytest.mark.parametrize("persona", ["operator_a", "head_a", "operator_b", "outsider"])
def test_only_the_team_decides(world, team, in_sanggah, persona):
    appeal = file(world)
    with pytest.raises(PermissionDenied):
        appeals.decide_appeal(appeal, accept=False, note="x", by=team_people(world, team)[persona])


def test_an_appeal_is_decided_once_and_needs_a_note(world, team, in_sanggah):
    appeal = file(world)
    with pytest.raises(ValidationError) as exc:
        appeals.decide_appeal(appeal, accept=False, note="", by=team.chair_user)
    assert exc.value.code == "required"
    appeals.decide_appeal(appeal, accept=False, note="Tetap", by=team.chair_user)
    with pytest.raises(ValidationError) as exc:
        appeals.decide_appeal(appeal, accept=True, note="Ubah", new_value=4, by=team.chair_user)
    assert exc.value.code == "decided"


# --- pages ----------------------------------------------------------------------------------

VIEW = {
    "operator_a": 200,
    "head_a": 200,
    "evaluator": 200,
    "second": 200,
    "chair": 200,
    "organiser": 200,
}
UNIT_POST = {"operator_a": 302, "head_a": 302}
TEAM = {"evaluator": 200, "second": 200, "chair": 200, "organiser": 200}
TEAM_POST = {"evaluator": 302, "second": 302, "chair": 302, "organiser": 302}
MATRIX = [
    ("list", "get", VIEW, {}),
    ("file", "post", UNIT_POST, {"indicator": "1.2", "reason": "Alasan"}),
    ("decide", "get", TEAM, {}),
    ("decide", "post", TEAM_POST, {"decision": "reject", "note": "Tetap"}),
]


def url(name, world, appeal):
    if name == "decide":
        return reverse("appeals:decide", args=[world.mantrijeron.pk, appeal.pk])
    return reverse(f"appeals:{name}", args=[world.mantrijeron.pk])


@pytest.mark.parametrize(("name", "method", "allowed", "data"), MATRIX)
@pytest.mark.parametrize("persona", TEAM_PERSONAS)
def test_appeal_permission_matrix(world, team, in_sanggah, name, method, allowed, data, persona):
    appeal = file(world)
    client = team_client(team_people(world, team)[persona])

    response = getattr(client, method)(url(name, world, appeal), data)

    if persona == "anonymous":
        assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
    else:
        assert response.status_code == allowed.get(persona, 404)


def test_unit_page_shows_form_and_refused_form_comes_back(world, team, in_sanggah):
    file(world)
    client = team_client(world.operator_a)
    page = client.get(url("list", world, None))
    assert b'name="reason"' in page.content
    assert b"Nilai kurang tepat" in page.content

    refused = client.post(url("file", world, None), {"indicator": "1.1", "reason": "Lagi"})
    assert refused.status_code == 400
    assert b"Lagi" in refused.content
    assert Appeal.objects.count() == 1


def test_team_accepts_through_the_form(world, team, in_sanggah):
    appeal = file(world)
    client = team_client(team.chair_user)
    response = client.post(
        url("decide", world, appeal), {"decision": "accept", "note": "Sah", "value": "4"}
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.ACCEPTED
    assert Consensus.objects.get(indicator_ref="1.1").value == 4


def test_another_units_appeal_id_is_404(world, team, in_sanggah):
    appeal = file(world)
    client = team_client(team.chair_user)
    other = reverse("appeals:decide", args=[world.kraton.pk, appeal.pk])
    assert client.get(other).status_code == 404
