"""The review (F02) form, and how a posted answer is read (the review page, the plenary's
consensus form and an appeal's decision post the same answer inputs)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kinerja.assessments.services.f01 import clean_value
from kinerja.reviews.enums import Verdict
from kinerja.reviews.services.f02 import MAX_NOTE


class ReviewForm(forms.Form):
    """One indicator's score as posted by the review page. The answer type's own check happens
    in the service; ``version`` is the review version the form was loaded with."""

    value = forms.CharField(required=False, max_length=MAX_NOTE)
    target = forms.CharField(required=False, max_length=60)
    actual = forms.CharField(required=False, max_length=60)
    verdict = forms.ChoiceField(
        required=False, choices=[("", "—"), *Verdict.choices], label=_("Verdict")
    )
    note = forms.CharField(required=False, max_length=MAX_NOTE, strip=False)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    round = forms.CharField(required=False, max_length=60, widget=forms.HiddenInput)
    then = forms.CharField(required=False, max_length=10)


def posted_value(indicator, data):
    """The answer posted for ``indicator``: a realisation against a per-unit target as
    ``{"target", "actual"}``, anything else as the text of ``value``."""
    rule = getattr(indicator.answer, "rule", None)
    if rule is not None and rule.kind == "ratio" and rule.target is None:
        return {"target": data.get("target", ""), "actual": data.get("actual", "")}
    return data.get("value", "")


def shown_value(indicator, raw):
    """What the person typed, canonical when it is valid (so the right radio stays checked)."""
    try:
        return clean_value(indicator, raw)
    except ValidationError:
        return raw
