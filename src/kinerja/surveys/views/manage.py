"""The keepers' pages: the surveys of their units with a new one, and one survey's page (its
IKM now, the public link and poster, the review queue of bursts, publishing, the follow-up)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from django.views.generic.base import TemplateResponseMixin

from kinerja.common.feedback import flash_errors
from kinerja.common.ids import parse_id
from kinerja.common.permissions import PermissionRequiredMixin
from kinerja.jobs import services as jobs
from kinerja.surveys import services
from kinerja.surveys.forms import ExcludeForm, FollowUpForm, SurveyEditForm, SurveyOpenForm
from kinerja.surveys.ikm import ikm_many, ikm_of
from kinerja.surveys.models import Survey
from kinerja.surveys.queries import (
    as_comments,
    bursts,
    comments,
    exclusions,
    keepable_units,
    kept_surveys,
    survey_versions,
)

COMMENTS_PAGE = 20


class SurveyListView(PermissionRequiredMixin, TemplateView):
    permission_required = "surveys.manage"
    template_name = "surveys/manage.html"

    def _form(self, data=None):
        user = self.request.user
        return SurveyOpenForm(data, units=keepable_units(user), versions=survey_versions(user))

    def get_context_data(self, **kwargs):
        form = kwargs.pop("form", None) or self._form()
        surveys = list(kept_surveys(self.request.user))
        ikms = ikm_many(surveys)
        rows = [(survey, ikms[survey.pk]) for survey in surveys]
        return super().get_context_data(form=form, rows=rows, **kwargs)

    def post(self, request, *args, **kwargs):
        form = self._form(request.POST)
        if form.is_valid():
            try:
                survey = services.open_survey(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("%(survey)s is open.") % {"survey": survey})
                return redirect("surveys:detail", survey_id=survey.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SurveyMixin(PermissionRequiredMixin, TemplateResponseMixin):
    """The survey of the URL, checked with ``permission_required`` (read: its unit's people)."""

    permission_required = "surveys.view_survey"
    template_name = "surveys/detail.html"

    def get_permission_object(self):
        if not hasattr(self, "survey"):
            self.survey = get_object_or_404(
                Survey.objects.select_related("unit__region", "instrument_version__instrument"),
                pk=self.kwargs["survey_id"],
            )
        return self.survey

    def render_page(self, *, status: int = 200, edit_form=None, follow_up_form=None):
        survey = self.survey
        comments_page = Paginator(comments(survey), COMMENTS_PAGE).get_page(
            self.request.GET.get("halaman")
        )
        may_change = self.request.user.has_perm("surveys.change_survey", survey)
        context = {
            "survey": survey,
            "ikm": ikm_of(survey),
            "may_change": may_change,
            "public_url": self.request.build_absolute_uri(survey_public_path(survey)),
            "edit_form": edit_form or SurveyEditForm(initial=SurveyEditForm.initial_for(survey)),
            "follow_up_form": follow_up_form
            or FollowUpForm(initial={"follow_up": survey.follow_up, "version": survey.version}),
            "exclude_form": ExcludeForm(),
            "bursts": bursts(survey),
            "exclusions": exclusions(survey),
            "comments": comments_page,
            "comment_rows": as_comments(survey, comments_page),
        }
        return self.render_to_response(context, status=status)


def survey_public_path(survey: Survey) -> str:
    return reverse("survey_public:form", kwargs={"token": survey.token})


class SurveyDetailView(SurveyMixin, View):
    def get(self, request, survey_id: int):
        return self.render_page()

    def post(self, request, survey_id: int):
        if "follow_up" in request.POST:
            form = FollowUpForm(request.POST)
            if not form.is_valid():
                return self.render_page(status=400, follow_up_form=form)
            try:
                services.record_follow_up(
                    self.survey,
                    text=form.cleaned_data["follow_up"],
                    expected_version=form.cleaned_data["version"],
                    by=request.user,
                )
            except ValidationError as error:
                flash_errors(request, error)
            else:
                messages.success(request, _("The follow-up is saved."))
            return redirect("surveys:detail", survey_id=self.survey.pk)
        return self.render_page(status=400)


class SurveyChangeMixin(SurveyMixin):
    permission_required = "surveys.change_survey"


class SurveyEditView(SurveyChangeMixin, View):
    def post(self, request, survey_id: int):
        form = SurveyEditForm(request.POST)
        if not form.is_valid():
            return self.render_page(status=400, edit_form=form)
        data = dict(form.cleaned_data)
        try:
            services.update_survey(
                self.survey, expected_version=data.pop("version"), by=request.user, **data
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("%(survey)s is saved.") % {"survey": self.survey})
        return redirect("surveys:detail", survey_id=self.survey.pk)


class SurveyPublishView(SurveyChangeMixin, View):
    def post(self, request, survey_id: int):
        publish = "publish" in request.POST
        services.set_published(self.survey, published=publish, by=request.user)
        messages.success(
            request, _("The IKM is public.") if publish else _("The IKM is no longer public.")
        )
        return redirect("surveys:detail", survey_id=self.survey.pk)


class SurveyExcludeView(SurveyChangeMixin, View):
    """Exclude (``exclude``) or reinstate (``include``) the posted answers of the survey."""

    def post(self, request, survey_id: int):
        ids = [i for i in (parse_id(v) for v in request.POST.getlist("responses")) if i]
        exclude = "include" not in request.POST
        form = ExcludeForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        try:
            changed = services.set_excluded(
                self.survey, ids, excluded=exclude, by=request.user, reason=reason
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            message = (
                _("%(n)s answers are excluded; they are kept and no longer count.")
                if exclude
                else _("%(n)s answers count again.")
            )
            messages.success(request, message % {"n": changed})
        return redirect("surveys:detail", survey_id=self.survey.pk)


class SurveyRecountView(SurveyChangeMixin, View):
    """Recount the survey's IKM from every counted answer, as a job (its page follows it)."""

    def post(self, request, survey_id: int):
        job = jobs.start(
            "ikm_recount",
            label=_("Recount the IKM of %(survey)s") % {"survey": self.survey},
            by=request.user,
            params={"survey": self.survey.pk},
        )
        return redirect("jobs:detail", job_id=job.pk)
