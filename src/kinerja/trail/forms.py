"""The audit trail's filters (GET): cycle, unit, person, action and a date range."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.audit.readable import action_label
from kinerja.common.dates import PlausibleDateField
from kinerja.common.forms import CompactFormMixin, StyledForm


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TrailFilterForm(CompactFormMixin, StyledForm):
    siklus = forms.TypedChoiceField(label=_("Cycle"), required=False, coerce=int, empty_value=None)
    unit = forms.CharField(
        label=_("Unit"),
        required=False,
        max_length=200,
        help_text=_("Part of the unit's name, e.g. Mantrijeron."),
    )
    pelaku = forms.TypedChoiceField(label=_("Person"), required=False, coerce=int, empty_value=None)
    aksi = forms.ChoiceField(label=_("Action"), required=False)
    dari = PlausibleDateField(label=_("From"), required=False, widget=_date_input())
    sampai = PlausibleDateField(label=_("Until"), required=False, widget=_date_input())

    def __init__(self, *args, cycles=(), actors=(), actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["siklus"].choices = everything + [(c.pk, c.name) for c in cycles]
        self.fields["pelaku"].choices = everything + [(pk, name) for pk, name in actors]
        self.fields["aksi"].choices = everything + sorted(
            ((code, action_label(code)) for code in actions), key=lambda item: item[1]
        )

    def clean(self):
        data = super().clean()
        if data.get("dari") and data.get("sampai") and data["dari"] > data["sampai"]:
            self.add_error("sampai", _("The end of the range is before its start."))
        return data
