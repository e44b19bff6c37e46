"""A determined cycle's scores are frozen (DESIGN rule 5: a determined result is a frozen
snapshot; later edits need an explicit reopen that is itself recorded).

Every service that changes what a result is computed from — an evaluator's review (also on a
field visit), a plenary consensus set or cleared, an appeal decided with a new value — calls
``require_not_determined`` first, so the live ranking can never drift away from a current
determination. The organiser reopens the determination (``services.reopen_determination``,
audited with its reason) to let scores change again. F01 answers are not an input of the result
(the engine reads reviews and consensus values only) and stay under their own stage gates.

This module reads only ``results.models``, so the reviews services can import it at load time.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kinerja.results.models import Determination


class ResultsDetermined(ValidationError):
    """The cycle has a current determination; ``determination`` is it (snapshot not read)."""

    def __init__(self, determination: Determination):
        super().__init__(
            _(
                "The results of this cycle are determined (decree %(decree)s, version "
                "%(version)s): scores can no longer change. The organiser must reopen the "
                "determination first."
            )
            % {"decree": determination.decree_number, "version": determination.version},
            code="determined",
        )
        self.determination = determination


def require_not_determined(cycle_id: int) -> None:
    """Refuse (``ResultsDetermined``) while the cycle has a determination not reopened. One
    query; the snapshot is never read."""
    determination = (
        Determination.objects.filter(cycle_id=cycle_id, reopened_at=None)
        .only("pk", "version", "decree_number")
        .first()
    )
    if determination is not None:
        raise ResultsDetermined(determination)
