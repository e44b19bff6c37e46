from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.api.models import Scope
from kinerja.common.forms import StyledForm


class TokenForm(StyledForm):
    field_class = "mb-2"

    name = forms.CharField(label=_("Name (what uses it)"), max_length=100)
    scope = forms.ChoiceField(label=_("Scope"), choices=Scope.choices, initial=Scope.READ)


class ServiceTokenForm(TokenForm):
    body = forms.ModelChoiceField(label=_("For the government of"), queryset=None)

    field_order = ["body", "name", "scope"]

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        if not self.is_bound and len(bodies) == 1:
            self.fields["body"].initial = bodies[0].pk
