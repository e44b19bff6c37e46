"""The appeal (sanggah) pages: the unit's appeals of a participant with the filing form, and the
team's decision form. Anyone who may not see the appeals of a participant gets 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from kinerja.appeals import services
from kinerja.appeals.models import Appeal
from kinerja.assessments.models import EvidenceRevision
from kinerja.assessments.queries import review_scope_for
from kinerja.common.feedback import error_messages
from kinerja.common.ids import parse_id
from kinerja.cycles.loaders import ParticipantMixin
from kinerja.cycles.models import Participant
from kinerja.reviews.forms import posted_value


class AppealMixin(ParticipantMixin):
    permission_required = "appeals.view_appeals"


def _list_url(participant: Participant) -> str:
    return reverse("appeals:list", args=[participant.pk])


def _revisions(participant: Participant):
    return (
        EvidenceRevision.objects.filter(
            evidence__participant=participant, evidence__withdrawn_at__isnull=True
        )
        .select_related("evidence", "file")
        .order_by("evidence__indicator_ref", "evidence__title", "-number")
    )


def render_appeals(view, *, status: int = 200, posted=None, error: str = ""):
    request = view.request
    participant = view.get_participant()
    cycle = participant.cycle
    scope = review_scope_for(cycle)
    names = {i.ref: i.name for i in scope.indicators}
    rows = list(
        Appeal.objects.filter(participant=participant)
        .select_related("decided_by", "created_by")
        .prefetch_related("evidence__evidence")
    )
    for row in rows:
        row.indicator_name = names.get(row.indicator_ref, "")
    can_file = request.user.has_perm("appeals.file_appeal", participant)
    context = {
        "participant": participant,
        "cycle": cycle,
        "appeals": rows,
        "can_file": can_file,
        "can_decide": request.user.has_perm("appeals.decide_appeal", participant),
        "stage_open": services.appeal_stage_open(cycle),
        "indicators": scope.indicators if can_file else (),
        "revisions": list(_revisions(participant)) if can_file else [],
        "posted": posted or {},
        "error": error,
    }
    return TemplateResponse(request, "appeals/appeals.html", context, status=status)


class AppealsView(AppealMixin, View):
    """The appeals of a participant; the unit's people also get the filing form."""

    def get(self, request, participant_id: int):
        return render_appeals(self)


class FileAppealView(AppealMixin, View):
    """File an appeal; a refused form comes back with what was typed (400)."""

    permission_required = "appeals.file_appeal"

    def post(self, request, participant_id: int):
        participant = self.get_participant()
        ref = request.POST.get("indicator", "")
        reason = request.POST.get("reason", "")
        picked = [v for v in request.POST.getlist("evidence") if parse_id(v) is not None]
        try:
            services.file_appeal(
                participant, ref, reason=reason, evidence_revisions=picked, by=request.user
            )
        except ValidationError as exc:
            posted = {"indicator": ref, "reason": reason, "evidence": picked}
            return render_appeals(
                self, status=400, posted=posted, error=" ".join(error_messages(exc))
            )
        messages.success(request, _("Appeal on %(ref)s filed.") % {"ref": ref})
        return redirect(_list_url(participant))


class DecideAppealView(AppealMixin, View):
    """The team's decision on one open appeal: accept (with an optional new value) or reject."""

    permission_required = "appeals.decide_appeal"

    def get_appeal(self) -> Appeal:
        appeal = get_object_or_404(
            Appeal.objects.prefetch_related("evidence__evidence", "evidence__file"),
            pk=self.kwargs["appeal_id"],
            participant=self.get_participant(),
        )
        appeal.participant = self.get_participant()
        return appeal

    def render(self, appeal: Appeal, *, status: int = 200, posted=None, error: str = ""):
        scope = review_scope_for(appeal.participant.cycle)
        context = {
            "participant": appeal.participant,
            "cycle": appeal.participant.cycle,
            "appeal": appeal,
            "indicator": scope.indicator(appeal.indicator_ref),
            "score": services.score_snapshot(appeal.participant, appeal.indicator_ref),
            "posted": posted or {},
            "error": error,
        }
        return TemplateResponse(self.request, "appeals/appeal_decide.html", context, status=status)

    def get(self, request, participant_id: int, appeal_id: int):
        return self.render(self.get_appeal())

    def post(self, request, participant_id: int, appeal_id: int):
        appeal = self.get_appeal()
        accept = request.POST.get("decision") == "accept"
        note = request.POST.get("note", "")
        indicator = review_scope_for(appeal.participant.cycle).indicator(appeal.indicator_ref)
        raw = posted_value(indicator, request.POST) if indicator is not None else None
        try:
            services.decide_appeal(appeal, accept=accept, note=note, new_value=raw, by=request.user)
        except ValidationError as exc:
            posted = {"decision": request.POST.get("decision", ""), "note": note, "value": raw}
            return self.render(
                appeal, status=400, posted=posted, error=" ".join(error_messages(exc))
            )
        messages.success(request, _("Appeal on %(ref)s decided.") % {"ref": appeal.indicator_ref})
        return redirect(_list_url(appeal.participant))
