from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.common.forms import StyledForm


class NominateForm(StyledForm):
    field_class = "mb-2"

    unit = forms.ModelChoiceField(label=_("Unit to nominate"), queryset=None)
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        field.queryset = units
        field.label_from_instance = lambda u: f"{u.name} — {u.region.name}"
        # A government's many units, grouped by kind (kecamatan, dinas, …) in the picker; the
        # queryset still decides what is valid.
        groups: dict[str, list] = {}
        for unit in units:
            groups.setdefault(unit.get_kind_display(), []).append(
                (unit.pk, field.label_from_instance(unit))
            )
        field.choices = (
            [("", "---------"), *groups.items()]
            if len(groups) > 1
            else [
                ("", "---------"),
                *(choice for group in groups.values() for choice in group),
            ]
        )


class RefuseForm(StyledForm):
    field_class = "mb-2"

    reason = forms.CharField(
        label=_("Reason for refusing"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
