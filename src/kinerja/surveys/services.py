"""Every change to surveys: open one (its tallies with it), edit it (optimistic lock), take a
respondent's answers through the limits, exclude or reinstate suspicious answers, publish the
IKM and record the follow-up.

Opening, publishing and excluding need the unit's head or an organiser of its government
(``tenancy.keepers.may_publish``); the follow-up its people too (``may_edit``). A refusal of
rights is ``PermissionDenied`` (pages answer 404); a refusal of content a ``ValidationError``
with a code. Each change is audited in its own transaction; a respondent's answer is not (it
is not an official's act) but is kept forever, excluded at most.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from kinerja.audit.services import record_event, snapshot
from kinerja.common.actors import actor
from kinerja.surveys import tally
from kinerja.surveys.enums import (
    ADDRESS_WINDOW,
    DEVICE_LIMIT,
    DEVICE_WINDOW,
    ELEMENTS,
    Channel,
)
from kinerja.surveys.ikm import fit_problems
from kinerja.surveys.models import Response, Survey
from kinerja.tenancy.keepers import may_edit, may_publish

FIELDS = ("opens_on", "closes_on", "services", "questions")
MAX_QUESTIONS = 5
PROFILE = ("age", "sex", "education", "occupation", "service", "visited_on", "suggestion")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def key_of(kind: str, value: str | None) -> str:
    """A keyed hash of an address or device cookie: counts repeats, reveals neither."""
    if not value:
        return ""
    return salted_hmac(f"kinerja.surveys.{kind}", value).hexdigest()[:32]


def _check_dates(opens_on: date, closes_on: date) -> None:
    if closes_on < opens_on:
        raise ValidationError(
            _("The survey must close on or after the day it opens."), code="dates"
        )


def _check_questions(questions: Iterable[str]) -> list[str]:
    kept = [q.strip() for q in questions if q and q.strip()]
    if len(kept) > MAX_QUESTIONS:
        raise ValidationError(
            _("At most %(n)s extra questions.") % {"n": MAX_QUESTIONS}, code="questions"
        )
    return kept


@transaction.atomic
def open_survey(
    *,
    unit,
    instrument_version,
    year: int,
    period: str,
    opens_on: date,
    closes_on: date,
    by,
    services: str = "",
    questions: Iterable[str] = (),
) -> Survey:
    """A new survey of ``unit`` for one period, with its public link key and empty tallies.
    Audited ``survey.open``."""
    _require(may_publish(by, unit))
    problems = fit_problems(instrument_version.definition)
    if problems:
        raise ValidationError(
            _("%(version)s cannot carry a satisfaction survey: %(problems)s")
            % {"version": instrument_version.label, "problems": "; ".join(problems)},
            code="instrument",
        )
    _check_dates(opens_on, closes_on)
    try:
        with transaction.atomic():
            survey = Survey.objects.create(
                unit=unit,
                instrument_version=instrument_version,
                year=year,
                period=period,
                opens_on=opens_on,
                closes_on=closes_on,
                services=services.strip(),
                questions=_check_questions(questions),
                token=secrets.token_urlsafe(12),
                created_by=actor(by),
            )
    except IntegrityError:
        raise ValidationError(
            _("%(unit)s already has a survey for this period.") % {"unit": unit},
            code="period_taken",
        ) from None
    tally.create_tallies(survey)
    record_event(
        actor=by,
        action="survey.open",
        obj=survey,
        after=snapshot(survey, ("unit", "instrument_version", "year", "period", *FIELDS)),
    )
    return survey


def _conflict() -> ValidationError:
    return ValidationError(
        _("Someone saved this survey after you opened it. Reload the page and try again."),
        code="conflict",
    )


@transaction.atomic
def update_survey(survey: Survey, *, expected_version: int, by, **data) -> Survey:
    """Change the dates, services or extra questions if nobody saved since
    ``expected_version``. Audited ``survey.update``."""
    _require(may_publish(by, survey.unit))
    data = {k: v for k, v in data.items() if k in FIELDS}
    if "questions" in data:
        data["questions"] = _check_questions(data["questions"])
    _check_dates(data.get("opens_on", survey.opens_on), data.get("closes_on", survey.closes_on))
    return _save(survey, expected_version, by, "survey.update", data)


def _save(survey: Survey, expected_version: int, by, action: str, data: Mapping[str, Any]):
    names = tuple(data)
    before = snapshot(survey, names)
    changes = {k: v for k, v in data.items() if v != getattr(survey, k)}
    if not changes:
        return survey
    won = Survey.objects.filter(pk=survey.pk, version=expected_version).update(
        **changes, version=F("version") + 1, updated_at=timezone.now()
    )
    if not won:
        raise _conflict()
    survey.refresh_from_db()
    record_event(actor=by, action=action, obj=survey, before=before, after=snapshot(survey, names))
    return survey


@transaction.atomic
def record_follow_up(survey: Survey, *, text: str, expected_version: int, by) -> Survey:
    """The unit's follow-up actions on the lowest elements. Audited ``survey.follow_up``."""
    _require(may_edit(by, survey.unit))
    return _save(survey, expected_version, by, "survey.follow_up", {"follow_up": text.strip()})


