"""The forms of the unit directory: a unit, a region, a unit import."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from kinerja.common.forms import style_widgets
from kinerja.common.tabular import MAX_TABLE_BYTES
from kinerja.tenancy.scope import regions_in_scope, units_in_scope
from kinerja.units.enums import UNIT_REGION_KINDS, RegionKind, TimeZoneName
from kinerja.units.models import Region, Unit
from kinerja.units.validators import region_code_errors


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["kind", "name", "short_name", "code", "region", "parent", "active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        region_id = self.initial.get("region") or (
            self.instance.region_id if self.instance.pk else None
        )
        parents = units_in_scope(user).select_related("region").order_by("name")
        if region_id:
            parents = parents.filter(region_id=region_id)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["region"].queryset = regions_in_scope(
            user, Region.objects.filter(kind__in=UNIT_REGION_KINDS)
        ).order_by("code")
        style_widgets(self)


class RegionForm(forms.ModelForm):
    """A region the Kemendagri list lacks, added by the platform administrator. The code's shape
    is checked against the kind and the parent here, for messages by field, and again by
    ``services.create_region``."""

    class Meta:
        model = Region
        fields = ["code", "name", "kind", "parent", "time_zone"]
        help_texts = {
            "code": _(
                "Kemendagri code: 35 (province), 35.07 (regency/city), 35.07.12 (kecamatan)."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        parent.queryset = Region.objects.exclude(kind=RegionKind.KECAMATAN).order_by("code")
        parent.label_from_instance = lambda region: f"{region.code} · {region.name}"
        parent.help_text = _("None for a province.")
        self.fields["time_zone"].initial = TimeZoneName.WIB
        style_widgets(self)

    def clean(self):
        cleaned = super().clean()
        code, kind, parent = cleaned.get("code"), cleaned.get("kind"), cleaned.get("parent")
        if code and kind and "parent" not in self.errors:
            errors = region_code_errors(
                code=code,
                kind=kind,
                parent_code=parent.code if parent else None,
                parent_kind=parent.kind if parent else None,
            )
            for name, message in errors.items():
                self.add_error(name, message)
        return cleaned


class UnitImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "Columns: kode, nama, singkatan, jenis, wilayah, induk, aktif. The first row holds the "
            "column names."
        ),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_TABLE_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; at most %(limit)s is accepted.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_TABLE_BYTES)}
            )
        return upload
