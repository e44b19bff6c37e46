from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.common.forms import StyledForm


class ClaimLinesForm(StyledForm):
    lines = forms.CharField(
        label=_("Claims, one per line: criterion; title"),
        help_text=_(
            "The criterion by its code or its number in the list (ADM4 or 4), a semicolon, then "
            'the innovation\'s title or acronym, e.g. "ADM4; WA BANG".'
        ),
        max_length=60_000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class CheckForm(forms.Form):
    found = forms.TypedChoiceField(
        choices=[("1", _("found")), ("0", _("not found"))], coerce=lambda v: v == "1"
    )
    note = forms.CharField(max_length=500, required=False)
    version = forms.IntegerField(min_value=0, max_value=2**31 - 1)
