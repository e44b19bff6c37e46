from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.units.enums import UnitKind


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    region = forms.RegexField(
        label=_("Region code"), regex=r"^\d{2}(\.\d{2}){0,2}$", max_length=8, required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind of unit"), choices=[("", "—"), *UnitKind.choices], required=False
    )
    year = forms.IntegerField(label=_("Start year"), min_value=1945, max_value=2100, required=False)
    awarded = forms.BooleanField(label=_("With an award"), required=False)
