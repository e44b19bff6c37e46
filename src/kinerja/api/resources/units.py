"""Regions and units of the caller's government (as the unit directory): organisers only, every
list through the tenant scope; anyone else gets 404, as on the web."""

from typing import Annotated

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import CursorPagination, paginate

from kinerja.api.auth import require_write
from kinerja.api.problems import problem
from kinerja.api.schemas import (
    ERRORS,
    Id,
    ImportPlanOut,
    ImportRowProblem,
    JobOut,
    Problem,
    RegionOut,
    UnitOut,
)
from kinerja.common.tabular import TableError
from kinerja.directory.jobs import plan_for, start_unit_import
from kinerja.tenancy.scope import regions_in_scope, units_in_scope
from kinerja.units.models import Region, Unit

router = Router(tags=["units"])

Filter = Annotated[str, Query(max_length=200, pattern=r"^[^\x00]*$")]
"""A text filter: at most 200 characters, no NUL (PostgreSQL text cannot hold one)."""


def _organiser(request):
    if not request.auth.has_perm("units.view_tree"):
        raise Http404
    return request.auth


@router.get("/regions", response={200: list[RegionOut], **ERRORS}, url_name="regions")
@paginate(CursorPagination, ordering=("code",), page_size=200)
def list_regions(request, kind: Filter = "", parent: Filter = ""):
    """The regions of the caller's government; ``parent`` is a region code (its children)."""
    regions = regions_in_scope(_organiser(request), Region.objects.select_related("parent"))
    if kind:
        regions = regions.filter(kind=kind)
    if parent:
        regions = regions.filter(parent__code=parent)
    return regions


def _units(request):
    return units_in_scope(_organiser(request), Unit.objects.select_related("region"))


@router.get("/units", response={200: list[UnitOut], **ERRORS}, url_name="units")
@paginate(CursorPagination, ordering=("id",), page_size=200)
def list_units(
    request, region: Filter = "", kind: Filter = "", q: Filter = "", active: bool | None = None
):
    """Units of the caller's government. ``region``: a region code, with the regions under it;
    ``q``: text in the name, short name or code."""
    units = _units(request)
    if region:
        units = units.filter(Q(region__code=region) | Q(region__code__startswith=f"{region}."))
    if kind:
        units = units.filter(kind=kind)
    if q:
        units = units.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(code=q))
    if active is not None:
        units = units.filter(active=active)
    return units


IMPORT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "CSV or XLSX (by content) with the columns of the "
                            "web import's template: kode, nama, singkatan, jenis, wilayah, "
                            "induk, aktif",
                        },
                        "dry_run": {"type": "boolean", "default": False},
                    },
                }
            }
        },
    }
}


def _plan_out(plan, job=None) -> ImportPlanOut:
    return ImportPlanOut(
        ok=plan.ok,
        create=plan.count_create,
        update=plan.count_update,
        unchanged=plan.count_unchanged,
        file_errors=list(plan.file_errors),
        rows=[ImportRowProblem(row=r.number, errors=r.errors) for r in plan.error_rows],
        job=JobOut.from_orm(job) if job is not None else None,
    )


@router.post(
    "/units/import",
    response={200: ImportPlanOut, 202: ImportPlanOut, 403: Problem, **ERRORS},
    url_name="units_import",
    openapi_extra=IMPORT_BODY,
)
def import_units(request):
    """Import units into the caller's government, all or nothing. ``dry_run``: only say what
    would happen (200). Otherwise a file without errors is imported by a job (202 with the job;
    follow it at ``/jobs/{id}``); a file with errors is answered with them and nothing queued."""
    user = _organiser(request)
    if not user.has_perm("units.manage"):
        raise Http404
    require_write(request)
    upload = request.FILES.get("file")
    if upload is None:
        return problem(422, "Unprocessable Content", "Send the table as the form field 'file'.")
    dry_run = request.POST.get("dry_run", "").lower() in {"1", "true", "yes", "on"}
    data = upload.read()
    try:
        plan = plan_for(user, data, upload.name or "")
    except TableError as refusal:
        return problem(422, "Unprocessable Content", str(refusal))
    if dry_run or not plan.ok:
        return _plan_out(plan)
    return Status(202, _plan_out(plan, start_unit_import(user, data, upload.name or "")))


# After /units/import: the path converter of {unit_id} would take "import" too.
@router.get("/units/{unit_id}", response={200: UnitOut, **ERRORS}, url_name="unit")
def get_unit(request, unit_id: Id):
    return get_object_or_404(_units(request), pk=unit_id)
