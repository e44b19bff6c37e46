import datetime as dt
import hashlib
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from kinerja.audit.models import AuditEvent
from kinerja.cycles.models import ParticipantMember
from kinerja.minutes.models import Recommendation
from kinerja.results import services
from kinerja.results.compute import recompute_cycle
from kinerja.results.models import Announcement, Determination, Result

from .conftest import all_refs, put

DECREE = {
    "decree_number": "100.3.3.3/123/2025",
    "decree_date": dt.date(2025, 11, 3),
    "signatory_name": "Budi Prasetyo",
    "signatory_position": "Wali Kota Yogyakarta",
}


@pytest.fixture
def scored(pekppp_cycle):
    cycle, participants, team = pekppp_cycle
    refs = all_refs(cycle)
    for index, ref in enumerate(refs):
        put(participants[1], team[0], ref, 5)
        put(participants[0], team[0], ref, 3 if index % 2 else 4)
    recompute_cycle(cycle)
    return cycle, participants, team


def test_determine_hash_is_sha256_of_canonical_snapshot(scored, organiser):
    cycle, participants, _team = scored

    determination = services.determine(cycle, by=organiser, **DECREE)

    text = json.dumps(
        determination.snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    assert determination.sha256 == hashlib.sha256(text.encode()).hexdigest()
    assert determination.version == 1
    assert [r["unit"] for r in determination.snapshot][:2] == ["UKPD 1", "UKPD 0"]
    assert determination.snapshot[0]["rank"] == 1
    assert determination.snapshot[0]["participant_id"] == participants[1].pk
    assert AuditEvent.objects.filter(action="determination.create").count() == 1


def test_determine_twice_refused(scored, organiser):
    cycle, _participants, _team = scored
    services.determine(cycle, by=organiser, **DECREE)

    with pytest.raises(ValidationError):
        services.determine(cycle, by=organiser, **DECREE)

    assert Determination.objects.filter(cycle=cycle).count() == 1


def test_reopen_requires_reason_is_audited_and_next_is_version_2(scored, organiser):
    cycle, _participants, _team = scored
    first = services.determine(cycle, by=organiser, **DECREE)
    with pytest.raises(ValidationError):
        services.reopen_determination(cycle, reason="  ", by=organiser)

    services.reopen_determination(cycle, reason="Sanggah diterima", by=organiser)
    second = services.determine(cycle, by=organiser, **{**DECREE, "decree_number": "B/2"})

    first.refresh_from_db()
    assert first.reopen_reason == "Sanggah diterima"
    assert first.reopened_by == organiser
    assert second.version == 2
    assert [d.version for d in Determination.objects.filter(cycle=cycle)] == [2, 1]
    event = AuditEvent.objects.get(action="determination.reopen")
    assert event.after["reopen_reason"] == "Sanggah diterima"


def _ranking_table(response) -> str:
    # The page differs per request only in its nonce/CSRF token; compare the ranking itself.
    html = response.content.decode()
    return html[html.index('data-testid="public-ranking"') : html.index("</table>")]


def test_snapshot_unchanged_by_later_review_edits(scored, organiser, client):
    cycle, participants, team = scored
    determination = services.determine(cycle, by=organiser, **DECREE)
    services.publish(cycle, by=organiser)
    url = reverse("results:announcement", kwargs={"cycle_id": cycle.pk})
    before_page = _ranking_table(client.get(url))

    for ref in all_refs(cycle):
        put(participants[3], team[1], ref, 5)
    recompute_cycle(cycle)

    determination.refresh_from_db()
    assert services.snapshot_hash(determination.snapshot) == determination.sha256
    live = Result.objects.get(participant=participants[3])
    frozen = next(r for r in determination.snapshot if r["participant_id"] == participants[3].pk)
    assert (live.display, frozen["display"]) == ("5.00", "0.00")
    after = client.get(url)
    assert _ranking_table(after) == before_page
    assert participants[3].unit.name in before_page
    assert after.context["rows"][0]["unit"] == "UKPD 1"  # live results now rank UKPD 3 first


def test_publish_needs_current_determination(scored, organiser):
    cycle, _participants, _team = scored
    with pytest.raises(ValidationError):
        services.publish(cycle, by=organiser)


def test_reopen_withdraws_announcement(scored, organiser, client):
    cycle, _participants, _team = scored
    services.determine(cycle, by=organiser, **DECREE)
    services.publish(cycle, by=organiser)

    services.reopen_determination(cycle, reason="Koreksi", by=organiser)

    url = reverse("results:announcement", kwargs={"cycle_id": cycle.pk})
    assert client.get(url).status_code == 404
    assert AuditEvent.objects.filter(action="announcement.withdraw").count() == 1


def _personas(cycle, participants, team, organiser, make_user):
    member = make_user("operator_unit")
    ParticipantMember.objects.create(participant=participants[0], user=member, role="operator")
    return {
        "anonymous": None,
        "stranger": make_user("stranger"),
        "participant member": member,
        "team member": team[0].user,
        "organiser": organiser,
    }


@pytest.mark.parametrize("published", [False, True])
def test_publication_matrix(client, scored, organiser, make_user, published):
    cycle, participants, team = scored
    services.determine(cycle, by=organiser, **DECREE)
    if published:
        services.publish(cycle, by=organiser)
    kw = {"cycle_id": cycle.pk}
    card = {**kw, "participant_id": participants[0].pk}
    urls = [
        reverse("results:announcement", kwargs=kw),
        reverse("results:report_card", kwargs=card),
        reverse("results:report_card_pdf", kwargs=card),
    ]
    seen = {}
    for name, user in _personas(cycle, participants, team, organiser, make_user).items():
        client.logout()
        if user is not None:
            client.force_login(user)
        seen[name] = [client.get(url).status_code for url in urls]

    insiders = [200, 200, 200]
    outsiders = insiders if published else [404, 404, 404]
    assert seen == {
        "anonymous": outsiders,
        "stranger": outsiders,
        "participant member": outsiders,
        "team member": insiders,
        "organiser": insiders,
    }


def test_public_pages_404_without_determination_even_for_organiser(client, scored, organiser):
    cycle, _participants, _team = scored
    client.force_login(organiser)
    url = reverse("results:announcement", kwargs={"cycle_id": cycle.pk})
    assert client.get(url).status_code == 404


def test_withdrawn_announcement_is_404_again(client, scored, organiser):
    cycle, _participants, _team = scored
    services.determine(cycle, by=organiser, **DECREE)
    services.publish(cycle, by=organiser)
    services.withdraw(cycle, by=organiser)

    url = reverse("results:announcement", kwargs={"cycle_id": cycle.pk})
    assert client.get(url).status_code == 404
    assert client.get(reverse("common:home")).context["published_results"] == []


def test_report_card_web_and_pdf_share_chart(client, scored, organiser):
    cycle, participants, _team = scored
    services.determine(cycle, by=organiser, **DECREE)
    services.publish(cycle, by=organiser)
    kw = {"cycle_id": cycle.pk, "participant_id": participants[1].pk}

    page = client.get(reverse("results:report_card", kwargs=kw))
    pdf = client.get(reverse("results:report_card_pdf", kwargs=kw))

    card = page.context["card"]
    assert page.context["row"]["display"] == "5.00"
    assert page.context["row"]["grade_code"] == "A"
    assert len(card.strengths) <= 2 and card.strengths
    assert all(a.score > a.average for a in card.strengths)
    assert card.weaknesses == []
    assert card.chart_svg.startswith("<svg") and card.chart_svg in page.content.decode()
    assert pdf["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "UKPD 1" in text
    assert "Total 5,00" in text  # the decimal comma of an Indonesian document
    assert "PEMERINTAH KOTA YOGYAKARTA" in text.upper()


def test_report_card_weaknesses_below_average(client, scored, organiser):
    cycle, participants, _team = scored
    services.determine(cycle, by=organiser, **DECREE)
    services.publish(cycle, by=organiser)
    kw = {"cycle_id": cycle.pk, "participant_id": participants[2].pk}

    card = client.get(reverse("results:report_card", kwargs=kw)).context["card"]

    assert 0 < len(card.weaknesses) <= 2
    assert all(a.score < a.average for a in card.weaknesses)
    assert len(card.recommendations) == len(card.weaknesses)


def test_report_card_unknown_participant_404(client, scored, organiser):
    cycle, _participants, _team = scored
    services.determine(cycle, by=organiser, **DECREE)
    services.publish(cycle, by=organiser)
    kw = {"cycle_id": cycle.pk, "participant_id": 999999}
    assert client.get(reverse("results:report_card", kwargs=kw)).status_code == 404


def test_home_lists_published_cycles(client, scored, organiser):
    cycle, _participants, _team = scored
    services.determine(cycle, by=organiser, **DECREE)
    services.publish(cycle, by=organiser)

    items = client.get(reverse("common:home")).context["published_results"]

    assert items == [
        {
            "url": reverse("results:announcement", kwargs={"cycle_id": cycle.pk}),
            "name": "PEKPPP 2025",
        }
    ]


def test_determination_page_flow(client, scored, organiser, make_user):
    cycle, _participants, team = scored
    url = reverse("results:determination", kwargs={"cycle_id": cycle.pk})
    client.force_login(team[0].user)
    assert client.get(url).status_code == 404
    client.force_login(organiser)
    data = {**DECREE, "decree_date": "2025-11-03", "action": "determine"}

    confirm = client.post(url, data)
    assert confirm.status_code == 200
    assert confirm.templates[0].name == "results/determination_confirm.html"
    assert confirm.context["entrant_count"] == 4
    assert not Determination.objects.filter(cycle=cycle).exists()
    assert client.post(url, {**data, "confirmed": "1"}).status_code == 302
    assert client.post(url, {"action": "reopen", "reason": ""}).status_code == 400
    assert client.post(url, {"action": "publish"}).status_code == 200
    assert not Announcement.objects.filter(cycle=cycle).exists()
    assert client.post(url, {"action": "publish", "confirmed": "1"}).status_code == 302
    page = client.get(url)

    assert page.status_code == 200
    assert page.context["current"].version == 1
    assert page.context["announcement"] is not None
    assert page.context["current"].sha256 in page.content.decode()


@pytest.mark.parametrize("extra", [0, 40])
def test_public_ranking_query_count_constant(
    client, scored, organiser, django_assert_max_num_queries, extra
):
    from kinerja.cycles import services as cycle_services
    from kinerja.units.models import Unit

    cycle, participants, _team = scored
    if extra:
        units = Unit.objects.bulk_create(
            Unit(kind="ukpd", name=f"Tambahan {i}", region=participants[0].unit.region)
            for i in range(extra)
        )
        cycle_services.add_participants(cycle, units, by=organiser)
    services.determine(cycle, by=organiser, **DECREE)
    services.publish(cycle, by=organiser)
    url = reverse("results:announcement", kwargs={"cycle_id": cycle.pk})

    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert len(response.context["rows"]) == 4 + extra


def test_report_card_shows_the_teams_recommendations_frozen_at_determination(
    client, scored, organiser
):
    cycle, participants, _team = scored
    Recommendation.objects.create(
        participant=participants[2],
        indicator_ref="1",
        text="Libatkan masyarakat dalam penyusunan standar pelayanan.",
    )
    services.determine(cycle, by=organiser, **DECREE)
    services.publish(cycle, by=organiser)
    # Written after the determination: not part of the published record.
    Recommendation.objects.create(participant=participants[2], text="Catatan sesudah penetapan.")
    kw = {"cycle_id": cycle.pk, "participant_id": participants[2].pk}

    response = client.get(reverse("results:report_card", kwargs=kw))

    card = response.context["card"]
    assert [(a.subject, a.text) for a in card.recommendations] == [
        (
            "1 " + cycle.instrument_version.definition.node("1").name,
            "Libatkan masyarakat dalam penyusunan standar pelayanan.",
        )
    ]
    assert card.suggested is False
    assert "Catatan sesudah penetapan" not in response.content.decode()


def test_ranking_page_says_when_results_are_determined(scored, organiser, organiser_client):
    cycle, _participants, _team = scored
    url = reverse("results:ranking", kwargs={"cycle_id": cycle.pk})
    before = organiser_client.get(url).content.decode()

    services.determine(cycle, by=organiser, **DECREE)

    after = organiser_client.get(url).content.decode()
    assert 'data-testid="determined-note"' not in before
    assert 'data-testid="determined-note"' in after and DECREE["decree_number"] in after


def _keep_scoring_open(cycle):
    """Move the cycle's scoring stages so that the last one ends tomorrow."""
    tomorrow = timezone.now() + dt.timedelta(days=1)
    cycle.stages.filter(can_score=True).update(ends_at=tomorrow)
    return list(cycle.stages.filter(can_score=True).values_list("name", flat=True))


def test_determine_refused_while_scoring_is_open(scored, organiser):
    cycle, _participants, _team = scored
    names = _keep_scoring_open(cycle)

    with pytest.raises(ValidationError) as refused:
        services.determine(cycle, by=organiser, **DECREE)

    assert refused.value.code == "stages_open"
    assert names[0] in refused.value.messages[0]
    assert not Determination.objects.filter(cycle=cycle).exists()


def test_determine_with_override_reason_records_it(scored, organiser):
    cycle, _participants, _team = scored
    names = _keep_scoring_open(cycle)

    services.determine(cycle, by=organiser, override_reason="  SK harus terbit hari ini ", **DECREE)

    event = AuditEvent.objects.get(action="determination.create")
    assert event.after["override_reason"] == "SK harus terbit hari ini"
    assert event.after["open_stages"] == names


def test_determination_form_starts_empty(scored, organiser_client):
    cycle, _participants, _team = scored
    cycle.decree_number = "Keputusan Wali Kota tentang Tim Evaluasi"
    cycle.save(update_fields=["decree_number"])
    url = reverse("results:determination", kwargs={"cycle_id": cycle.pk})

    form = organiser_client.get(url).context["form"]

    assert form.initial == {}
    assert "Tim Evaluasi" not in organiser_client.get(url).content.decode()


def test_confirmation_page_asks_for_a_reason_while_scoring_is_open(scored, organiser_client):
    cycle, _participants, _team = scored
    _keep_scoring_open(cycle)
    url = reverse("results:determination", kwargs={"cycle_id": cycle.pk})
    data = {**DECREE, "decree_date": "2025-11-03", "action": "determine", "confirmed": "1"}

    refused = organiser_client.post(url, data)
    accepted = organiser_client.post(url, {**data, "override_reason": "Jadwal SK gubernur"})

    assert refused.status_code == 400
    assert 'data-testid="stages-open"' in refused.content.decode()
    assert refused.context["form"].errors["override_reason"]
    assert accepted.status_code == 302
    assert Determination.objects.get(cycle=cycle).decree_number == DECREE["decree_number"]


def test_a_large_cycle_is_determined_by_a_job(client, scored, organiser, settings):
    from kinerja.jobs.models import Job

    settings.KINERJA_DETERMINE_AS_JOB_ABOVE = 3  # the scored cycle has 4 participants
    cycle = scored[0]
    url = reverse("results:determination", kwargs={"cycle_id": cycle.pk})
    client.force_login(organiser)
    data = {**DECREE, "decree_date": "2025-11-03", "action": "determine", "confirmed": "1"}

    sent = client.post(url, data)

    job = Job.objects.get(kind="determine", cycle=cycle)
    assert sent["Location"] == reverse("jobs:detail", kwargs={"job_id": job.pk})
    assert (job.status, job.started_by, job.result_url) == ("done", organiser, url)
    determination = Determination.objects.get(cycle=cycle)
    assert determination.decree_date == dt.date(2025, 11, 3)
    assert determination.determined_by == organiser
    assert len(determination.snapshot) == 4
    # Determining again is refused by the service: the job fails at once with the reason.
    client.post(url, data)
    again = Job.objects.filter(kind="determine").latest("pk")
    assert (again.status, again.attempts) == ("failed", 1) and again.message
    assert Determination.objects.filter(cycle=cycle).count() == 1


def test_a_determination_job_that_fails_freezes_nothing(scored, organiser, monkeypatch):
    from kinerja.jobs import services as jobs
    from kinerja.results import jobs as result_jobs

    cycle = scored[0]
    before = list(Result.objects.filter(cycle=cycle).order_by("pk").values_list("total_exact"))

    def failing(_cycle):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(services, "build_snapshot", failing)
    job = jobs.start(
        "determine",
        label="Penetapan",
        by=organiser,
        cycle=cycle,
        params=result_jobs.determination_params(DECREE),
    )
    job.refresh_from_db()
    assert job.status == "failed" and job.attempts == 3 and "the disk is full" in job.error
    assert not Determination.objects.filter(cycle=cycle).exists()
    assert list(Result.objects.filter(cycle=cycle).order_by("pk").values_list("total_exact")) == (
        before
    )
    assert not AuditEvent.objects.filter(action="determination.create").exists()
