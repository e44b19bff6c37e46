"""Surveys feeding an evaluation: a cycle whose instrument has a survey component fit for the
SKM (``pekppp-skm``'s F03: nine elements answered 1–4) takes it from each participant's unit's
survey of one chosen period, counted as it stands.

The organiser of the cycle chooses the period (``choose_period``, audited, optimistic lock,
refused while the cycle is determined); the results read the tallies through ``survey_inputs``,
an input provider named in ``settings.KINERJA_RESULT_SOURCES``. Each element's ``Tally`` goes
into the engine as it is, so the component's score is the survey's IKM / 100 exactly and the
explanation shows each answer's count. The policy for skipped answers is the cycle instrument's
own (``missing_answers`` of its survey component); a unit without a survey of that period, or
whose survey has no counted answer, has no F03 answers (the instrument's ``missing`` rule
applies). New answers reach the live result at the next recompute: choosing the period again,
the organiser's recompute, or the determination (which recomputes every result).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.audit.services import record_event
from kinerja.common.actors import actor
from kinerja.cycles.models import Cycle, Participant
from kinerja.results.compute import recompute_cycle
from kinerja.results.freeze import require_not_determined
from kinerja.scoring.engine import ParticipantInput, Tally
from kinerja.surveys.enums import Period
from kinerja.surveys.ikm import (
    Ikm,
    elements_of,
    fit_problems,
    ikm_from,
    survey_component,
    tallies_of,
)
from kinerja.surveys.models import Feed, Survey
from kinerja.tenancy.rules import is_cycle_organiser


def takes_surveys(cycle: Cycle) -> bool:
    """Whether ``cycle``'s instrument takes a component from surveys (one survey component
    fit for the SKM, weighing more than 0)."""
    definition = cycle.instrument_version.definition
    component = survey_component(definition)
    return component is not None and component.weight > 0 and not fit_problems(definition)


def feed_of(cycle: Cycle) -> Feed | None:
    return Feed.objects.filter(cycle=cycle).select_related("chosen_by").first()


def _conflict() -> ValidationError:
    return ValidationError(
        _("Someone chose the period after you opened this page. Reload it and try again."),
        code="conflict",
    )


@transaction.atomic
def choose_period(cycle: Cycle, *, year: int, period: str, expected_version: int, by) -> Feed:
    """Take the cycle's survey component from the units' surveys of ``year`` and ``period``
    (``expected_version`` 0 for the first choice), then recompute every result. Audited
    ``survey.feed``; refused while the cycle is determined."""
    if not is_cycle_organiser(by, cycle):
        raise PermissionDenied
    if not takes_surveys(cycle):
        raise ValidationError(
            _("This cycle's instrument takes no component from satisfaction surveys."),
            code="instrument",
        )
    if period not in Period.values:
        raise ValidationError(_("Choose a period."), code="period")
    require_not_determined(cycle.pk)
    feed = Feed.objects.select_for_update().filter(cycle=cycle).first()
    found = feed.version if feed is not None else 0
    if found != expected_version:
        raise _conflict()
    before = None if feed is None else {"year": feed.year, "period": feed.period}
    if feed is None:
        feed = Feed(cycle=cycle)
    else:
        feed.version += 1
    feed.year, feed.period, feed.chosen_by = year, period, actor(by)
    feed.save()
    record_event(
        actor=by,
        action="survey.feed",
        obj=cycle,
        before=before,
        after={"year": year, "period": period},
    )
    recompute_cycle(cycle)
    return feed


def _surveys(feed: Feed, unit_ids: Sequence[int]) -> dict[int, Survey]:
    surveys = Survey.objects.filter(
        unit_id__in=unit_ids, year=feed.year, period=feed.period
    ).select_related("instrument_version", "unit")
    return {s.unit_id: s for s in surveys}


def survey_inputs(cycle: Cycle, ids: list[int] | None) -> dict[int, ParticipantInput]:
    """Engine input per participant: ``{component: {element ref: Tally}}`` from its unit's
    survey of the chosen period (three queries; none when the cycle takes no survey)."""
    if not takes_surveys(cycle):
        return {}
    feed = Feed.objects.filter(cycle=cycle).first()
    if feed is None:
        return {}
    definition = cycle.instrument_version.definition
    component = survey_component(definition)
    complete_only = component.missing_answers == "complete_only"
    refs = [element.ref for element in elements_of(definition)]
    participants = Participant.objects.filter(cycle=cycle)
    if ids is not None:
        participants = participants.filter(pk__in=ids)
    units = dict(participants.values_list("pk", "unit_id"))
    surveys = _surveys(feed, list(set(units.values())))
    tallies = tallies_of([s.pk for s in surveys.values()])
    out = {}
    for pid, unit_id in units.items():
        survey = surveys.get(unit_id)
        if survey is None or not survey.respondents:
            continue
        values = {}
        for counts in tallies.get(survey.pk, []):
            answered = counts.counts(complete_only=complete_only)
            if any(answered.values()) and 1 <= counts.element <= len(refs):
                values[refs[counts.element - 1]] = Tally(answered)
        if values:
            out[pid] = ParticipantInput(values={component.code: values})
    return out


@dataclass(frozen=True)
class FedUnit:
    """One participant's line on the feed page: its unit's survey of the period and its IKM
    (None when there is no survey)."""

    participant: Participant
    survey: Survey | None
    ikm: Ikm | None


def fed_units(cycle: Cycle, feed: Feed | None) -> list[FedUnit]:
    """Every participant with its unit's survey of the chosen period and that survey's IKM
    (three queries)."""
    participants = list(
        cycle.participants.select_related("unit__region").order_by("unit__name", "pk")
    )
    if feed is None:
        return [FedUnit(p, None, None) for p in participants]
    surveys = _surveys(feed, [p.unit_id for p in participants])
    tallies = tallies_of([s.pk for s in surveys.values()])
    lines = []
    for participant in participants:
        survey = surveys.get(participant.unit_id)
        ikm = (
            None
            if survey is None
            else ikm_from(survey, tallies.get(survey.pk, []), survey.respondents)
        )
        lines.append(FedUnit(participant, survey, ikm))
    return lines


def survey_facts(participant: Participant) -> tuple[Survey, Ikm] | None:
    """What the evaluator is shown beside the SKM indicators: the participant's unit's survey of
    the cycle's chosen period, or (no period chosen) its latest survey up to the cycle's year,
    with its IKM now. None when the unit has none."""
    feed = Feed.objects.filter(cycle_id=participant.cycle_id).first()
    surveys = Survey.objects.filter(unit_id=participant.unit_id).select_related(
        "instrument_version", "unit"
    )
    if feed is not None:
        surveys = surveys.filter(year=feed.year, period=feed.period)
    else:
        surveys = surveys.filter(year__lte=participant.cycle.year).order_by("-year", "-period")
    survey = surveys.first()
    if survey is None:
        return None
    return survey, ikm_from(survey, tallies_of([survey.pk]).get(survey.pk, []), survey.respondents)
