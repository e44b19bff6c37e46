import re

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from kinerja.common.dates import PlausibleDateField
from kinerja.common.forms import StyledForm
from kinerja.cycles.enums import AwardScheme
from kinerja.results.awards import preset


class DeterminationForm(StyledForm):
    field_class = "mb-2"  # the fields of a card (common/field.html)

    decree_number = forms.CharField(label=_("Decree number"), max_length=200)
    decree_date = PlausibleDateField(
        label=_("Decree date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    signatory_name = forms.CharField(label=_("Signatory name"), max_length=200)
    signatory_position = forms.CharField(label=_("Signatory position"), max_length=200)
    # Asked on the confirmation page only while scoring or the plenary is not over.
    override_reason = forms.CharField(
        label=_("Why the results must be determined now"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReopenForm(StyledForm):
    field_class = "mb-2"

    reason = forms.CharField(
        label=_("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 3})
    )


# ASCII digits only, and few of them: "²".isdigit() is true but int("²") fails.
_TOP = re.compile(r"^top\s*([0-9]{1,4})$", re.IGNORECASE)
_RANK = re.compile(r"^[0-9]{1,4}$")
_RANGE = re.compile(r"^([0-9]{1,4})\s*[-–]\s*([0-9]{1,4})$")


def _place(award: dict) -> str:
    """How a stored award's place is written in the custom list (the inverse of the parser)."""
    if award.get("rank"):
        return str(award["rank"])
    if award.get("from_rank"):
        return f"{award['from_rank']}-{award['top']}"
    return f"top {award['top']}"


class AwardSchemeForm(StyledForm):
    """Where the cycle's award categories come from; presets fill a custom list."""

    CHOICES = [
        (AwardScheme.INSTRUMENT, _("As the instrument says")),
        ("terbaik", _("Terbaik I–V (ranks 1 to 5)")),
        ("juara", _("Juara 1–3 and Harapan 1–2")),
        ("top", _("Top N (everyone within the first N)")),
        (AwardScheme.CUSTOM, _("My own list")),
        (AwardScheme.GRADE_ONLY, _("Grade (predikat) only, no ranked awards")),
    ]
    choice = forms.ChoiceField(
        label=_("Award categories"), choices=CHOICES, widget=forms.RadioSelect
    )
    top = forms.IntegerField(label=_("N of Top N"), min_value=1, max_value=10_000, required=False)
    lines = forms.CharField(
        label=_("My own list"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "class": "form-control font-monospace"}),
        help_text=_(
            "One award a line: the label, a semicolon, then the rank (e.g. “Juara I; 1”), "
            "“top N” (e.g. “5 Terbaik; top 5”) or a range of ranks (e.g. “10 Terbaik; 6-10”)."
        ),
    )

    @staticmethod
    def initial_for(cycle) -> dict:
        if cycle.award_scheme != AwardScheme.CUSTOM:
            return {"choice": cycle.award_scheme}
        return {
            "choice": AwardScheme.CUSTOM,
            "lines": "\n".join(f"{a['label']}; {_place(a)}" for a in cycle.awards),
        }

    def _parse_lines(self, text: str) -> list[dict]:
        awards = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            label, _sep, place = (part.strip() for part in line.partition(";"))
            top, span = _TOP.match(place), _RANGE.match(place)
            if not label or not (_RANK.match(place) or top or span):
                raise forms.ValidationError(
                    _(
                        "Line %(line)s: write the label, a semicolon, then a rank, “top N” or "
                        "a range of ranks such as “6-10”."
                    )
                    % {"line": number}
                )
            award = {"code": slugify(label)[:40] or f"award-{number}", "label": label}
            if top:
                award["top"] = int(top.group(1))
            elif span:
                first, last = int(span.group(1)), int(span.group(2))
                if not 1 <= first <= last:
                    raise forms.ValidationError(
                        _(
                            "Line %(line)s: a range of ranks goes from the first to the last, "
                            "e.g. “6-10”."
                        )
                        % {"line": number}
                    )
                award.update(from_rank=first, top=last)
            else:
                award["rank"] = int(place)
            awards.append(award)
        return awards

    def clean(self):
        data = super().clean()
        choice = data.get("choice")
        if choice in ("terbaik", "juara"):
            data["scheme"], data["awards"] = AwardScheme.CUSTOM, preset(choice)
        elif choice == "top":
            if not data.get("top"):
                self.add_error("top", _("Give the N of Top N."))
                return data
            data["scheme"], data["awards"] = AwardScheme.CUSTOM, preset("top", top=data["top"])
        elif choice == AwardScheme.CUSTOM:
            try:
                data["awards"] = self._parse_lines(data.get("lines") or "")
            except forms.ValidationError as error:
                self.add_error("lines", error)
                return data
            data["scheme"] = AwardScheme.CUSTOM
        else:
            data["scheme"], data["awards"] = choice, []
        return data


class RoundDecisionForm(StyledForm):
    """Who goes on after a round: the entrants ticked as the engine proposes, a reason needed
    (by the service) when the ticks differ from the proposal."""

    field_class = "mb-2"

    going_on = forms.TypedMultipleChoiceField(
        label=_("Go on"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(
        label=_("Reason (needed when the decision differs from the proposal)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, entrants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["going_on"].choices = [(e.participant_id, e.name) for e in entrants]
