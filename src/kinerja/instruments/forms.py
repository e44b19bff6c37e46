from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.common.forms import StyledForm


class InstrumentUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Instrument file (YAML or XLSX workbook)"),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".yaml,.yml,.xlsx"}
        ),
    )


class CompareForm(StyledForm):
    field_class = "mb-0"  # side by side in a row, aligned with the button (common/field.html)

    a = forms.ChoiceField(label=_("Older version"))
    b = forms.ChoiceField(label=_("Newer version"))

    def __init__(self, *args, versions=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(v.version, v.version) for v in versions]
        for name in ("a", "b"):
            self.fields[name].choices = choices
