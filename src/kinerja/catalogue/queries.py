"""The public innovation catalogue: published innovations, and what the announced results of
the competitions they entered say about them (read from the frozen snapshots, never live)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from kinerja.claims.models import Claim
from kinerja.cycles.models import Participant
from kinerja.innovations.models import Innovation
from kinerja.results.models import Announcement


@dataclass(frozen=True)
class Outcome:
    cycle_id: int
    cycle_name: str
    year: int
    rank: int | None
    award_names: tuple[str, ...]
    grade: str
    stopped_before: str


@dataclass(frozen=True)
class Verification:
    """Where an innovation was claimed and checked on site, once that competition is announced:
    ``found`` of the ``checked`` jurors' marks said it was there."""

    cycle_id: int
    cycle_name: str
    year: int
    participant: str
    criterion: str
    found: int
    checked: int


def published() -> QuerySet[Innovation]:
    return Innovation.objects.filter(published_at__isnull=False).select_related("owner__region")


def search(*, q: str = "", region: str = "", kind: str = "", year: int | None = None):
    """Published innovations matching the filters (text in title, acronym, description or the
    owner's name; the owner's region code or a region above it; unit kind; start year)."""
    found = published()
    if q:
        found = found.filter(
            Q(title__icontains=q)
            | Q(acronym__icontains=q)
            | Q(description__icontains=q)
            | Q(owner__name__icontains=q)
        )
    if region:
        found = found.filter(
            Q(owner__region__code=region) | Q(owner__region__code__startswith=f"{region}.")
        )
    if kind:
        found = found.filter(owner__kind=kind)
    if year:
        found = found.filter(started_on__year=year)
    return found.order_by("owner__region__code", "owner__name", "title")


def outcomes(innovation_ids) -> dict[int, list[Outcome]]:
    """Per innovation, its results in every announced competition it entered: one query for
    the entries and one per announced cycle (its frozen snapshot)."""
    entries = list(
        Participant.objects.filter(innovation_id__in=list(innovation_ids))
        .filter(cycle__announcement__withdrawn_at__isnull=True, cycle__announcement__isnull=False)
        .select_related("cycle")
    )
    by_cycle: dict[int, list[Participant]] = defaultdict(list)
    for entry in entries:
        by_cycle[entry.cycle_id].append(entry)
    found: dict[int, list[Outcome]] = defaultdict(list)
    announcements = Announcement.objects.filter(
        cycle_id__in=list(by_cycle), withdrawn_at=None
    ).select_related("determination")
    for announcement in announcements:
        rows = {row["participant_id"]: row for row in announcement.determination.snapshot}
        for entry in by_cycle[announcement.cycle_id]:
            row = rows.get(entry.pk)
            if row is None:
                continue
            found[entry.innovation_id].append(
                Outcome(
                    cycle_id=entry.cycle_id,
                    cycle_name=entry.cycle.name,
                    year=entry.cycle.year,
                    rank=row.get("rank"),
                    award_names=tuple(row.get("award_names") or ()),
                    grade=row.get("grade_label") or "",
                    stopped_before=row.get("stopped_before") or "",
                )
            )
    for rows in found.values():
        rows.sort(key=lambda o: (-o.year, o.cycle_name))
    return found


def verifications(innovation_id: int) -> list[Verification]:
    """The claims of one innovation checked on site in announced competitions, with the
    criterion's name from the cycle's instrument (definitions are cached): one query."""
    claims = (
        Claim.objects.filter(
            innovation_id=innovation_id,
            participant__cycle__announcement__isnull=False,
            participant__cycle__announcement__withdrawn_at__isnull=True,
        )
        .annotate(checked=Count("checks"), found=Count("checks", filter=Q(checks__found=True)))
        .filter(checked__gt=0)
        .select_related("participant__cycle__instrument_version", "participant__unit")
        .order_by("-participant__cycle__year", "participant__cycle__name", "criterion_ref")
    )
    rows = []
    for claim in claims:
        cycle = claim.participant.cycle
        # The criteria of a claims indicator are checked to be indicators on import.
        indicator = cycle.instrument_version.definition.indicator(claim.criterion_ref)
        rows.append(
            Verification(
                cycle_id=cycle.pk,
                cycle_name=cycle.name,
                year=cycle.year,
                participant=claim.participant.unit.name,
                criterion=f"{claim.criterion_ref} {indicator.name}",
                found=claim.found,
                checked=claim.checked,
            )
        )
    return rows
