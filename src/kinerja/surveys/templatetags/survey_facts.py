"""Surveys inside other apps' pages: whether a cycle takes a component from surveys (the cycle's
tabs), and the survey's facts beside an SKM indicator on the evaluator's page (PEKPPP 6–9,
``facts: [survey]`` in the instrument)."""

from django import template

from kinerja.surveys.feeds import survey_facts, takes_surveys

register = template.Library()

register.filter("takes_surveys", takes_surveys)


@register.inclusion_tag("surveys/_facts.html")
def survey_facts_for(participant, indicator):
    """The facts of the participant's unit's survey (read once per participant and page)."""
    if not hasattr(participant, "_survey_facts"):
        participant._survey_facts = survey_facts(participant)
    found = participant._survey_facts
    survey, ikm = found if found is not None else (None, None)
    return {"survey": survey, "ikm": ikm, "indicator": indicator}
