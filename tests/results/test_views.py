import pytest
from django.urls import reverse

from kinerja.results.compute import recompute_cycle
from kinerja.results.models import Result

from .conftest import all_refs, put


def test_ranking_page_permissions_and_order(client, pekppp_cycle, organiser, make_user):
    cycle, participants, team = pekppp_cycle
    for ref in all_refs(cycle):
        put(participants[1], team[0], ref, 5)
    recompute_cycle(cycle)
    url = reverse("results:ranking", kwargs={"cycle_id": cycle.pk})

    assert client.get(url).status_code == 302
    client.force_login(make_user("stranger"))
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    client.force_login(team[0].user)
    member_view = client.get(url)
    assert member_view.status_code == 200
    assert member_view.context["can_recompute"] is False
    client.force_login(organiser)
    response = client.get(url)

    rows = list(response.context["page"])
    assert rows[0].participant == participants[1]
    assert (rows[0].rank, rows[0].display, rows[0].grade_code) == (1, "5.00", "A")
    assert [r.rank for r in rows] == [1, 2, 2, 2]


def test_ranking_recompute_button_runs_a_job(client, pekppp_cycle, organiser):
    from kinerja.jobs.models import Job

    cycle, _participants, _team = pekppp_cycle
    client.force_login(organiser)

    response = client.post(reverse("results:ranking", kwargs={"cycle_id": cycle.pk}))

    job = Job.objects.get(kind="recompute", cycle=cycle)
    assert response["Location"] == reverse("jobs:detail", kwargs={"job_id": job.pk})
    assert (job.status, job.started_by, job.done, job.total) == ("done", organiser, 4, 4)
    assert Result.objects.filter(cycle=cycle).count() == 4
    page = client.get(response["Location"])
    assert b'data-testid="job-result"' in page.content and b'data-status="done"' in page.content


@pytest.mark.parametrize("extra", [0, 40])
def test_ranking_page_query_count_constant(
    client, pekppp_cycle, organiser, django_assert_max_num_queries, extra
):
    from kinerja.cycles import services
    from kinerja.units.models import Unit

    cycle, participants, _team = pekppp_cycle
    if extra:
        units = Unit.objects.bulk_create(
            Unit(kind="ukpd", name=f"Tambahan {i}", region=participants[0].unit.region)
            for i in range(extra)
        )
        services.add_participants(cycle, units, by=organiser)
    recompute_cycle(cycle)
    client.force_login(organiser)

    with django_assert_max_num_queries(11):
        client.get(reverse("results:ranking", kwargs={"cycle_id": cycle.pk}))
