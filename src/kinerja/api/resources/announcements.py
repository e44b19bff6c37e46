"""Announced results (public, as the landing page and the announcement's pages): the list of
live announcements, one announcement's decree, and a participant's report card. The frozen
snapshot is served only while it matches its SHA-256 (409 otherwise, audited)."""

from django.http import Http404
from ninja import Router
from ninja.pagination import CursorPagination, paginate

from kinerja.api.resources.results import result_row
from kinerja.api.schemas import (
    ERRORS,
    AdviceOut,
    AnnouncementOut,
    AspectOut,
    Id,
    Problem,
    ReportCardOut,
)
from kinerja.results.awards import award_labels
from kinerja.results.cards import report_card
from kinerja.results.integrity import check_snapshot
from kinerja.results.models import Announcement
from kinerja.results.queries import live_announcement

router = Router(tags=["announcements"])

FROZEN_ERRORS = {**ERRORS, 409: Problem}


def _announcements():
    return (
        Announcement.objects.select_related("determination", "cycle__organiser_unit")
        .defer("determination__snapshot")
        .filter(withdrawn_at=None)
    )


@router.get(
    "/announcements", response={200: list[AnnouncementOut], **ERRORS}, url_name="announcements"
)
@paginate(CursorPagination, ordering=("-id",), page_size=50)
def list_announcements(request):
    """Every live announcement, newest first."""
    return _announcements()


@router.get(
    "/announcements/{cycle_id}",
    response={200: AnnouncementOut, **ERRORS},
    url_name="announcement",
)
def get_announcement(request, cycle_id: Id):
    announcement = _announcements().filter(cycle_id=cycle_id).first()
    if announcement is None:
        raise Http404
    return announcement


@router.get(
    "/announcements/{cycle_id}/report-cards/{participant_id}",
    response={200: ReportCardOut, **FROZEN_ERRORS},
    url_name="report_card",
)
def get_report_card(request, cycle_id: Id, participant_id: Id):
    """One participant's report card of the announced results, as its public page."""
    announcement = live_announcement(cycle_id)
    if announcement is None:
        raise Http404
    determination, cycle = announcement.determination, announcement.cycle
    check_snapshot(determination, by=request.auth)
    card = report_card(determination.snapshot, participant_id, cycle.instrument_version.definition)
    if card is None:
        raise Http404
    return ReportCardOut(
        cycle_id=cycle.pk,
        determination_version=determination.version,
        result=result_row(card.row, award_labels(cycle)),
        aspects=[
            AspectOut(ref=a.ref, name=a.name, score=a.display, average=a.average_display)
            for a in card.aspects
        ],
        strengths=[a.ref for a in card.strengths],
        weaknesses=[a.ref for a in card.weaknesses],
        recommendations=[AdviceOut(subject=r.subject, text=r.text) for r in card.recommendations],
        suggested=card.suggested,
    )
