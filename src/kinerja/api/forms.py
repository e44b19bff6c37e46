from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.api.models import Scope
from kinerja.common.forms import StyledForm


class TokenForm(StyledForm):
    field_class = "mb-2"

    name = forms.CharField(label=_("Name (what uses it)"), max_length=100)
    scope = forms.ChoiceField(label=_("Scope"), choices=Scope.choices, initial=Scope.READ)
