"""F01 answers are locked optimistically (issue 11): of two saves from the same loaded revision
the second is refused with the stored answer in its message, and the first is kept."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinerja.assessments import services
from kinerja.assessments.models import Answer
from kinerja.assessments.queries import scope_for
from kinerja.assessments.services import AnswerConflict
from kinerja.audit.models import AuditEvent
from kinerja.cycles.gates import local_time_text

from .test_views import client_as, messages_of


def save(world, by, *, narrative, expected, value="3", ref="1.1"):
    return services.save_answer(
        world.mantrijeron, ref, value=value, narrative=narrative, by=by, expected_version=expected
    )


def conflict_text(world, answer: Answer) -> str:
    return (
        f"This answer was changed by {answer.updated_by} on "
        f"{local_time_text(answer.updated_at, world.cycle.time_zone)} after you opened the page. "
        f"Your input was not saved. Stored now: {answer.value}; explanation: "
        f"{answer.narrative}. Reload the page to compare and save again."
    )


# --- service ---------------------------------------------------------------------------------


def test_save_answer_same_loaded_revision_twice_second_is_refused_and_first_kept(world):
    save(world, world.operator_a, narrative="awal", expected=0)  # revision 1, open on two screens
    save(world, world.operator_a, narrative="Teks operator", expected=1)

    with translation.override("en"), pytest.raises(AnswerConflict) as refused:
        save(world, world.head_a, value="2", narrative="Teks kepala", expected=1)

    stored = Answer.objects.select_related("updated_by").get()
    assert (stored.value, stored.narrative, stored.revision) == (3, "Teks operator", 2)
    assert stored.updated_by == world.operator_a
    assert refused.value.code == "conflict"
    assert refused.value.current == stored
    with translation.override("en"):
        assert refused.value.messages == [conflict_text(world, stored)]
    assert AuditEvent.objects.filter(action="answer.save").count() == 2


def test_save_answer_two_first_saves_second_is_a_conflict(world):
    save(world, world.operator_a, narrative="operator", expected=0)

    with pytest.raises(AnswerConflict) as refused:
        save(world, world.head_a, narrative="kepala", expected=0)

    assert refused.value.current.narrative == "operator"
    assert Answer.objects.get().narrative == "operator"


def test_save_answer_expecting_an_answer_that_is_not_there_is_a_conflict(world):
    with translation.override("en"), pytest.raises(AnswerConflict) as refused:
        save(world, world.operator_a, narrative="x", expected=3)

    assert refused.value.messages == [
        "This answer changed after you opened the page; your input was not saved. "
        "Reload the page and try again."
    ]
    assert Answer.objects.count() == 0


def test_save_answer_from_the_current_revision_wins_and_bumps_it(world):
    save(world, world.operator_a, narrative="awal", expected=0)

    answer = save(world, world.head_a, narrative="kepala", expected=1)

    assert (answer.revision, answer.narrative, answer.updated_by) == (2, "kepala", world.head_a)
    assert Answer.objects.get().revision == 2


def test_save_answer_saving_what_is_stored_is_no_conflict_and_writes_nothing(world):
    save(world, world.operator_a, narrative="awal", expected=0)
    save(world, world.operator_a, narrative="dua", expected=1)

    answer = save(world, world.head_a, narrative="dua", expected=1)

    assert answer.revision == 2
    assert AuditEvent.objects.filter(action="answer.save").count() == 2


def test_save_answer_update_is_one_conditional_update_on_the_revision(world):
    save(world, world.operator_a, narrative="awal", expected=0)

    with CaptureQueriesContext(connection) as queries:
        save(world, world.operator_a, narrative="baru", expected=1)

    updates = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('UPDATE "assessments_answer"')
    ]
    assert len(updates) == 1
    assert '"revision" = 1' in updates[0].split("WHERE", 1)[1]
    assert '"revision" = ("assessments_answer"."revision" + 1)' in updates[0]


# --- view (the autosave) -----------------------------------------------------------------------


def autosave(world, user, *, narrative, version):
    return client_as(user, language="en").post(
        reverse("assessments:save_answer", args=[world.mantrijeron.pk, "1.1"]),
        {"value": "3", "narrative": narrative, "version": str(version)},
        HTTP_HX_REQUEST="true",
    )


def test_autosave_same_loaded_version_twice_second_is_refused_with_the_stored_text(world):
    first = autosave(world, world.operator_a, narrative="Teks operator", version=0)

    second = autosave(world, world.head_a, narrative="Teks kepala", version=0)

    stored = Answer.objects.select_related("updated_by").get()
    assert (stored.narrative, stored.revision) == ("Teks operator", 1)
    assert "Saved " in first.content.decode()
    html = second.content.decode()
    with translation.override("en"):
        expected = conflict_text(world, stored)
    assert f'<span class="text-danger" role="alert">{expected}</span>' in html
    assert "Saved " not in html
    assert second["HX-Reswap"] == "innerHTML"


def test_autosave_response_carries_the_new_version_for_the_next_save(world):
    response = autosave(world, world.operator_a, narrative="satu", version=0)

    html = response.content.decode()
    dom_id = scope_for(world.cycle).dom_ids["1.1"]
    assert (
        f'<input type="hidden" name="version" id="{dom_id}-version" value="1" hx-swap-oob="true">'
        in html
    )
    followed = autosave(world, world.operator_a, narrative="dua", version=1)
    assert "Saved " in followed.content.decode()
    assert Answer.objects.get().narrative == "dua"


def test_f01_page_form_sends_the_loaded_revision(world):
    save(world, world.operator_a, narrative="awal", expected=0)
    save(world, world.operator_a, narrative="lagi", expected=1)

    response = client_as(world.operator_a).get(
        reverse("assessments:f01", args=[world.mantrijeron.pk])
    )

    dom_id = scope_for(world.cycle).dom_ids["1.1"]
    assert (
        f'<input type="hidden" name="version" id="{dom_id}-version" value="2">'
        in response.content.decode()
    )


def test_autosave_without_a_version_is_refused_and_saves_nothing(world):
    response = client_as(world.operator_a, language="en").post(
        reverse("assessments:save_answer", args=[world.mantrijeron.pk, "1.1"]),
        {"value": "3", "narrative": "tanpa versi"},
        HTTP_HX_REQUEST="true",
    )

    assert "This page is out of date. Reload it and save again." in response.content.decode()
    assert Answer.objects.count() == 0


def test_plain_form_save_from_a_stale_page_is_refused_with_the_message(world):
    save(world, world.operator_a, narrative="Teks operator", expected=0)

    response = client_as(world.head_a, language="en").post(
        reverse("assessments:save_answer", args=[world.mantrijeron.pk, "1.1"]),
        {"value": "2", "narrative": "Teks kepala", "version": "0"},
    )

    stored = Answer.objects.select_related("updated_by").get()
    assert stored.narrative == "Teks operator"
    assert response.status_code == 302
    with translation.override("en"):
        expected = conflict_text(world, stored)
    assert messages_of(response) == [expected]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(version=st.text(max_size=30) | st.integers().map(str), narrative=st.text(max_size=50))
def test_autosave_with_any_posted_version_never_fails(world, version, narrative):
    response = client_as(world.operator_a).post(
        reverse("assessments:save_answer", args=[world.mantrijeron.pk, "1.1"]),
        {"value": "3", "narrative": narrative, "version": version},
        HTTP_HX_REQUEST="true",
    )

    # A NUL in any request value is refused before the view (common.limits).
    assert response.status_code == (400 if "\x00" in version + narrative else 200)
