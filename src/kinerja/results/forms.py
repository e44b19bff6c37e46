from django import forms
from django.utils.translation import gettext_lazy as _


class BootstrapForm(forms.Form):
    """Bootstrap's form-control class on every widget (no inline styles under the CSP)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class DeterminationForm(BootstrapForm):
    decree_number = forms.CharField(label=_("Decree number"), max_length=200)
    decree_date = forms.DateField(
        label=_("Decree date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    signatory_name = forms.CharField(label=_("Signatory name"), max_length=200)
    signatory_position = forms.CharField(label=_("Signatory position"), max_length=200)


class ReopenForm(BootstrapForm):
    reason = forms.CharField(
        label=_("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 3})
    )
