"""The form of the platform administrator's seat page."""

from __future__ import annotations

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from kinerja.common.forms import StyledForm
from kinerja.units.forms import UnitChoiceField
from kinerja.units.models import Unit


class SeatForm(StyledForm):
    """Seat a user (an existing login, or a new one created on the spot) at an organising body."""

    username = forms.CharField(
        label=_("Username"), max_length=150, validators=[UnicodeUsernameValidator()]
    )
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        required=False,
        help_text=_("Only for a new login; an existing user keeps their name."),
    )
    body = UnitChoiceField(label=_("Organising body"), queryset=Unit.objects.none())

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
