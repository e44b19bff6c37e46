"""The survey's forms: the respondent's (public, phone-first, the nine elements with the
regulation's wording, the profile, a honeypot), and the keepers' (open a survey, edit it, the
follow-up, excluding answers)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kinerja.common.dates import PlausibleDateField
from kinerja.common.forms import StyledForm
from kinerja.surveys.enums import Education, Occupation, Period, Sex
from kinerja.surveys.services import MAX_QUESTIONS

HONEYPOT = "website"
"""A field people never see (hidden by the stylesheet, skipped by screen readers): a robot
filling every input fills it too, and its answer is thanked and dropped."""

_DATE = {"type": "date"}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ResponseForm(forms.Form):
    """One respondent's answers. Built from the survey's instrument (the elements and the
    wording of their answers) and the survey (its services and extra questions)."""

    age = forms.IntegerField(label=_("Age (years)"), min_value=10, max_value=110, required=False)
    sex = forms.ChoiceField(
        label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect, required=False
    )
    education = forms.ChoiceField(
        label=_("Highest education"),
        choices=[("", "—"), *Education.choices],
        required=False,
    )
    occupation = forms.ChoiceField(
        label=_("Main occupation"), choices=[("", "—"), *Occupation.choices], required=False
    )
    visited_on = PlausibleDateField(
        label=_("Date of the visit"),
        required=False,
        widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d"),
    )

    def __init__(self, *args, survey, elements, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        services = survey.service_list()
        if services:
            self.fields["service"] = forms.ChoiceField(
                label=_("Service received"),
                choices=[("", "—"), *((s, s) for s in services)],
                required=False,
            )
        else:
            self.fields["service"] = forms.CharField(
                label=_("Service received"), max_length=200, required=False
            )
        self.element_names = []
        for number, element in enumerate(elements, start=1):
            name = f"a{number}"
            self.element_names.append(name)
            self.fields[name] = forms.TypedChoiceField(
                label=f"{number}. {element.name}",
                help_text=element.help or "",
                choices=[
                    (lv.value, lv.descriptor or lv.label) for lv in reversed(element.answer.levels)
                ],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose one answer.")},
            )
        for index, question in enumerate(survey.questions):
            self.fields[f"q{index}"] = forms.CharField(
                label=question, max_length=500, required=False
            )
        self.fields["suggestion"] = forms.CharField(
            label=_("Suggestions for this service (optional)"),
            max_length=2000,
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        self.fields[HONEYPOT] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get(HONEYPOT))

    def element_fields(self):
        return [self[name] for name in self.element_names]

    def profile_fields(self):
        return [
            self[name]
            for name in ("age", "sex", "education", "occupation", "service", "visited_on")
        ]

    def extra_fields(self):
        return [self[f"q{index}"] for index in range(len(self.survey.questions))]

    def submission(self) -> dict:
        data = self.cleaned_data
        return {
            "answers": {n: data[f"a{n}"] for n in range(1, len(self.element_names) + 1)},
            "extra": {
                str(index): data[f"q{index}"]
                for index in range(len(self.survey.questions))
                if data.get(f"q{index}")
            },
            **{k: data[k] for k in ("sex", "education", "occupation", "service", "suggestion")},
            "age": data.get("age"),
            "visited_on": data.get("visited_on"),
        }


class IkmFilterForm(forms.Form):
    """The public IKM list's filters."""

    q = forms.CharField(label=_("Unit or region"), max_length=100, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)


class SurveyFieldsMixin(forms.Form):
    opens_on = PlausibleDateField(
        label=_("Opens on"), widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d")
    )
    closes_on = PlausibleDateField(
        label=_("Closes on"), widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d")
    )
    services = forms.CharField(
        label=_("Services offered (one per line)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    questions = forms.CharField(
        label=format_lazy(_("Extra questions (one per line, at most {n})"), n=MAX_QUESTIONS),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_questions(self):
        return _lines(self.cleaned_data["questions"])

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("The survey must close on or after the day it opens."))
        return data


class SurveyOpenForm(StyledForm, SurveyFieldsMixin):
    field_class = "mb-2"

    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    instrument_version = forms.ModelChoiceField(label=_("Instrument"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    period = forms.ChoiceField(label=_("Period"), choices=Period.choices)
    field_order = ["unit", "instrument_version", "year", "period", "opens_on", "closes_on"]

    def __init__(self, *args, units, versions, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("year", timezone.localdate().year)
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: f"{u.name} — {u.region.name}"
        self.fields["instrument_version"].queryset = versions
        self.fields["instrument_version"].label_from_instance = lambda v: f"{v.title} ({v.label})"
        first = versions.first()
        if first is not None:
            self.fields["instrument_version"].initial = first.pk


class SurveyEditForm(StyledForm, SurveyFieldsMixin):
    field_class = "mb-2"

    version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def initial_for(cls, survey) -> dict:
        return {
            "opens_on": survey.opens_on,
            "closes_on": survey.closes_on,
            "services": survey.services,
            "questions": "\n".join(survey.questions),
            "version": survey.version,
        }


class FollowUpForm(StyledForm):
    follow_up = forms.CharField(
        label=_("Follow-up actions on the lowest elements"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ExcludeForm(StyledForm):
    """Why the chosen answers (``responses``, ids read by the view) are excluded."""

    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class FeedForm(StyledForm):
    """The period whose surveys feed a cycle's survey component."""

    field_class = "mb-2"

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    period = forms.ChoiceField(label=_("Period"), choices=Period.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
