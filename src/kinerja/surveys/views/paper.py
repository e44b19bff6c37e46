"""Paper forms: the unit's people upload the typed-in table; it is checked first (a dry run,
each problem with its row and column) and imported whole only when asked and clean."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from kinerja.common.forms import StyledForm
from kinerja.common.tabular import MAX_TABLE_BYTES
from kinerja.surveys import paper
from kinerja.surveys.views.manage import SurveyMixin


class PaperForm(StyledForm):
    file = forms.FileField(label=gettext_lazy("Table of paper forms (XLSX or CSV)"))
    dry_run = forms.BooleanField(
        label=gettext_lazy("Only check the file (write nothing)"), required=False, initial=True
    )


class PaperImportView(SurveyMixin, View):
    template_name = "surveys/paper.html"

    def _page(self, form, *, checked=None, status=200):
        return self.render_to_response(
            {"survey": self.survey, "form": form, "checked": checked}, status=status
        )

    def get(self, request, survey_id: int):
        return self._page(PaperForm())

    def post(self, request, survey_id: int):
        form = PaperForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._page(form, status=400)
        upload = form.cleaned_data["file"]
        if upload.size > MAX_TABLE_BYTES:
            form.add_error("file", _("The file is too large (at most 10 MB)."))
            return self._page(form, status=400)
        checked = paper.check_file(self.survey, upload.read(), filename=upload.name)
        if form.cleaned_data["dry_run"] or not checked.ok:
            return self._page(form, checked=checked, status=200 if checked.ok else 400)
        count = paper.import_file(self.survey, checked, by=request.user)
        messages.success(request, _("%(n)s paper forms are imported and counted.") % {"n": count})
        return redirect("surveys:detail", survey_id=self.survey.pk)
