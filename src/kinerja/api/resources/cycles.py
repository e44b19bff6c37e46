"""Cycles the caller may see (as the web's cycle list), and one cycle."""

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.pagination import CursorPagination, paginate

from kinerja.api.schemas import ERRORS, CycleOut, Id
from kinerja.cycles.queries import cycles_for
from kinerja.results.models import Announcement

router = Router(tags=["cycles"])


def _cycles(user):
    live = Announcement.objects.filter(cycle=OuterRef("pk"), withdrawn_at=None)
    return (
        cycles_for(user)
        .select_related("instrument_version__instrument", "organiser_unit__region")
        .annotate(announced=Exists(live))
    )


@router.get("/cycles", response={200: list[CycleOut], **ERRORS}, url_name="cycles")
@paginate(CursorPagination, ordering=("-id",), page_size=50)
def list_cycles(request):
    return _cycles(request.auth)


@router.get("/cycles/{cycle_id}", response={200: CycleOut, **ERRORS}, url_name="cycle")
def get_cycle(request, cycle_id: Id):
    cycle = get_object_or_404(_cycles(request.auth), pk=cycle_id)
    if not request.auth.has_perm("cycles.view_cycle", cycle):
        raise Http404
    return cycle
