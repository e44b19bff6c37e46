from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.common.forms import StyledForm


class NominateForm(StyledForm):
    field_class = "mb-2"

    unit = forms.ModelChoiceField(label=_("Unit to nominate"), queryset=None)
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: f"{u.name} — {u.region.name}"


class RefuseForm(StyledForm):
    field_class = "mb-2"

    reason = forms.CharField(
        label=_("Reason for refusing"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
