"""Forms of the platform administrator's seat page and the cycle organiser's invitation page."""

from __future__ import annotations

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from kinerja.common.forms import StyledForm
from kinerja.cycles.forms import UnitChoiceField
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


class InvitationForm(StyledForm):
    body = UnitChoiceField(label=_("Government to invite"), queryset=Unit.objects.none())
    quota = forms.IntegerField(
        label=_("Nomination quota"),
        min_value=1,
        max_value=100,
        initial=1,
        help_text=_("How many of its units the invited government may nominate."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
