"""What the claims pages read: the list grouped by criterion, with the checks made on site."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from kinerja.claims.models import Claim, ClaimCheck
from kinerja.cycles.models import Participant, TeamMember
from kinerja.scoring.model.schema import Indicator


@dataclass
class CriterionClaims:
    ref: str
    name: str
    claims: list[Claim] = field(default_factory=list)


@dataclass
class ClaimsBoard:
    """One claims indicator of a participant: its criteria with their claims, and the tally."""

    indicator: Indicator
    criteria: list[CriterionClaims]
    claimed: int
    checked: int = 0  # by the seat shown (on site), or by anyone (organiser's view)
    found: int = 0

    @property
    def unchecked(self) -> int:
        return self.claimed - self.checked


def claims_board(
    participant: Participant, indicator: Indicator, *, seat: TeamMember | None = None
) -> ClaimsBoard:
    """The participant's claims under ``indicator`` by criterion, in the instrument's order.

    With ``seat``, each claim carries ``mine`` (that evaluator's check or None); without, each
    carries ``found_by`` and ``checked_by_count`` across the team. Two queries either way."""
    definition = participant.cycle.instrument_version.definition
    claims = list(
        Claim.objects.filter(participant=participant, indicator_ref=indicator.ref)
        .select_related("innovation")
        .annotate(
            checked_count=Count("checks"), found_count=Count("checks", filter=Q(checks__found=True))
        )
        .order_by("pk")
    )
    mine: dict[int, ClaimCheck] = {}
    if seat is not None:
        mine = {
            c.claim_id: c
            for c in ClaimCheck.objects.filter(claim__in=[c.pk for c in claims], evaluator=seat)
        }
    groups = {
        ref: CriterionClaims(ref, definition.indicator(ref).name)
        for ref in indicator.claims.criteria
    }
    board = ClaimsBoard(indicator, list(groups.values()), claimed=len(claims))
    for claim in claims:
        claim.mine = mine.get(claim.pk)
        group = groups.get(claim.criterion_ref)
        if group is not None:
            group.claims.append(claim)
        if seat is not None and claim.mine is not None:
            board.checked += 1
            board.found += claim.mine.found
    return board
