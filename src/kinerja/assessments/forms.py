from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.assessments.services.clarifications import MAX_MESSAGE
from kinerja.common.forms import StyledForm

MAX_NARRATIVE = 20_000
MAX_VERSION = 2**31 - 1
VERSION_MISSING = _("This page is out of date. Reload it and save again.")


class AnswerForm(forms.Form):
    """One indicator's answer as posted by the autosave (or the plain form without JS).

    ``value`` carries every answer type; ``target``/``actual`` carry a realisation against a
    per-unit target (a ratio rule without a target in the instrument). The answer type's own
    check happens in the service. ``version`` is the answer's revision the page was loaded with
    (0 for no answer yet), for the service's optimistic lock.
    """

    value = forms.CharField(required=False, max_length=MAX_NARRATIVE, strip=True)
    target = forms.CharField(required=False, max_length=60)
    actual = forms.CharField(required=False, max_length=60)
    narrative = forms.CharField(required=False, max_length=MAX_NARRATIVE, strip=False)
    version = forms.IntegerField(
        min_value=0,
        max_value=MAX_VERSION,
        widget=forms.HiddenInput,
        error_messages=dict.fromkeys(
            ("required", "invalid", "min_value", "max_value"), VERSION_MISSING
        ),
    )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"), allow_empty_file=True)
    title = forms.CharField(label=_("Title"), required=False, max_length=255)
    evidence = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class ReuseForm(forms.Form):
    revision = forms.IntegerField(label=_("File"), min_value=1)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class QuestionForm(StyledForm):
    """An evaluator's clarification question."""

    question = forms.CharField(
        label=_("Question for the unit"),
        max_length=MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class MessageForm(forms.Form):
    """A message in a clarification's thread (the unit's answer or a follow-up)."""

    body = forms.CharField(
        label=_("Message"), max_length=MAX_MESSAGE, widget=forms.Textarea(attrs={"rows": 3})
    )


class ClarificationUploadForm(forms.Form):
    """Evidence the unit adds to the clarification's indicator, into one of its slots."""

    slot = forms.ChoiceField(label=_("Evidence slot"))
    file = forms.FileField(label=_("File"), allow_empty_file=True)
    title = forms.CharField(label=_("Title (optional)"), required=False, max_length=255)

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [(s.code, s.name) for s in slots]