@transaction.atomic
def set_published(survey: Survey, *, published: bool, by) -> Survey:
    """Show (or stop showing) the survey's IKM on its public page. Audited."""
    _require(may_publish(by, survey.unit))
    if published == survey.published:
        return survey
    survey.published_at = timezone.now() if published else None
    survey.save(update_fields=["published_at", "updated_at"])
    record_event(
        actor=by,
        action="survey.publish" if published else "survey.unpublish",
        obj=survey,
        after={"published_at": survey.published_at},
    )
    return survey


def _refused(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _check_limits(survey: Survey, *, address: str, device: str, now: datetime) -> None:
    if device and Response.objects.filter(survey=survey, device=device).exists():
        raise _refused(
            _("This device has already answered this survey for this period. Thank you."),
            "duplicate",
        )
    if device and (
        Response.objects.filter(device=device, submitted_at__gte=now - DEVICE_WINDOW).count()
        >= DEVICE_LIMIT
    ):
        raise _refused(
            _("Too many answers from this device. Please try again in an hour."), "device_limit"
        )
    if address and (
        Response.objects.filter(address=address, submitted_at__gte=now - ADDRESS_WINDOW).count()
        >= settings.KINERJA_SURVEY_ADDRESS_LIMIT
    ):
        raise _refused(
            _("Too many answers from this network. Please try again later."), "address_limit"
        )


@transaction.atomic
def submit_response(
    survey: Survey,
    *,
    answers: Mapping[int, int | None],
    channel: str = Channel.WEB,
    address: str = "",
    device: str = "",
    batch: str = "",
    now: datetime | None = None,
    **profile,
) -> Response:
    """One respondent's answers (``answers``: element number → 1–4 or None), counted at once
    in the survey's tallies. The public link refuses a closed survey, a second answer from one
    device, and more than the limits allow from one device or address (``address``/``device``
    are keys from ``key_of``); a kiosk's answers carry no device key."""
    now = now or timezone.now()
    if channel != Channel.PAPER and not survey.is_open_on(timezone.localdate(now)):
        raise _refused(_("This survey is not open now."), "closed")
    values = {f"a{n}": answers.get(n) for n in range(1, ELEMENTS + 1)}
    if any(v is not None and v not in (1, 2, 3, 4) for v in values.values()):
        raise _refused(_("Each answer is a number from 1 to 4."), "answer")
    if all(v is None for v in values.values()):
        raise _refused(_("Answer at least one element."), "empty")
    _check_limits(survey, address=address, device=device, now=now)
    extra = profile.pop("extra", None) or {}
    try:
        with transaction.atomic():
            response = Response.objects.create(
                survey=survey,
                submitted_at=now,
                channel=channel,
                address=address,
                device=device,
                batch=batch,
                extra=extra,
                **values,
                **{k: v for k, v in profile.items() if k in PROFILE and v is not None},
            )
    except IntegrityError:  # the same device twice at the same moment
        raise _refused(
            _("This device has already answered this survey for this period. Thank you."),
            "duplicate",
        ) from None
    tally.add(response)
    return response


@transaction.atomic
def set_excluded(
    survey: Survey, response_ids: Iterable[int], *, excluded: bool, by, reason: str = ""
) -> int:
    """Exclude (or reinstate) answers of ``survey``: they stay, stop (or start again) counting,
    audited once per call (``survey.exclude`` with the reason, ``survey.include``) with the
    answers' ids. Returns how many changed."""
    _require(may_publish(by, survey.unit))
    reason = reason.strip()
    if excluded and not reason:
        raise _refused(_("Say why these answers are excluded."), "reason")
    rows = list(
        Response.objects.select_for_update()
        .filter(survey=survey, pk__in=list(response_ids), excluded_at__isnull=excluded)
        .order_by("pk")
    )
    if not rows:
        return 0
    now = timezone.now()
    Response.objects.filter(pk__in=[r.pk for r in rows]).update(
        excluded_at=now if excluded else None,
        excluded_by=actor(by) if excluded else None,
        excluded_reason=reason if excluded else "",
    )
    for response in rows:
        tally.add(response, sign=-1 if excluded else 1)
    record_event(
        actor=by,
        action="survey.exclude" if excluded else "survey.include",
        obj=survey,
        after={"responses": [r.pk for r in rows], **({"reason": reason} if excluded else {})},
    )
    return len(rows)
