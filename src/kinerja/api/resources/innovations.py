"""The public innovation catalogue (published innovations), with its filters."""

from ninja import Router
from ninja.pagination import CursorPagination, paginate

from kinerja.api.schemas import ERRORS, InnovationOut, Year
from kinerja.catalogue.queries import search

router = Router(tags=["innovations"])


@router.get("/innovations", response={200: list[InnovationOut], **ERRORS}, url_name="innovations")
@paginate(CursorPagination, ordering=("id",), page_size=50)
def list_innovations(request, q: str = "", region: str = "", kind: str = "", year: Year = None):
    return search(q=q, region=region, kind=kind, year=year).order_by("id")
