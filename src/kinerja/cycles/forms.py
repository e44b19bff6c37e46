import datetime as dt
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinerja.accounts.models import User
from kinerja.common.dates import PlausibleDateField, PlausibleDateTimeField, validate_plausible_date
from kinerja.common.forms import CompactFormMixin, StyledForm, style_widgets
from kinerja.cycles.enums import TeamRole
from kinerja.cycles.models import Cycle, Participant, Stage, TeamMember
from kinerja.cycles.services.cycle import CYCLE_FIELDS
from kinerja.cycles.services.stages import STAGE_FIELDS
from kinerja.innovations.models import Innovation
from kinerja.instruments.models import InstrumentVersion
from kinerja.instruments.queries import instruments_for
from kinerja.tenancy.scope import bodies_of
from kinerja.units.enums import UnitKind
from kinerja.units.forms import UnitChoiceField
from kinerja.units.matching import Problem, UnitMatcher, explain
from kinerja.units.models import Region, Unit
from kinerja.units.queries import unit_label


class ParticipantChoiceField(forms.ModelChoiceField):
    """A participant shown as its unit with the unit's region (needs ``unit__region`` loaded)."""

    def label_from_instance(self, obj):
        return unit_label(obj.unit)


class TeamMemberChoiceField(forms.ModelChoiceField):
    """A team member with where they come from: an agency of the government or an institution."""

    def label_from_instance(self, obj):
        origin = obj.agency.name if obj.agency_id else obj.institution
        return f"{obj.user} — {origin}" if origin else str(obj.user)


