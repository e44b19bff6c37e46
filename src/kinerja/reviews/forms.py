from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.reviews.enums import Verdict
from kinerja.reviews.services import MAX_MESSAGE, MAX_NOTE


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


class QuestionForm(forms.Form):
    question = forms.CharField(
        label=_("Question for the unit"),
        max_length=MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), max_length=MAX_MESSAGE, widget=forms.Textarea(attrs={"rows": 3})
    )


class EvidenceForm(forms.Form):
    slot = forms.ChoiceField(label=_("Evidence slot"))
    file = forms.FileField(label=_("File"), allow_empty_file=True)
    title = forms.CharField(label=_("Title (optional)"), required=False, max_length=255)

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [(s.code, s.name) for s in slots]
