from __future__ import annotations

import time

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from kinerja.common.permissions import PermissionRequiredMixin
from kinerja.cycles.models import Cycle
from kinerja.reports.letterhead import letterhead_for
from kinerja.reports.pdf import PDF_CONTENT_TYPE, render_pdf
from kinerja.results import services
from kinerja.results.cards import report_card
from kinerja.results.compute import recompute_cycle
from kinerja.results.exports import write_rekap
from kinerja.results.forms import DeterminationForm, ReopenForm
from kinerja.results.models import Announcement, Determination
from kinerja.results.queries import current_determination, live_announcement, ranking

PAGE_SIZE = 500


class RankingView(PermissionRequiredMixin, TemplateView):
    """The cycle's ranking as computed so far (organiser and team; published results come with
    the announcement)."""

    permission_required = "results.view_ranking"
    template_name = "results/ranking.html"

    def get_permission_object(self):
        try:
            self.cycle = Cycle.objects.select_related("instrument_version").get(
                pk=self.kwargs["pk"]
            )
        except Cycle.DoesNotExist:
            raise Http404 from None
        return self.cycle

    def get_context_data(self, **kwargs):
        kwargs.pop("pk", None)
        instrument = self.cycle.instrument_version.definition
        page = Paginator(ranking(self.cycle), PAGE_SIZE).get_page(self.request.GET.get("halaman"))
        components = [c for c in instrument.components if c.weight > 0]
        return super().get_context_data(
            cycle=self.cycle,
            page=page,
            components=components,
            awards={a.code: a.label for a in instrument.awards},
            can_recompute=self.request.user.has_perm("results.recompute", self.cycle),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("results.recompute", self.cycle):
            raise Http404
        started = time.perf_counter()
        report = recompute_cycle(self.cycle)
        messages.success(
            request,
            _("%(count)s results recomputed in %(seconds).1f s.")
            % {"count": report.participants, "seconds": time.perf_counter() - started},
        )
        return redirect("results:ranking", pk=self.cycle.pk)


# --- penetapan (determination) ---------------------------------------------------------------


class DeterminationView(PermissionRequiredMixin, TemplateView):
    """The organiser's page: determine (decree fields), the version history with hashes and
    reopen reasons, reopen, publish and withdraw."""

    permission_required = "results.determine"
    template_name = "results/determination.html"

    def get_permission_object(self):
        try:
            self.cycle = Cycle.objects.get(pk=self.kwargs["pk"])
        except Cycle.DoesNotExist:
            raise Http404 from None
        return self.cycle

    def get_context_data(self, **kwargs):
        kwargs.pop("pk", None)
        history = list(
            Determination.objects.filter(cycle=self.cycle).select_related(
                "determined_by", "reopened_by"
            )
        )
        current = next((d for d in history if d.is_current), None)
        announcement = Announcement.objects.filter(cycle=self.cycle).first()
        kwargs.setdefault(
            "form",
            DeterminationForm(
                initial={
                    "decree_number": self.cycle.decree_number,
                    "decree_date": self.cycle.decree_date,
                }
            ),
        )
        kwargs.setdefault("reopen_form", ReopenForm())
        return super().get_context_data(
            cycle=self.cycle,
            history=history,
            current=current,
            announcement=announcement if announcement and announcement.is_live else None,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        url = reverse("results:determination", kwargs={"pk": self.cycle.pk})
        try:
            if action == "determine":
                form = DeterminationForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(form=form), status=400)
                determination = services.determine(self.cycle, by=request.user, **form.cleaned_data)
                messages.success(
                    request,
                    _("Results determined (version %(version)s).")
                    % {"version": determination.version},
                )
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
                services.publish(self.cycle, by=request.user)
                messages.success(request, _("Results announced."))
            elif action == "withdraw":
                services.withdraw(self.cycle, by=request.user)
                messages.success(request, _("Announcement withdrawn."))
            else:
                return HttpResponseBadRequest()
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        return redirect(url)


# --- pengumuman (public announcement) ----------------------------------------------------------


class AnnouncementMixin:
    """Public once announced; before that only the organiser and the team preview the current
    determination, and everyone else gets 404 (no login redirect: nothing may leak)."""

    def load(self, request, cycle_id: int):
        announcement = live_announcement(cycle_id)
        if announcement is not None:
            self.cycle, self.determination, self.preview = (
                announcement.cycle,
                announcement.determination,
                False,
            )
            return
        cycle = Cycle.objects.select_related("instrument_version").filter(pk=cycle_id).first()
        if cycle is None or not request.user.has_perm("results.preview_announcement", cycle):
            raise Http404
        determination = current_determination(cycle)
        if determination is None:
            raise Http404
        self.cycle, self.determination, self.preview = cycle, determination, True

    def base_context(self) -> dict:
        instrument = self.cycle.instrument_version.definition
        return {
            "cycle": self.cycle,
            "determination": self.determination,
            "preview": self.preview,
            "instrument": instrument,
            "award_labels": {a.code: a.label for a in instrument.awards},
        }


class AnnouncementView(AnnouncementMixin, View):
    def get(self, request, cycle_id: int):
        self.load(request, cycle_id)
        context = self.base_context()
        labels = context["award_labels"]
        context["rows"] = [
            {**row, "award_names": [labels.get(code, code) for code in row.get("awards") or []]}
            for row in self.determination.snapshot
        ]
        return TemplateResponse(request, "results/announcement.html", context)


def _card_context(view: AnnouncementMixin, participant_id: int) -> dict:
    context = view.base_context()
    card = report_card(view.determination.snapshot, participant_id, context["instrument"])
    if card is None:
        raise Http404
    labels = context["award_labels"]
    context.update(
        card=card,
        row=card.row,
        award_names=[labels.get(code, code) for code in card.row.get("awards") or []],
        chart=mark_safe(card.chart_svg),  # noqa: S308 -- our own SVG, every label escaped
    )
    return context


class ReportCardView(AnnouncementMixin, View):
    def get(self, request, cycle_id: int, participant_id: int):
        self.load(request, cycle_id)
        context = _card_context(self, participant_id)
        return TemplateResponse(request, "results/report_card.html", context)


class ReportCardPdfView(AnnouncementMixin, View):
    def get(self, request, cycle_id: int, participant_id: int):
        self.load(request, cycle_id)
        context = _card_context(self, participant_id)
        context.update(
            letterhead=letterhead_for(self.cycle.organiser_unit),
            generated_at=timezone.now(),
            document_hash=self.determination.sha256,
        )
        data = render_pdf("results/report_card_pdf.html", context, request=request)
        response = HttpResponse(data, content_type=PDF_CONTENT_TYPE)
        response["Content-Disposition"] = (
            f'inline; filename="rapor-{self.cycle.pk}-{participant_id}.pdf"'
        )
        return response


class RekapView(RankingView):
    """The XLSX rekap of the current results (organiser and team, like the ranking)."""

    def get(self, request, *args, **kwargs):
        response = HttpResponse(
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="rekap-{self.cycle.pk}.xlsx"'
        write_rekap(self.cycle, response)
        return response

    def post(self, request, *args, **kwargs):
        raise Http404
