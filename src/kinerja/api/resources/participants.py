"""A cycle's participants and stages (for who may see the cycle, as its web pages)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.pagination import CursorPagination, paginate

from kinerja.api.schemas import ERRORS, Id, ParticipantOut, StageOut
from kinerja.cycles.loaders import cycles_for_pages

router = Router(tags=["cycles"])


def _visible(request, cycle_id: int):
    cycle = get_object_or_404(cycles_for_pages(), pk=cycle_id)
    if not request.auth.has_perm("cycles.view_cycle", cycle):
        raise Http404
    return cycle


@router.get(
    "/cycles/{cycle_id}/participants",
    response={200: list[ParticipantOut], **ERRORS},
    url_name="participants",
)
@paginate(CursorPagination, ordering=("id",), page_size=100)
def list_participants(request, cycle_id: Id):
    cycle = _visible(request, cycle_id)
    return cycle.participants.select_related("unit__region", "innovation")


@router.get(
    "/cycles/{cycle_id}/stages", response={200: list[StageOut], **ERRORS}, url_name="stages"
)
def list_stages(request, cycle_id: Id):
    return list(_visible(request, cycle_id).stages.order_by("order"))
