"""Reads of recommendations that other pages share."""

from __future__ import annotations

from kinerja.cycles.models import Participant
from kinerja.minutes.models import Recommendation


def earlier_recommendations(participant: Participant) -> list[Recommendation]:
    """Recommendations given to the same unit in earlier cycles of the same instrument family,
    newest cycle first, for the F01's follow-up monitoring (Pedoman 5/2023). One query."""
    cycle = participant.cycle
    family = cycle.instrument_version.instrument.family
    return list(
        Recommendation.objects.filter(
            participant__unit_id=participant.unit_id,
            participant__cycle__instrument_version__instrument__family=family,
            participant__cycle__year__lt=cycle.year,
        )
        .select_related("participant__cycle")
        .order_by("-participant__cycle__year", "pk")
    )
