"""A cycle's results: live for its organiser and team (as the ranking page), the announced
snapshot for everyone else (as the public announcement), with an ETag of its SHA-256."""

from django.http import Http404, HttpResponse
from ninja import Router, Status

from kinerja.api.schemas import ERRORS, Id, Problem, ResultRow, ResultsOut
from kinerja.cycles.loaders import cycles_for_pages
from kinerja.results.awards import award_labels
from kinerja.results.documents import snapshot_award_names
from kinerja.results.integrity import check_snapshot
from kinerja.results.queries import live_announcement, ranking

router = Router(tags=["results"])


def _live(cycle) -> ResultsOut:
    labels = award_labels(cycle)
    rows = [
        ResultRow(
            participant_id=r.participant_id,
            unit=str(r.participant),
            category=r.participant.category,
            rank=r.rank,
            total=None if r.total is None else str(r.total),
            display=r.display,
            grade_code=r.grade_code,
            grade_label=r.grade_label,
            awards=[labels.get(code, code) for code in r.awards],
        )
        for r in ranking(cycle)
    ]
    return ResultsOut(
        cycle_id=cycle.pk, source="live", determination_version=None, sha256=None, rows=rows
    )


def result_row(row: dict, labels: dict) -> ResultRow:
    """One row of a frozen snapshot (``labels``: the cycle's award names)."""
    return ResultRow(
        participant_id=row["participant_id"],
        unit=row["unit"],
        category=row.get("category") or "",
        rank=row.get("rank"),
        total=row.get("total"),
        display=row.get("display") or "",
        grade_code=row.get("grade_code") or "",
        grade_label=row.get("grade_label") or "",
        awards=snapshot_award_names(row, labels),
    )


def _announced(announcement) -> ResultsOut:
    determination = announcement.determination
    labels = award_labels(announcement.cycle)
    rows = [result_row(row, labels) for row in determination.snapshot]
    return ResultsOut(
        cycle_id=announcement.cycle_id,
        source="announced",
        determination_version=determination.version,
        sha256=determination.sha256,
        rows=rows,
    )


@router.get(
    "/cycles/{cycle_id}/results",
    response={200: ResultsOut, 304: None, **ERRORS, 409: Problem},
    url_name="results",
)
def get_results(request, cycle_id: Id, response: HttpResponse):
    cycle = cycles_for_pages().filter(pk=cycle_id).first()
    if cycle is not None and request.auth.has_perm("results.view_ranking", cycle):
        return _live(cycle)
    announcement = live_announcement(cycle_id)
    if announcement is None:
        raise Http404
    etag = f'"{announcement.determination.sha256}"'
    if request.headers.get("If-None-Match") == etag:
        return Status(304, None)
    check_snapshot(announcement.determination, by=request.auth)
    response["ETag"] = etag
    return _announced(announcement)
