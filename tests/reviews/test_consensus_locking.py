"""Consensus values are locked optimistically (issue 11): a stale plenary form (set or clear) is
refused with the stored value in its message, and the value saved first is kept."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinerja.audit.models import AuditEvent
from kinerja.cycles.gates import local_time_text
from kinerja.reviews.models import Consensus
from kinerja.reviews.services import plenary
from kinerja.reviews.services.plenary import ConsensusConflict

from ..assessments.conftest import team_client


def conflict_text(world, consensus: Consensus) -> str:
    return (
        f"This consensus value was changed by {consensus.decided_by} on "
        f"{local_time_text(consensus.decided_at, world.cycle.time_zone)} after you opened the "
        f"form: it is now {consensus.value} (reason: {consensus.reason}). Your input was not "
        "saved; compare and save again."
    )


def set_value(world, by, value, reason, expected):
    return plenary.set_consensus(
        world.mantrijeron, "1.1", value=value, reason=reason, by=by, expected_version=expected
    )


# --- service ---------------------------------------------------------------------------------


def test_set_consensus_same_loaded_version_twice_second_is_refused_and_first_kept(
    world, team, scoring
):
    set_value(world, team.chair_user, 2, "awal", 0)  # version 1, open on two screens
    set_value(world, team.chair_user, 4, "Keputusan ketua", 1)

    with translation.override("en"), pytest.raises(ConsensusConflict) as refused:
        set_value(world, world.organiser, 1, "Formulir lama", 1)

    stored = Consensus.objects.select_related("decided_by").get()
    assert (stored.value, stored.reason, stored.version) == (4, "Keputusan ketua", 2)
    assert stored.decided_by == team.chair_user
    assert refused.value.code == "conflict"
    with translation.override("en"):
        assert refused.value.messages == [conflict_text(world, stored)]
    assert AuditEvent.objects.filter(action="consensus.set").count() == 2


def test_set_consensus_two_first_values_second_is_a_conflict(world, team, scoring):
    set_value(world, team.chair_user, 4, "ketua", 0)

    with pytest.raises(ConsensusConflict) as refused:
        set_value(world, world.organiser, 1, "penyelenggara", 0)

    assert refused.value.current.value == 4
    assert Consensus.objects.get().value == 4


def test_set_consensus_on_a_value_removed_meanwhile_is_a_conflict(world, team, scoring):
    set_value(world, team.chair_user, 4, "ketua", 0)
    plenary.accept_aggregate(world.mantrijeron, "1.1", by=team.chair_user, expected_version=1)

    with translation.override("en"), pytest.raises(ConsensusConflict) as refused:
        set_value(world, world.organiser, 1, "formulir lama", 1)

    assert refused.value.messages == [
        "This consensus value was removed after you opened the form. Your input was not "
        "saved; compare and save again."
    ]
    assert Consensus.objects.count() == 0


def test_accept_aggregate_from_a_stale_form_is_refused_and_keeps_the_value(world, team, scoring):
    set_value(world, team.chair_user, 2, "awal", 0)
    set_value(world, team.chair_user, 4, "Keputusan ketua", 1)

    with pytest.raises(ConsensusConflict):
        plenary.accept_aggregate(world.mantrijeron, "1.1", by=world.organiser, expected_version=1)

    assert Consensus.objects.get().value == 4
    assert AuditEvent.objects.filter(action="consensus.clear").count() == 0


def test_set_consensus_from_the_current_version_wins_and_audits_the_versions(world, team, scoring):
    set_value(world, team.chair_user, 2, "awal", 0)

    consensus = set_value(world, world.organiser, 3, "kedua", 1)

    assert (consensus.value, consensus.version) == (3, 2)
    event = AuditEvent.objects.filter(action="consensus.set").order_by("-pk").first()
    assert (event.before, event.after["version"]) == (
        {"value": 2, "reason": "awal", "version": 1},
        2,
    )


# --- views -------------------------------------------------------------------------------------


def url(world, name):
    return reverse(f"reviews:{name}", args=[world.cycle.pk, world.mantrijeron.pk, "1.1"])


def test_consensus_form_posted_twice_from_the_same_page_second_is_refused(world, team, scoring):
    chair = team_client(team.chair_user)
    organiser = team_client(world.organiser)

    first = chair.post(
        url(world, "consensus_set"), {"value": "4", "reason": "Ketua", "version": "0"}
    )
    second = organiser.post(
        url(world, "consensus_set"), {"value": "1", "reason": "Formulir lama", "version": "0"}
    )

    stored = Consensus.objects.select_related("decided_by").get()
    assert first.status_code == 302
    assert second.status_code == 409
    assert (stored.value, stored.reason) == (4, "Ketua")
    with translation.override("en"):
        expected = conflict_text(world, stored)
    html = second.content.decode()
    # The message is tied to the reason input (aria-describedby names its id).
    error = re.search(rf'role="alert" id="([\w-]+-error)">{re.escape(expected)}</div>', html)
    assert error and f'aria-describedby="{error.group(1)}"' in html
    # The refused form now carries the stored version: saving again is a deliberate choice.
    assert '<input type="hidden" name="version" value="1">' in html


def test_consensus_clear_from_a_stale_page_is_refused_with_the_message(world, team, scoring):
    set_value(world, team.chair_user, 2, "awal", 0)
    set_value(world, team.chair_user, 4, "Keputusan ketua", 1)

    response = team_client(world.organiser).post(url(world, "consensus_clear"), {"version": "1"})

    stored = Consensus.objects.select_related("decided_by").get()
    assert stored.value == 4
    assert response.status_code == 302
    with translation.override("en"):
        expected = conflict_text(world, stored)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [expected]


@pytest.mark.parametrize("version", ["", "x", "-1", "²", "1" * 20])
def test_consensus_set_without_a_sound_version_is_refused(world, team, scoring, version):
    response = team_client(team.chair_user).post(
        url(world, "consensus_set"), {"value": "4", "reason": "Ketua", "version": version}
    )

    assert response.status_code == 400
    assert "This page is out of date. Reload it and save again." in response.content.decode()
    assert Consensus.objects.count() == 0


def test_plenary_page_forms_send_the_stored_version(world, team, scoring):
    set_value(world, team.chair_user, 2, "awal", 0)
    set_value(world, team.chair_user, 3, "dua", 1)

    response = team_client(team.chair_user).get(
        reverse("reviews:plenary_participant", args=[world.cycle.pk, world.mantrijeron.pk])
    )

    assert response.content.decode().count('<input type="hidden" name="version" value="2">') == 2


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(version=st.text(max_size=30) | st.integers().map(str))
def test_consensus_forms_with_any_posted_version_never_fail(world, team, scoring, version):
    chair = team_client(team.chair_user)

    set_response = chair.post(
        url(world, "consensus_set"), {"value": "4", "reason": "Ketua", "version": version}
    )
    clear_response = chair.post(url(world, "consensus_clear"), {"version": version})

    assert set_response.status_code in (302, 400, 409)
    # A NUL in any request value is refused before the view (common.limits).
    assert clear_response.status_code == (400 if "\x00" in version else 302)
