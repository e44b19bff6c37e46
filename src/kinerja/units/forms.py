from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from kinerja.common.tabular import MAX_TABLE_BYTES
from kinerja.tenancy.scope import regions_in_scope, units_in_scope
from kinerja.units.models import Unit


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
        self.fields["region"].queryset = regions_in_scope(user).order_by("code")
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            if isinstance(field.widget, forms.CheckboxInput):
                css = "form-check-input"
            field.widget.attrs.setdefault("class", css)


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
