import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.common.dates import PlausibleDateField
from kinerja.common.forms import StyledForm
from kinerja.reviews.services import MAX_NOTE
from kinerja.visits.enums import AttendeeCategory, Session

MAX_DAYS = 62


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"


class PresentationForm(StyledForm):
    day = PlausibleDateField(label=_("Date"), widget=DateInput)
    time = forms.TimeField(label=_("Time"), widget=TimeInput)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_link = forms.URLField(
        label=_("Online meeting link"), max_length=500, required=False, assume_scheme="https"
    )
    presenter_name = forms.CharField(label=_("Presenter"), max_length=200, required=False)
    presenter_position = forms.CharField(
        label=_("Presenter's position"),
        max_length=200,
        required=False,
        help_text=_("E.g. Mantri Pamong Praja, camat."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class GenerateForm(StyledForm):
    first_day = PlausibleDateField(label=_("First day"), widget=DateInput)
    last_day = PlausibleDateField(label=_("Last day"), widget=DateInput)
    sessions = forms.MultipleChoiceField(
        label=_("Sessions"),
        choices=Session.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=list(Session.values),
    )
    weekdays_only = forms.BooleanField(label=_("Weekdays only"), required=False, initial=True)
    max_visits_per_slot = forms.IntegerField(
        label=_("At most visits per session"),
        required=False,
        min_value=1,
        help_text=_("E.g. the number of vehicles; empty for no limit."),
    )

    def clean(self):
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day")
        if first and last:
            if last < first:
                raise forms.ValidationError(_("The last day comes before the first day."))
            if (last - first).days >= MAX_DAYS:
                raise forms.ValidationError(
                    _("At most %(count)s days can be scheduled at once.") % {"count": MAX_DAYS}
                )
            days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
            if data.get("weekdays_only"):
                days = [d for d in days if d.weekday() < 5]
            if not days:
                raise forms.ValidationError(_("No day in that range."))
            data["days"] = days
        return data


class VisitForm(StyledForm):
    day = PlausibleDateField(label=_("Date"), widget=DateInput)
    session = forms.ChoiceField(label=_("Session"), choices=Session.choices)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)


class SettingsForm(StyledForm):
    field_component = forms.ChoiceField(label=_("Component scored on site"))
    pagi_starts = forms.TimeField(label=_("Morning session starts"), widget=TimeInput)
    siang_starts = forms.TimeField(label=_("Afternoon session starts"), widget=TimeInput)

    def __init__(self, *args, components=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field_component"].choices = [(c.code, c.name) for c in components]


class ChecklistForm(forms.Form):
    value = forms.CharField(required=False, max_length=200)
    note = forms.CharField(required=False, max_length=MAX_NOTE, strip=False)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class PhotoForm(StyledForm):
    photo = forms.FileField(label=_("Photo"), allow_empty_file=True)
    caption = forms.CharField(label=_("Caption"), max_length=300, required=False)
    taken_at = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    latitude = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    longitude = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)


class AttendeeForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    position = forms.CharField(label=_("Position or organisation"), max_length=300, required=False)
    category = forms.ChoiceField(label=_("Category"), choices=AttendeeCategory.choices)
    signed = forms.BooleanField(label=_("Signed"), required=False)