class CycleCreateForm(StyledForm):
    version = forms.ModelChoiceField(
        label=_("Instrument version"),
        queryset=InstrumentVersion.objects.select_related("instrument").order_by(
            "instrument__code", "-imported_at"
        ),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    organiser_unit = UnitChoiceField(label=_("Organising unit"), queryset=Unit.objects.none())
    starts_on = PlausibleDateField(
        label=_("First stage starts on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    decree_number = forms.CharField(label=_("Decree number"), max_length=200, required=False)
    decree_date = PlausibleDateField(
        label=_("Decree date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    principles = forms.CharField(label=_("Principles"), max_length=500, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser_unit"].queryset = bodies_of(user).order_by("region__code", "name")
        self.fields["version"].queryset = instruments_for(user, self.fields["version"].queryset)


class CycleEditForm(forms.ModelForm):
    class Meta:
        model = Cycle
        fields = list(CYCLE_FIELDS)  # what update_cycle saves
        widgets = {
            "decree_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = bodies_of(user).order_by("region__code", "name")
        if self.instance.organiser_unit_id:
            # The body running it stays selectable even for the platform administrator's view.
            bodies = bodies | Unit.objects.filter(pk=self.instance.organiser_unit_id)
        self.fields["organiser_unit"] = UnitChoiceField(
            label=_("Organising unit"), queryset=bodies.select_related("region").distinct()
        )
        self.fields["decree_date"].validators.append(validate_plausible_date)
        style_widgets(self)


class LocalDateTimeField(PlausibleDateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
        super().__init__(*args, **kwargs)


class StageForm(forms.ModelForm):
    """One stage row; times are entered in the cycle's own time zone (WIB/WITA/WIT)."""

    starts_at = LocalDateTimeField(label=_("Starts"))
    ends_at = LocalDateTimeField(label=_("Ends"))

    class Meta:
        model = Stage
        fields = [f for f in STAGE_FIELDS if f != "order"]  # the order is the row's position

    def __init__(self, *args, time_zone="Asia/Jakarta", **kwargs):
        self.zone = ZoneInfo(time_zone)
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            value = self.initial.get(name)
            if isinstance(value, dt.datetime):
                self.initial[name] = timezone.localtime(value, self.zone).replace(tzinfo=None)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            else:
                widget.attrs.setdefault("class", "form-control form-control-sm")

    def clean(self):
        data = super().clean()
        for name in ("starts_at", "ends_at"):
            value = data.get(name)
            if value is not None:
                data[name] = value.replace(tzinfo=None).replace(tzinfo=self.zone)
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("A stage must end after it starts."))
        return data


class BaseStageFormSet(forms.BaseModelFormSet):
    """The stage plan as one form: every existing stage must come back, kept or ticked "Delete".

    A post that leaves rows out (an old page, a clipped request, ``TOTAL_FORMS=-1``) used to
    delete the missing stages silently; now it changes nothing and says so.
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # A row's inputs sit in table cells under the column headings, with no <label> of
        # their own: each is named by its field's label (Delete included).
        for field in form.fields.values():
            if not field.widget.is_hidden:
                field.widget.attrs.setdefault("aria-label", field.label)

    def clean(self):
        super().clean()
        posted = [form.cleaned_data.get("id") for form in self.forms if form.cleaned_data]
        posted_ids = [stage.pk for stage in posted if stage is not None]
        existing = {stage.pk for stage in self.get_queryset()}
        if len(posted_ids) != len(set(posted_ids)) or set(posted_ids) != existing:
            raise forms.ValidationError(
                _(
                    "The form did not carry every stage of the cycle, so nothing was changed. "
                    "Reload the page and try again; remove a stage with its Delete box."
                ),
                code="stages_missing",
            )
        kept = [
            form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if existing and not kept:
            raise forms.ValidationError(
                _("A cycle needs at least one stage; nothing was deleted."), code="no_stages"
            )


StageFormSet = forms.modelformset_factory(
    Stage, form=StageForm, formset=BaseStageFormSet, extra=1, can_delete=True
)


class AddParticipantsForm(StyledForm):
    field_class = "mb-2"  # the fields of a card (common/field.html)

    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none())
    kind = forms.ChoiceField(label=_("Kind of unit"), choices=UnitKind.choices)
    include_inactive = forms.BooleanField(label=_("Include inactive units"), required=False)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions.order_by("code")


class AddParticipantsByNameForm(CompactFormMixin, StyledForm):
    """One unit per line, by official code or name; a name shared with units of other regions
    takes its region (``kinerja.units.matching``), e.g. one kecamatan per kab/kota."""

    units = forms.CharField(
        label=_("Units, one per line (code or name)"),
        help_text=_(
            "A name that units of several regions share needs its region, as the lists show "
            "it: “Kecamatan Batu — Kota Batu” or “Kecamatan Batu (35.79)”."
        ),
        widget=forms.Textarea(
            attrs={
                "rows": 5,
                "placeholder": "35.79.02\nKecamatan Margahayu\nKecamatan Batu — Kota Batu",
            }
        ),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = units.select_related("region")

    def clean_units(self):
        lines = [line.strip() for line in self.cleaned_data["units"].splitlines() if line.strip()]
        matcher: UnitMatcher[Unit] = UnitMatcher(self.units)
        units, errors = [], []
        for number, line in enumerate(lines, start=1):
            match = matcher.resolve(line)
            if match.target is not None:
                units.append(match.target)
            elif match.problem is Problem.NOT_FOUND:
                errors.append(_("line %(n)s: no unit %(value)s") % {"n": number, "value": line})
            else:
                errors.append(
                    # Translators: problem is a sentence that starts with the quoted line.
                    _("line %(n)s: %(problem)s") % {"n": number, "problem": explain(match)}
                )
        if errors:
            raise forms.ValidationError(errors)
        return units


class AddInnovationEntriesForm(CompactFormMixin, StyledForm):
    """One innovation per line: its unit, a semicolon, its title or acronym ("Dinas Pendidikan;
    Ada Kelas di ATV"). A unit may enter several innovations, one line each."""

    entries = forms.CharField(
        label=_("Innovations, one per line (unit; title or acronym)"),
        help_text=_(
            "The innovation must already be recorded for that unit. A unit may enter several "
            "innovations, one line each."
        ),
        widget=forms.Textarea(
            attrs={
                "rows": 4,
                "placeholder": "Dinas Pendidikan; Ada Kelas di ATV\nDisperpusip; Adiarta",
            }
        ),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = units.select_related("region")

    def clean_entries(self):
        lines = [line.strip() for line in self.cleaned_data["entries"].splitlines() if line.strip()]
        matcher: UnitMatcher[Unit] = UnitMatcher(self.units, short_names=True)  # "Disdik"
        wanted, errors = [], []  # errors: (line, message), shown in line order
        for number, line in enumerate(lines, start=1):
            unit_text, _semicolon, title = (part.strip() for part in line.partition(";"))
            if not unit_text or not title:
                errors.append(
                    (
                        number,
                        _("line %(n)s: write the unit, a semicolon, then the innovation's title")
                        % {"n": number},
                    )
                )
                continue
            match = matcher.resolve(unit_text)
            if match.target is not None:
                wanted.append((number, match.target, title))
            elif match.problem is Problem.NOT_FOUND:
                unknown = _("line %(n)s: no unit %(value)s") % {"n": number, "value": unit_text}
                errors.append((number, unknown))
            else:
                # Translators: problem is a sentence that starts with the quoted unit.
                problem = _("line %(n)s: %(problem)s") % {"n": number, "problem": explain(match)}
                errors.append((number, problem))
        found = self._innovations({unit.pk for _n, unit, _t in wanted})
        innovations = []
        for number, unit, title in wanted:
            innovation = found.get((unit.pk, title.casefold()))
            if innovation is None:
                missing = _("line %(n)s: %(unit)s has no innovation %(title)s") % {
                    "n": number,
                    "unit": unit.name,
                    "title": title,
                }
                errors.append((number, missing))
            else:
                innovations.append(innovation)
        if errors:
            raise forms.ValidationError([m for _n, m in sorted(errors, key=lambda e: e[0])])
        return innovations

    @staticmethod
    def _innovations(unit_ids: set[int]) -> dict[tuple[int, str], Innovation]:
        """The units' innovations by (unit, title) and (unit, acronym), case-insensitive: one
        query for every line."""
        found: dict[tuple[int, str], Innovation] = {}
        for innovation in Innovation.objects.filter(owner_id__in=unit_ids):
            found[(innovation.owner_id, innovation.title.casefold())] = innovation
            if innovation.acronym:
                found.setdefault((innovation.owner_id, innovation.acronym.casefold()), innovation)
        return found


class TeamMemberForm(CompactFormMixin, StyledForm):
    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    agency = UnitChoiceField(label=_("Origin agency"), queryset=Unit.objects.none(), required=False)
    institution = forms.CharField(
        label=_("Institution (outside government)"),
        max_length=200,
        required=False,
        help_text=_(
            "For a juror who is not from a government unit: a university, a press "
            "institute, a practitioners' association."
        ),
    )
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=TeamRole.choices, initial=TeamRole.MEMBER)
    panel = forms.CharField(label=_("Panel"), max_length=100, required=False)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies.select_related("region").order_by(
            "region__code", "name"
        )

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        User.username_validator(username)
        return username

    def clean(self):
        data = super().clean()
        if data.get("agency") and data.get("institution"):
            raise forms.ValidationError(
                _("Give either a government unit or an outside institution, not both.")
            )
        return data


class TeamImportForm(CompactFormMixin, StyledForm):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "Columns: username, nama, nip, jabatan, instansi (a unit) or lembaga (an outside "
            "institution), peran, panel, email."
        ),
    )


class AutoAssignForm(CompactFormMixin, StyledForm):
    k = forms.IntegerField(
        label=_("Evaluators per participant"), min_value=1, max_value=20, initial=3
    )
    min_agencies = forms.IntegerField(
        label=_("At least this many different agencies"),
        min_value=0,
        max_value=20,
        initial=0,
        required=False,
    )
    by_panel = forms.BooleanField(label=_("Only within panels"), required=False)


class ManualAssignForm(CompactFormMixin, StyledForm):
    evaluator = TeamMemberChoiceField(label=_("Evaluator"), queryset=TeamMember.objects.none())
    participant = ParticipantChoiceField(
        label=_("Participant"), queryset=Participant.objects.none()
    )

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluator"].queryset = cycle.team.select_related("user", "agency").order_by(
            "user__full_name"
        )
        self.fields["participant"].queryset = cycle.participants.select_related(
            "unit__region"
        ).order_by("unit__name", "unit__region__code")


class ConflictForm(CompactFormMixin, StyledForm):
    participant = ParticipantChoiceField(
        label=_("Participant"), queryset=Participant.objects.none()
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = cycle.participants.select_related(
            "unit__region"
        ).order_by("unit__name", "unit__region__code")


class ResolveConflictForm(StyledForm):
    accept = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Accept: exclude the evaluator")), ("0", _("Reject"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class InvitationForm(StyledForm):
    body = UnitChoiceField(label=_("Government to invite"), queryset=Unit.objects.none())
    quota = forms.IntegerField(
        label=_("Nomination quota"),
        min_value=1,
        max_value=100,
        initial=1,
        help_text=_("How many of its units the invited government may nominate."),
    )
    unit_kind = forms.ChoiceField(
        label=_("Kind of unit to nominate"),
        choices=[("", _("Any kind")), *UnitKind.choices],
        required=False,
        help_text=_("Only units of this kind may be nominated (kecamatan in an SKK)."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
