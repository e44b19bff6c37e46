"""The survey's pages: the respondent's form (cookie, honeypot, refusals in place, thank-you),
kiosk mode, the keepers' list and survey page, the poster and the public IKM page."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from kinerja.jobs.models import Job
from kinerja.surveys import services
from kinerja.surveys.ikm import ikm_of
from kinerja.surveys.models import ElementTally, Response, Survey
from kinerja.surveys.views.public import DEVICE_COOKIE

from .conftest import answer

ALL_FOURS = {f"a{n}": "4" for n in range(1, 10)}


def _form_url(survey):
    return reverse("survey_public:form", kwargs={"token": survey.token})


def _respondent(survey) -> Client:
    client = Client(enforce_csrf_checks=False)
    page = client.get(_form_url(survey))
    assert page.status_code == 200
    assert DEVICE_COOKIE in page.cookies
    return client


def test_the_form_is_small_has_no_script_and_the_regulations_wording(survey):
    page = Client().get(_form_url(survey))
    html = page.content.decode()
    assert len(page.content) < 20_000
    assert "<script" not in html
    assert "Persyaratan sangat sesuai dengan jenis pelayanan." in html
    assert "KTP elektronik" in html  # the survey's services
    assert 'name="website"' in html  # the honeypot, hidden by the stylesheet


def test_a_respondent_answers_and_is_thanked_and_counted(survey):
    client = _respondent(survey)
    sent = client.post(_form_url(survey), {**ALL_FOURS, "sex": "p", "age": "34"})
    assert sent.status_code == 302
    assert sent["Location"] == reverse("survey_public:thanks", kwargs={"token": survey.token})
    thanks = client.get(sent["Location"])
    assert b'data-testid="thanks"' in thanks.content
    response = Response.objects.get(survey=survey)
    assert response.answers() == [4] * 9 and response.sex == "p" and response.age == 34
    assert response.device and response.address  # keyed hashes …
    assert "127.0.0.1" not in (response.device + response.address)  # … not the values


def test_a_second_answer_from_the_device_is_refused_in_place(survey):
    client = _respondent(survey)
    client.post(_form_url(survey), ALL_FOURS)
    again = client.post(_form_url(survey), ALL_FOURS)
    assert again.status_code == 400
    assert "sudah mengisi survei ini" in again.content.decode()
    assert Response.objects.filter(survey=survey).count() == 1


def test_a_missing_answer_is_marked_and_nothing_saved(survey):
    client = _respondent(survey)
    data = dict(ALL_FOURS)
    del data["a3"]
    sent = client.post(_form_url(survey), data)
    assert sent.status_code == 400
    html = sent.content.decode()
    assert 'id="id_a3_error"' in html and 'aria-invalid="true"' in html
    assert not Response.objects.exists()


def test_the_honeypot_is_thanked_and_dropped(survey):
    client = _respondent(survey)
    sent = client.post(_form_url(survey), {**ALL_FOURS, "website": "http://spam.example"})
    assert sent.status_code == 302
    assert not Response.objects.exists()


def test_a_post_without_the_device_cookie_is_refused(survey):
    sent = Client().post(_form_url(survey), ALL_FOURS)
    assert sent.status_code == 400
    assert not Response.objects.exists()


def test_an_unknown_link_is_404(db):
    assert Client().get("/survei/isi/bukan-token/").status_code == 404


def test_kiosk_mode_signs_the_staff_out_and_takes_many_answers(survey, organiser_client):
    started = organiser_client.post(reverse("surveys:kiosk", kwargs={"survey_id": survey.pk}))
    assert started.status_code == 302 and started["Location"] == _form_url(survey)
    assert organiser_client.get(reverse("surveys:manage")).status_code == 302  # signed out
    for _ in range(3):
        assert organiser_client.post(_form_url(survey), ALL_FOURS).status_code == 302
    thanks = organiser_client.get(reverse("survey_public:thanks", kwargs={"token": survey.token}))
    assert b'http-equiv="refresh"' in thanks.content
    assert set(Response.objects.values_list("channel", flat=True)) == {"kiosk"}
    assert Response.objects.count() == 3
    organiser_client.post(reverse("survey_public:kiosk_stop", kwargs={"token": survey.token}))
    organiser_client.get(_form_url(survey))
    organiser_client.post(_form_url(survey), ALL_FOURS)
    assert organiser_client.post(_form_url(survey), ALL_FOURS).status_code == 400  # a device again


def test_the_keepers_open_a_survey_from_the_list(organiser_client, kemantren, skm_version):
    page = organiser_client.get(reverse("surveys:manage"))
    assert page.status_code == 200
    opened = organiser_client.post(
        reverse("surveys:manage"),
        {
            "unit": kemantren.pk,
            "instrument_version": skm_version.pk,
            "year": "2027",
            "period": "s1",
            "opens_on": "2027-01-02",
            "closes_on": "2027-06-30",
            "services": "KTP\nKK",
        },
    )
    assert opened.status_code == 302
    survey = kemantren.surveys.get()
    assert survey.service_list() == ["KTP", "KK"]
    detail = organiser_client.get(opened["Location"])
    assert survey.token in detail.content.decode()


def test_the_survey_page_publishes_and_the_public_ikm_page_appears(survey, organiser_client):
    for row in ([4] * 9, [3] * 9):
        answer(survey, *row, sex="l")
    public = reverse("survey_public:ikm", kwargs={"survey_id": survey.pk})
    assert Client().get(public).status_code == 404
    detail = reverse("surveys:detail", kwargs={"survey_id": survey.pk})
    assert organiser_client.get(detail).status_code == 200
    organiser_client.post(
        reverse("surveys:publish", kwargs={"survey_id": survey.pk}), {"publish": "1"}
    )
    page = Client().get(public)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="ikm-value">87,50<' in html
    assert "Baik" in html
    assert "Laki-laki" in html  # the breakdown by sex


def test_excluding_a_burst_from_the_page(survey, organiser_client):
    address = services.key_of("address", "198.51.100.7")
    burst = [answer(survey, *[1] * 9, address=address, device=f"d{n}") for n in range(10)]
    page = organiser_client.get(reverse("surveys:detail", kwargs={"survey_id": survey.pk}))
    assert b'data-testid="exclude-burst"' in page.content
    organiser_client.post(
        reverse("surveys:exclude", kwargs={"survey_id": survey.pk}),
        {"responses": [r.pk for r in burst], "reason": "Satu alamat, 10 jawaban", "exclude": "1"},
    )
    assert Response.objects.filter(excluded_at__isnull=False).count() == 10


def test_a_recount_runs_as_a_job_and_repairs_a_tally(survey, organiser_client, organiser):
    for _ in range(3):
        answer(survey, *[4] * 9)
    Survey.objects.filter(pk=survey.pk).update(respondents=99)  # a tally gone wrong
    ElementTally.objects.filter(survey=survey).delete()
    page = organiser_client.get(reverse("surveys:detail", kwargs={"survey_id": survey.pk}))
    assert b'data-testid="recount"' in page.content

    started = organiser_client.post(reverse("surveys:recount", kwargs={"survey_id": survey.pk}))

    job = Job.objects.get(kind="ikm_recount")
    assert started.status_code == 302 and started["Location"] == reverse(
        "jobs:detail", kwargs={"job_id": job.pk}
    )
    assert (job.status, job.started_by, job.params) == ("done", organiser, {"survey": survey.pk})
    survey.refresh_from_db()
    assert survey.respondents == 3
    recounted = ikm_of(survey)
    assert recounted.responses == 3 and recounted.display == "100.00"
    assert job.result_url == reverse("surveys:detail", kwargs={"survey_id": survey.pk})


def test_the_poster_is_an_a4_pdf_with_the_link(survey, organiser_client):
    got = organiser_client.get(reverse("surveys:poster", kwargs={"survey_id": survey.pk}))
    assert got["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(got.content))
    text = reader.pages[0].extract_text()
    assert survey.token in text.replace("\n", "")
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(width), round(height)) == (595, 842)


@pytest.mark.parametrize("name", ["detail", "poster", "kiosk", "recount"])
def test_a_stranger_gets_404(survey, client, plain_user, name):
    client.force_login(plain_user)
    url = reverse(f"surveys:{name}", kwargs={"survey_id": survey.pk})
    got = client.post(url) if name in {"kiosk", "recount"} else client.get(url)
    assert got.status_code == 404


def test_the_public_ikm_list_shows_published_surveys_only(
    survey, organiser, django_assert_max_num_queries
):
    answer(survey, *[4] * 9)
    url = reverse("survey_public:ikm_list")
    assert survey.unit.name not in Client().get(url).content.decode()
    services.set_published(survey, published=True, by=organiser)
    client = Client()
    with django_assert_max_num_queries(8):
        page = client.get(url, {"q": "Mantrijeron"})
    html = page.content.decode()
    assert survey.unit.name in html and "100,00" in html
    assert survey.unit.name not in client.get(url, {"q": "Gondokusuman"}).content.decode()


def test_the_form_follows_an_edit_of_the_survey(survey, organiser):
    url = _form_url(survey)
    assert "KTP elektronik" in Client().get(url).content.decode()
    services.update_survey(survey, expected_version=1, by=organiser, services="Legalisasi akta")
    html = Client().get(url).content.decode()
    assert "Legalisasi akta" in html and "KTP elektronik" not in html
