"""A large cycle's team rekap as a job (issue 16): the ranking page's button starts it, a worker
writes the workbook to storage, the job's page links to it, and the team downloads it from there.
"""

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from kinerja.jobs import services as jobs
from kinerja.jobs.models import Job
from kinerja.results import services
from kinerja.results.exports import rekap_path
from kinerja.results.models import Determination

from .test_rekap import DECREE, data_rows, download, info, read
from .test_rekap import scored as scored
from .test_snapshot_integrity import tamper


@pytest.fixture
def large(scored, settings):
    """The four-participant cycle, taken as large (above the export threshold)."""
    settings.KINERJA_EXPORT_AS_JOB_ABOVE = 3
    return scored


def urls(cycle, job=None) -> dict[str, str]:
    c = cycle.pk
    found = {
        "ranking": reverse("results:ranking", kwargs={"cycle_id": c}),
        "rekap": reverse("results:rekap", kwargs={"cycle_id": c}),
    }
    if job is not None:
        found["file"] = reverse("results:rekap_file", kwargs={"cycle_id": c, "job_id": job.pk})
    return found


def test_small_cycle_ranking_links_the_download(client, scored, organiser):
    cycle = scored[0]
    client.force_login(organiser)

    html = client.get(urls(cycle)["ranking"]).content.decode()

    assert f'href="{urls(cycle)["rekap"]}"' in html
    assert 'data-testid="prepare-rekap"' not in html


def test_large_cycle_get_sends_back_to_the_ranking_and_starts_nothing(client, large, organiser):
    cycle = large[0]
    client.force_login(organiser)

    response = client.get(urls(cycle)["rekap"], follow=True)

    assert response.redirect_chain == [(urls(cycle)["ranking"], 302)]
    html = response.content.decode()
    assert 'data-testid="prepare-rekap"' in html
    assert "prepared in the background" in html or "disiapkan di latar belakang" in html
    assert not Job.objects.filter(kind="rekap").exists()


def test_rekap_job_writes_the_live_workbook_to_storage(client, large, settings):
    cycle, participants, team = large
    client.force_login(team[0].user)  # an evaluator of the team, like the ranking
    settings.KINERJA_EXPORT_AS_JOB_ABOVE = 100
    in_request = data_rows(download(client, urls(cycle)["rekap"]))
    settings.KINERJA_EXPORT_AS_JOB_ABOVE = 3

    started = client.post(urls(cycle)["rekap"])

    job = Job.objects.get(kind="rekap", cycle=cycle)
    assert started["Location"] == reverse("jobs:detail", kwargs={"job_id": job.pk})
    assert (job.status, job.started_by, job.params) == (
        "done",
        team[0].user,
        {"determination": None},
    )
    assert job.result_url == urls(cycle, job)["file"]
    assert default_storage.exists(rekap_path(job))
    assert job.result_url in client.get(started["Location"]).content.decode()
    served = client.get(job.result_url)
    assert served["Content-Disposition"] == f'attachment; filename="rekap-{cycle.pk}-langsung.xlsx"'
    sheets = read(b"".join(served.streaming_content))
    assert len(sheets[0]) == 1 + len(participants)
    assert data_rows(sheets) == in_request
    default_storage.delete(rekap_path(job))


def test_rekap_job_of_a_determination_holds_its_snapshot(client, large, organiser, settings):
    cycle = large[0]
    determination = services.determine(cycle, by=organiser, **DECREE)
    client.force_login(organiser)
    settings.KINERJA_EXPORT_AS_JOB_ABOVE = 100
    in_request = data_rows(download(client, urls(cycle)["rekap"]))
    settings.KINERJA_EXPORT_AS_JOB_ABOVE = 3

    client.post(urls(cycle)["rekap"])
    client.post(urls(cycle)["rekap"], {"sumber": "langsung"})

    frozen, live = Job.objects.filter(kind="rekap", cycle=cycle).order_by("pk")
    assert frozen.params == {"determination": determination.pk}
    assert live.params == {"determination": None}
    served = client.get(frozen.result_url)
    name = f'attachment; filename="rekap-{cycle.pk}-penetapan-{determination.version}.xlsx"'
    assert served["Content-Disposition"] == name
    sheets = read(b"".join(served.streaming_content))
    assert data_rows(sheets) == in_request
    assert determination.sha256 in info(sheets)
    assert client.get(live.result_url)["Content-Disposition"].endswith('langsung.xlsx"')
    for job in (frozen, live):
        default_storage.delete(rekap_path(job))


def test_altered_snapshot_is_refused_in_the_request_and_in_the_job(client, large, organiser):
    cycle = large[0]
    determination = services.determine(cycle, by=organiser, **DECREE)
    client.force_login(organiser)
    queued = Job.objects.create(
        kind="rekap", label="x", cycle=cycle, params={"determination": determination.pk}
    )
    tamper(determination)

    refused = client.post(urls(cycle)["rekap"])
    status = jobs.run(queued.pk)

    assert refused.status_code == 409
    assert not Job.objects.filter(kind="rekap").exclude(pk=queued.pk).exists()
    queued.refresh_from_db()
    assert (status, queued.attempts, queued.result_url) == ("failed", 1, "")
    assert str(determination.version) in queued.message
    assert not default_storage.exists(rekap_path(queued))


def test_rekap_file_only_for_the_team_and_only_a_finished_rekap_of_the_cycle(
    client, large, organiser, make_user
):
    cycle, _participants, team = large
    client.force_login(organiser)
    client.post(urls(cycle)["rekap"])
    job = Job.objects.get(kind="rekap", cycle=cycle)
    url = urls(cycle, job)["file"]
    other = Job.objects.create(kind="recompute", label="x", cycle=cycle, status="done")
    running = Job.objects.create(kind="rekap", label="y", cycle=cycle, status="running")

    def status(user, target=url) -> int:
        viewer = Client()
        if user is not None:
            viewer.force_login(user)
        return viewer.get(target).status_code

    assert status(organiser) == 200
    assert status(team[1].user) == 200
    assert status(make_user("stranger")) == 404
    assert status(None) == 302  # the login page
    assert status(organiser, urls(cycle, other)["file"]) == 404
    assert status(organiser, urls(cycle, running)["file"]) == 404
    wrong_cycle = reverse(
        "results:rekap_file", kwargs={"cycle_id": cycle.pk + 999, "job_id": job.pk}
    )
    assert status(organiser, wrong_cycle) == 404
    assert Client().post(url).status_code == 302  # the login page
    assert client.post(url).status_code == 404  # the organiser: GET only
    default_storage.delete(rekap_path(job))
    assert status(organiser) == 404  # no longer kept


def test_post_refused_to_those_who_may_not_see_the_ranking(client, large, make_user):
    cycle = large[0]
    client.force_login(make_user("stranger"))

    assert client.post(urls(cycle)["rekap"]).status_code == 404
    assert not Job.objects.filter(kind="rekap").exists()
    assert Determination.objects.count() == 0
