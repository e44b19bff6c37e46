"""The REST API: tokens (shown once, stored hashed, revocable, audited), the web's rights and
tenant scope (404 for what the caller may not see), live results for the team and the announced
snapshot with an ETag for everyone else, published IKM, jobs, RFC 9457 errors, the OpenAPI
document."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from kinerja.api.models import ApiToken
from kinerja.api.services import create_token, revoke_token
from kinerja.audit.models import AuditEvent
from kinerja.results import services as results
from kinerja.results.compute import recompute_cycle
from kinerja.units.models import Region, Unit

DECREE = {
    "decree_number": "100/1/2025",
    "decree_date": dt.date(2025, 11, 3),
    "signatory_name": "Wali Kota",
    "signatory_position": "Wali Kota",
}


def _client(raw: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.fixture
def token(organiser):
    return create_token(by=organiser, name="Sistem provinsi", scope="read")


def test_a_token_is_shown_once_kept_hashed_and_audited(token, organiser):
    stored, raw = token
    assert raw.startswith("knj_") and len(raw) > 40
    assert stored.digest == ApiToken.digest_of(raw) and raw not in stored.digest
    assert stored.lead == raw[:12]
    event = AuditEvent.objects.get(action="api_token.create")
    assert raw not in str(event.after)


def test_the_api_needs_a_valid_token_and_answers_problems(db, token):
    url = reverse("api:cycles")
    anonymous = Client().get(url)
    assert anonymous.status_code == 401
    assert anonymous["Content-Type"] == "application/problem+json"
    assert anonymous.json()["status"] == 401 and anonymous["WWW-Authenticate"] == "Bearer"
    assert _client("knj_wrong").get(url).status_code == 401
    assert _client(token[1]).get(url).status_code == 200


def test_a_revoked_token_is_refused(token, organiser):
    stored, raw = token
    revoke_token(stored, by=organiser)
    assert _client(raw).get(reverse("api:cycles")).status_code == 401
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1


def test_cycles_are_the_callers_own_government_only(pekppp_cycle, token, make_user):
    cycle = pekppp_cycle[0]
    mine = _client(token[1]).get(reverse("api:cycles")).json()
    assert [c["id"] for c in mine["results"]] == [cycle.pk]
    assert mine["results"][0]["instrument"] == "pekppp@2023.1"
    # Another government's organiser: the list is empty and the cycle is 404, as on the web.
    region = Region.objects.create(code="35", name="Provinsi Jawa Timur", kind="provinsi")
    body = Unit.objects.create(kind="pemda", name="Pemprov Jatim", region=region)
    other = make_user("organiser.jatim", organiser_of=body)
    _, raw = create_token(by=other, name="Jatim", scope="read")
    assert _client(raw).get(reverse("api:cycles")).json()["results"] == []
    refused = _client(raw).get(reverse("api:cycle", kwargs={"cycle_id": cycle.pk}))
    assert refused.status_code == 404 and refused.json()["title"] == "Not Found"


def test_results_live_for_the_team_and_the_announced_snapshot_for_others(
    pekppp_cycle, token, organiser, make_user
):
    cycle = pekppp_cycle[0]
    recompute_cycle(cycle)
    url = reverse("api:results", kwargs={"cycle_id": cycle.pk})
    live = _client(token[1]).get(url).json()
    assert live["source"] == "live" and len(live["rows"]) == 4
    _, stranger = create_token(by=make_user("warga"), name="Warga", scope="read")
    assert _client(stranger).get(url).status_code == 404  # not announced yet
    determination = results.determine(cycle, by=organiser, override_reason="uji", **DECREE)
    results.publish(cycle, by=organiser)
    announced = _client(stranger).get(url)
    assert announced.status_code == 200
    body = announced.json()
    assert body["source"] == "announced" and body["sha256"] == determination.sha256
    assert announced["ETag"] == f'"{determination.sha256}"'
    again = _client(stranger).get(url, headers={"If-None-Match": announced["ETag"]})
    assert again.status_code == 304


def test_published_ikm_and_a_jobs_state(db, token, organiser, kemantren):
    from kinerja.instruments.queries import find_version
    from kinerja.jobs.models import Job
    from kinerja.surveys import services as surveys

    survey = surveys.open_survey(
        unit=kemantren,
        instrument_version=find_version("skm"),
        year=2026,
        period="s1",
        opens_on=dt.date(2026, 1, 1),
        closes_on=dt.date(2026, 6, 30),
        by=organiser,
    )
    surveys.submit_response(survey, answers=dict.fromkeys(range(1, 10), 4), channel="paper")
    client = _client(token[1])
    assert client.get(reverse("api:ikm", kwargs={"survey_id": survey.pk})).status_code == 404
    surveys.set_published(survey, published=True, by=organiser)
    listed = client.get(reverse("api:ikm_list")).json()["results"]
    assert [(row["id"], row["ikm"], row["band"]) for row in listed] == [(survey.pk, "100.00", "A")]
    detail = client.get(reverse("api:ikm", kwargs={"survey_id": survey.pk})).json()
    assert len(detail["elements"]) == 9 and detail["elements"][0]["nrr"] == "4.000"
    job = Job.objects.create(kind="recompute", label="Hitung", started_by=organiser)
    assert client.get(reverse("api:job", kwargs={"job_id": job.pk})).json()["status"] == "queued"
    _, other = create_token(by=kemantren_people(kemantren), name="Lain", scope="read")
    assert _client(other).get(reverse("api:job", kwargs={"job_id": job.pk})).status_code == 404


def kemantren_people(kemantren):
    from kinerja.accounts.models import User

    return User.objects.create(username="orang.lain")


def test_the_openapi_document_and_the_docs_are_served_locally(db, organiser):
    client = Client()
    client.force_login(organiser)
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert "/api/v1/cycles/{cycle_id}/results" in document["paths"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower() and b"swagger-ui-bundle.js" in docs.content


def test_the_token_page_creates_shows_once_and_revokes(client, organiser):
    client.force_login(organiser)
    url = reverse("api_tokens:list")
    made = client.post(url, {"name": "Kios", "scope": "read"})
    raw = made.context["raw"]
    assert raw.encode() in made.content
    assert raw.encode() not in client.get(url).content  # shown only once
    token = ApiToken.objects.get(user=organiser)
    assert client.post(url, {"revoke": "1", "token": str(token.pk)}).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.post(url, {"name": "", "scope": "x"}).status_code == 400


def _kiosk_survey(kemantren, organiser, *, open_now=True):
    from django.utils import timezone

    from kinerja.instruments.queries import find_version
    from kinerja.surveys import services as surveys

    today = timezone.localdate()
    start = today - dt.timedelta(days=3) if open_now else today - dt.timedelta(days=30)
    return surveys.open_survey(
        unit=kemantren,
        instrument_version=find_version("skm"),
        year=today.year,
        period="s1",
        opens_on=start,
        closes_on=start + dt.timedelta(days=10 if open_now else 5),
        by=organiser,
    )


def test_a_kiosk_posts_answers_with_a_read_write_token(db, organiser, kemantren, make_user):
    survey = _kiosk_survey(kemantren, organiser)
    url = reverse("api:survey_responses", kwargs={"survey_id": survey.pk})
    body = {"answers": {str(n): 4 for n in range(1, 10)}, "sex": "p", "age": 30}
    _, write = create_token(by=organiser, name="Kios loket", scope="write")
    sent = _client(write).post(url, body, content_type="application/json")
    assert sent.status_code == 201 and sent.json()["respondents"] == 1
    from kinerja.surveys.models import Response

    response = Response.objects.get(survey=survey)
    assert (response.channel, response.sex, response.age, response.device) == ("kiosk", "p", 30, "")
    # A read-only token may not write; a stranger does not see the survey.
    _, read = create_token(by=organiser, name="Baca", scope="read")
    refused = _client(read).post(url, body, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["status"] == 403
    _, stranger = create_token(by=make_user("warga"), name="Warga", scope="write")
    assert _client(stranger).post(url, body, content_type="application/json").status_code == 404
    bad = _client(write).post(url, {"answers": {"1": 7}}, content_type="application/json")
    assert bad.status_code == 409 and Response.objects.count() == 1


def test_a_closed_survey_refuses_the_kiosk(db, organiser, kemantren):
    survey = _kiosk_survey(kemantren, organiser, open_now=False)
    _, write = create_token(by=organiser, name="Kios", scope="write")
    sent = _client(write).post(
        reverse("api:survey_responses", kwargs={"survey_id": survey.pk}),
        {"answers": {"1": 4}},
        content_type="application/json",
    )
    assert sent.status_code == 409


def test_a_token_is_limited_per_minute(db, token, settings):
    import time_machine

    settings.KINERJA_API_RATE = 2
    client = _client(token[1])
    url = reverse("api:cycles")
    with time_machine.travel(dt.datetime(2026, 12, 7, 10, 0, 30, tzinfo=dt.UTC), tick=False):
        assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
        assert client.get(url).json()["status"] == 429
    with time_machine.travel(dt.datetime(2026, 12, 7, 10, 1, 30, tzinfo=dt.UTC), tick=False):
        assert client.get(url).status_code == 200  # the next minute


def test_participants_stages_and_the_innovation_catalogue(pekppp_cycle, token, make_user):
    cycle = pekppp_cycle[0]
    client = _client(token[1])
    people = client.get(reverse("api:participants", kwargs={"cycle_id": cycle.pk})).json()
    assert len(people["results"]) == 4 and people["results"][0]["region"]
    stages = client.get(reverse("api:stages", kwargs={"cycle_id": cycle.pk})).json()
    assert [s["order"] for s in stages] == sorted(s["order"] for s in stages) and stages
    _, stranger = create_token(by=make_user("warga"), name="Warga", scope="read")
    assert (
        _client(stranger).get(reverse("api:stages", kwargs={"cycle_id": cycle.pk})).status_code
        == 404
    )
    assert client.get(reverse("api:innovations")).json()["results"] == []


def test_a_form_encoded_or_nul_body_is_refused_not_an_error(db, organiser, kemantren):
    survey = _kiosk_survey(kemantren, organiser)
    url = reverse("api:survey_responses", kwargs={"survey_id": survey.pk})
    _, write = create_token(by=organiser, name="Kios", scope="write")
    client = _client(write)
    assert client.post(url, {"answers": "x"}).status_code == 422  # multipart, not JSON
    nul = {"answers": {"1": 4}, "suggestion": "a\x00b"}
    assert client.post(url, nul, content_type="application/json").status_code == 422
