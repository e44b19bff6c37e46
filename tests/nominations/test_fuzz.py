"""The competition forms (nominations, who goes on) under generated values: never a 500 and
nothing half-written (the fuzz test of tests/common covers the EKK world, which has neither)."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinerja.results.compute import recompute_cycle

from ..common.test_fuzz import VALUES
from ..results.conftest import skk_cycle  # noqa: F401 -- fixture
from .test_nominations import jatim, skk  # noqa: F401 -- fixtures

FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(data=st.data())
def test_the_nominations_page_never_answers_500(skk, jatim, client, data):  # noqa: F811
    _cycle, invitation = skk
    url = reverse("nominations:list", kwargs={"cycle_id": invitation.cycle_id})
    user = data.draw(st.sampled_from([jatim["batu"], jatim["province"], jatim["malang"]]))
    client.force_login(user)
    action = data.draw(
        st.sampled_from(["nominate", "accept", "accept_all", "refuse", "withdraw", "other"])
    )
    fields = {
        action: data.draw(st.one_of(st.just(str(invitation.pk)), VALUES)),
        "nomination": data.draw(VALUES),
        "reason": data.draw(VALUES),
        f"i{invitation.pk}-unit": data.draw(
            st.one_of(st.just(str(jatim["kecamatan"]["Batu"].pk)), VALUES)
        ),
        f"i{invitation.pk}-note": data.draw(VALUES),
    }

    if data.draw(st.booleans()):  # one government's nominations only
        fields["invitation"] = data.draw(st.one_of(st.just(str(invitation.pk)), VALUES))

    response = client.post(url, fields)

    assert response.status_code in (200, 302, 400, 404)


@pytest.fixture
def computed_skk(skk_cycle):  # noqa: F811
    cycle, participants = skk_cycle
    recompute_cycle(cycle)
    return cycle, participants


@FUZZ
@given(data=st.data())
def test_the_rounds_page_never_answers_500(computed_skk, organiser, client, data):
    cycle, participants = computed_skk
    client.force_login(organiser)
    url = reverse("results:rounds", kwargs={"cycle_id": cycle.pk})
    ids = [str(p.pk) for p in participants.values()]
    fields = {
        data.draw(
            st.sampled_from(["decide", "reopen", "round_panel", "assign_round", "other"])
        ): data.draw(st.one_of(st.sampled_from(["tahap-2", "tahap-3"]), VALUES)),
        "panel": data.draw(VALUES),
        "going_on": data.draw(st.lists(st.one_of(st.sampled_from(ids), VALUES), max_size=4)),
        "reason": data.draw(VALUES),
    }

    response = client.post(url, fields)

    assert response.status_code in (200, 302, 400, 404)
