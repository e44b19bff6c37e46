from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from kinerja.common.feedback import flash_errors
from kinerja.cycles import gates
from kinerja.cycles.loaders import CycleMixin
from kinerja.jobs import services as jobs
from kinerja.results import services
from kinerja.results.forms import DeterminationForm, ReopenForm
from kinerja.results.integrity import snapshot_intact
from kinerja.results.jobs import determination_params
from kinerja.results.models import Announcement, Determination
from kinerja.results.queries import current_determination, ranking

# --- penetapan (determination) ---------------------------------------------------------------


class DeterminationView(CycleMixin, TemplateView):
    """The organiser's page: determine (decree fields), the version history with hashes and
    reopen reasons, reopen, publish and withdraw."""

    permission_required = "results.determine"
    template_name = "results/determination.html"

    def get_context_data(self, **kwargs):
        kwargs.pop("cycle_id", None)
        history = list(
            Determination.objects.filter(cycle=self.cycle).select_related(
                "determined_by", "reopened_by"
            )
        )
        current = next((d for d in history if d.is_current), None)
        # Every version's frozen record is checked against its hash (a mismatch is audited).
        altered = [d.pk for d in history if not snapshot_intact(d, by=self.request.user)]
        if current is not None and current.pk in altered:
            kwargs.setdefault("altered_message", services.altered_message(current))
        announcement = Announcement.objects.filter(cycle=self.cycle).first()
        # The decree of the results is a new one: never the cycle's formation decree.
        kwargs.setdefault("form", DeterminationForm())
        kwargs.setdefault("reopen_form", ReopenForm())
        return super().get_context_data(
            cycle=self.cycle,
            history=history,
            altered=altered,
            current=current,
            announcement=announcement if announcement and announcement.is_live else None,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        url = reverse("results:determination", kwargs={"cycle_id": self.cycle.pk})
        try:
            if action == "determine":
                return self._determine(request)
            elif action == "reopen":
                form = ReopenForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(
                        self.get_context_data(reopen_form=form), status=400
                    )
                services.reopen_determination(
                    self.cycle, reason=form.cleaned_data["reason"], by=request.user
                )
                messages.success(request, _("Determination reopened."))
            elif action == "publish":
                if not confirmed(request):
                    return self._confirm_page(step="publish")
                announcement = services.publish(self.cycle, by=request.user)
                messages.success(request, _("Results announced."))
                if self.cycle.participants.count() > settings.KINERJA_BUNDLE_AS_JOB_ABOVE:
                    job = jobs.start(
                        "certificate_bundle",
                        label=_("Certificates of %(cycle)s") % {"cycle": self.cycle.name},
                        by=request.user,
                        cycle=self.cycle,
                        params={
                            "determination": announcement.determination_id,
                            "base_url": request.build_absolute_uri("/"),
                        },
                    )
                    return redirect("jobs:detail", job_id=job.pk)
            elif action == "withdraw":
                services.withdraw(self.cycle, by=request.user)
                messages.success(request, _("Announcement withdrawn."))
            else:
                return HttpResponseBadRequest()
        except ValidationError as error:
            flash_errors(request, error)
        return redirect(url)

    def _determine(self, request):
        """Determining takes two posts: the decree fields, then the confirmation page's (which
        shows what will be frozen and asks why when scoring or the plenary is not over)."""
        form = DeterminationForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if not confirmed(request):
            return self._confirm_page(step="determine", form=form)
        if self.cycle.participants.count() > settings.KINERJA_DETERMINE_AS_JOB_ABOVE:
            return self._determine_as_job(form)
        try:
            determination = services.determine(self.cycle, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            if getattr(error, "code", None) != "stages_open":
                flash_errors(request, error)
                return redirect("results:determination", cycle_id=self.cycle.pk)
            form.add_error("override_reason", error)
            return self._confirm_page(step="determine", form=form, status=400)
        messages.success(
            request,
            _("Results determined (version %(version)s).") % {"version": determination.version},
        )
        return redirect("results:determination", cycle_id=self.cycle.pk)

    def _determine_as_job(self, form):
        """A large cycle is determined by a worker: the checks the form can show in place first
        (the stages still open), then the job; its page follows it to the determination."""
        if (
            gates.unfinished_before_determination(self.cycle)
            and not (form.cleaned_data.get("override_reason") or "").strip()
        ):
            form.add_error(
                "override_reason",
                _(
                    "Scoring or the plenary is not over yet: give the reason the results must be "
                    "determined now."
                ),
            )
            return self._confirm_page(step="determine", form=form, status=400)
        job = jobs.start(
            "determine",
            label=_("Determine the results of %(cycle)s") % {"cycle": self.cycle.name},
            by=self.request.user,
            cycle=self.cycle,
            params=determination_params(form.cleaned_data),
        )
        return redirect("jobs:detail", job_id=job.pk)

    def _confirm_page(self, *, step: str, form=None, status: int = 200):
        preview = ranking(self.cycle)
        return TemplateResponse(
            self.request,
            "results/determination_confirm.html",
            {
                "cycle": self.cycle,
                "step": step,
                "form": form,
                "unfinished": gates.unfinished_before_determination(self.cycle),
                "current": current_determination(self.cycle, snapshot=False),
                "entrant_count": preview.count(),
                "preview": preview[:PREVIEW_ROWS],
            },
            status=status,
        )


PREVIEW_ROWS = 10
"""Rows of the ranking the confirmation page shows (the count says how many more)."""


def confirmed(request) -> bool:
    return request.POST.get("confirmed") == "1"
