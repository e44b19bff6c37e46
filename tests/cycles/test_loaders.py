"""The cycle and participant loaders every cycle-scoped page uses (cycles/loaders.py): the URL's
object read once, an unknown id and a refusal the same 404, anonymous visitors sent to log in."""

from __future__ import annotations

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.views import View

from kinerja.cycles.loaders import CycleMixin, ParticipantMixin
from kinerja.cycles.models import Cycle
from kinerja.cycles.queries import cycles_for, with_counts
from kinerja.cycles.rules import is_participant_member
from kinerja.cycles.services.conflicts import declare_conflict

pytestmark = pytest.mark.django_db

PARTICIPANT_PERMISSION = "tests.see_participant"


class CyclePage(CycleMixin, View):
    permission_required = "cycles.manage"

    def get(self, request, cycle_id: int):
        # Asked twice, read once.
        return HttpResponse(f"{self.get_cycle().name} · {self.get_cycle().instrument_version}")


class RefusingCyclePage(CyclePage):
    """A page whose service refuses the actor after the view's own check let them in."""

    def get(self, request, cycle_id: int):
        raise PermissionDenied


class ParticipantPage(ParticipantMixin, View):
    permission_required = PARTICIPANT_PERMISSION

    def get(self, request, participant_id: int):
        participant = self.get_participant()
        return HttpResponse(f"{participant.unit.region} · {self.get_participant().cycle}")


@pytest.fixture
def participant_permission():
    rules.add_perm(PARTICIPANT_PERMISSION, is_participant_member)
    yield
    rules.remove_perm(PARTICIPANT_PERMISSION)


def get(view, user, **kwargs):
    request = RequestFactory().get("/")
    request.user = user
    return view.as_view()(request, **kwargs)


def cycle_reads(queries) -> list[str]:
    return [q["sql"] for q in queries if 'FROM "cycles_cycle"' in q["sql"]]


def test_cycle_loader_serves_the_cycle_to_its_organiser(cycle, organiser):
    response = get(CyclePage, organiser, cycle_id=cycle.pk)

    assert response.status_code == 200
    assert response.content.decode() == f"EKK 2025 · {cycle.instrument_version}"


def test_cycle_loader_unknown_id_is_404(cycle, organiser):
    with pytest.raises(Http404):
        get(CyclePage, organiser, cycle_id=cycle.pk + 999)


def test_cycle_loader_refused_is_404(cycle, people):
    with pytest.raises(Http404):
        get(CyclePage, people["operator_a"], cycle_id=cycle.pk)


def test_cycle_loader_refusal_inside_the_view_is_404(cycle, organiser):
    with pytest.raises(Http404):
        get(RefusingCyclePage, organiser, cycle_id=cycle.pk)


def test_cycle_loader_anonymous_is_sent_to_log_in(cycle):
    response = get(CyclePage, AnonymousUser(), cycle_id=cycle.pk)

    assert response.status_code == 302
    assert "/akun/masuk/" in response["Location"]


def test_cycle_loader_reads_the_cycle_in_one_query(cycle, organiser):
    with CaptureQueriesContext(connection) as queries:
        get(CyclePage, organiser, cycle_id=cycle.pk)

    assert len(cycle_reads(queries)) == 1


def test_participant_loader_serves_the_participant_to_its_member(people, participant_permission):
    participant = people["participant_a"]

    response = get(ParticipantPage, people["operator_a"], participant_id=participant.pk)

    assert response.status_code == 200
    assert response.content.decode() == "Kota Yogyakarta · EKK 2025"


def test_participant_loader_unknown_id_is_404(people, participant_permission):
    with pytest.raises(Http404):
        get(ParticipantPage, people["operator_a"], participant_id=people["participant_b"].pk + 999)


def test_participant_loader_refused_is_404(people, participant_permission):
    # Operator A works for Mantrijeron, not for Kraton.
    with pytest.raises(Http404):
        get(ParticipantPage, people["operator_a"], participant_id=people["participant_b"].pk)


def test_participant_loader_reads_participant_and_cycle_in_one_query(
    people, participant_permission
):
    participant = people["participant_a"]

    with CaptureQueriesContext(connection) as queries:
        get(ParticipantPage, people["operator_a"], participant_id=participant.pk)

    reads = [q["sql"] for q in queries if 'FROM "cycles_participant"' in q["sql"]]
    assert len(reads) == 1
    assert cycle_reads(queries) == []  # the cycle came with the participant


def test_cycle_tabs_count_each_relation_once(cycle, people, organiser):
    # 3 participants, 2 team members, 1 assignment, 1 declared conflict, each counted by its own
    # subquery (joined, the relations multiplied each other's rows before DISTINCT undid it).
    outsider = cycle.team.get(user=people["outsider"])
    declare_conflict(outsider, people["participant_b"], reason="Saudara kandung", by=organiser)

    counted = with_counts(Cycle.objects.filter(pk=cycle.pk)).get()
    listed = cycles_for(organiser).get(pk=cycle.pk)

    assert (counted.participant_count, counted.team_count) == (3, 2)
    assert (counted.assignment_count, counted.open_conflicts) == (1, 1)
    assert (listed.participant_count, listed.team_count) == (3, 2)
