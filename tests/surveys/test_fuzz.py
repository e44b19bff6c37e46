"""The survey's forms under generated values: the respondent's form, opening and editing a
survey, the follow-up and excluding answers. Never a 500."""

from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..common.test_fuzz import VALUES

FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
PROFILE = ("age", "sex", "education", "occupation", "service", "visited_on", "suggestion")
SETTINGS = ("opens_on", "closes_on", "services", "questions", "version")


def _answer_or_value(data):
    return data.draw(st.one_of(st.sampled_from(["1", "2", "3", "4"]), VALUES))


@FUZZ
@given(data=st.data())
def test_the_respondents_form_never_answers_500(survey, data):
    client = Client()
    url = reverse("survey_public:form", kwargs={"token": survey.token})
    client.get(url)
    fields = {f"a{n}": _answer_or_value(data) for n in range(1, 10)}
    fields.update({name: data.draw(VALUES) for name in PROFILE})
    if data.draw(st.booleans()):
        fields["website"] = data.draw(VALUES)
    posted = client.post(url, fields)
    assert posted.status_code in (200, 302, 400)


@FUZZ
@given(data=st.data())
def test_the_keepers_forms_never_answer_500(survey, organiser_client, kemantren, data):
    opened = organiser_client.post(
        reverse("surveys:manage"),
        {
            "unit": data.draw(st.one_of(st.just(str(kemantren.pk)), VALUES)),
            "instrument_version": data.draw(
                st.one_of(st.just(str(survey.instrument_version_id)), VALUES)
            ),
            "year": data.draw(st.one_of(st.just("2031"), VALUES)),
            "period": data.draw(st.one_of(st.sampled_from(["s1", "s2", "year"]), VALUES)),
            **{name: data.draw(VALUES) for name in SETTINGS[:4]},
        },
    )
    kwargs = {"survey_id": survey.pk}
    edited = organiser_client.post(
        reverse("surveys:edit", kwargs=kwargs), {n: data.draw(VALUES) for n in SETTINGS}
    )
    followed = organiser_client.post(
        reverse("surveys:detail", kwargs=kwargs),
        {"follow_up": data.draw(VALUES), "version": data.draw(VALUES)},
    )
    excluded = organiser_client.post(
        reverse("surveys:exclude", kwargs=kwargs),
        {
            "responses": [data.draw(VALUES), data.draw(VALUES)],
            "reason": data.draw(VALUES),
            data.draw(st.sampled_from(["exclude", "include"])): "1",
        },
    )
    assert opened.status_code in (200, 302, 400)
    assert edited.status_code in (302, 400)
    assert followed.status_code in (302, 400)
    assert excluded.status_code in (302, 400)


@FUZZ
@given(data=st.data())
def test_the_feed_form_never_answers_500(blended, organiser, data):
    cycle = blended[0]
    client = Client()
    client.force_login(organiser)
    posted = client.post(
        reverse("surveys:feed", kwargs={"cycle_id": cycle.pk}),
        {
            "year": data.draw(st.one_of(st.just("2026"), VALUES)),
            "period": data.draw(st.one_of(st.sampled_from(["s1", "s2", "year"]), VALUES)),
            "version": data.draw(st.one_of(st.sampled_from(["0", "1"]), VALUES)),
        },
    )
    assert posted.status_code in (302, 400)
