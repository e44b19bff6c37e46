"""Plausible dates: every date or time a person types is between 1900 and 2199.

Python's dates run from year 1 to 9999, but 0001-01-01 00:00 in WIB is before year 1 in UTC and
9999-12-31 plus a stage's length is after 9999: both raised OverflowError (a 500) in the time zone
arithmetic of stages, cycles and presentations. No evaluation cycle lies outside these years.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

__all__ = [
    "EARLIEST",
    "LATEST",
    "PlausibleDateField",
    "PlausibleDateTimeField",
    "is_plausible",
    "validate_plausible_date",
]

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)


def is_plausible(value: dt.date | dt.datetime) -> bool:
    """Whether ``value`` (a date, or a datetime by its calendar day) lies in EARLIEST..LATEST."""
    day = value.date() if isinstance(value, dt.datetime) else value
    return EARLIEST <= day <= LATEST


def validate_plausible_date(value: dt.date | dt.datetime | None) -> None:
    """A form/model validator refusing dates outside EARLIEST..LATEST (code ``date_range``)."""
    if value is not None and not is_plausible(value):
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="date_range",
            params={"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
        )


class PlausibleDateField(forms.DateField):
    default_validators = [validate_plausible_date]


class PlausibleDateTimeField(forms.DateTimeField):
    default_validators = [validate_plausible_date]
