from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.common.dates import PlausibleDateField
from kinerja.common.forms import StyledForm
from kinerja.innovations.enums import InnovationStatus

MAX_FIGURES = 20


class InnovationForm(StyledForm):
    field_class = "mb-2"

    owner = forms.ModelChoiceField(label=_("Owner unit"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    acronym = forms.CharField(label=_("Acronym"), max_length=60, required=False)
    started_on = PlausibleDateField(
        label=_("Start date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    status = forms.ChoiceField(label=_("Status"), choices=InnovationStatus.choices)
    replicated_from = forms.CharField(
        label=_("Replicated from (with the status “replicated”)"), max_length=300, required=False
    )
    serves = forms.CharField(label=_("Criteria or aspects served"), max_length=500, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    video_url = forms.URLField(
        label=_("Video link"), required=False, max_length=200, assume_scheme="https"
    )
    figures = forms.CharField(
        label=_("Before and after figures (one per line: label; before; after)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda u: f"{u.name} — {u.region.name}"

    def clean_figures(self) -> list[dict]:
        lines = [line for line in self.cleaned_data["figures"].splitlines() if line.strip()]
        if len(lines) > MAX_FIGURES:
            raise forms.ValidationError(_("At most %(count)s figures.") % {"count": MAX_FIGURES})
        figures = []
        for number, line in enumerate(lines, start=1):
            parts = [part.strip() for part in line.split(";")]
            if len(parts) != 3 or not parts[0] or any(len(p) > 100 for p in parts):
                raise forms.ValidationError(
                    _("Line %(line)s: write “label; before; after” (each up to 100 characters).")
                    % {"line": number}
                )
            figures.append({"label": parts[0], "before": parts[1], "after": parts[2]})
        return figures

    def clean(self):
        data = super().clean()
        if data.get("status") == InnovationStatus.REPLICATED and not data.get("replicated_from"):
            self.add_error("replicated_from", _("Name the innovation it replicates."))
        return data

    @staticmethod
    def initial_for(innovation) -> dict:
        lines = [f"{f['label']}; {f['before']}; {f['after']}" for f in innovation.figures or []]
        return {
            "owner": innovation.owner_id,
            "title": innovation.title,
            "acronym": innovation.acronym,
            "started_on": innovation.started_on,
            "status": innovation.status,
            "replicated_from": innovation.replicated_from,
            "serves": innovation.serves,
            "description": innovation.description,
            "video_url": innovation.video_url,
            "figures": "\n".join(lines),
        }


class InnovationFileForm(StyledForm):
    field_class = "mb-2"

    file = forms.FileField(
        label=_("Document or photo (PDF, Word, PowerPoint, Excel, OpenDocument, JPEG, PNG, WebP)"),
        allow_empty_file=True,
    )
    caption = forms.CharField(label=_("Caption"), max_length=300, required=False)
