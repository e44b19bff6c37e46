"""Every change to reviews (F02) and to the plenary's consensus.

One module per noun: ``f02`` (an evaluator's scores and their submission), ``plenary``
(consensus values, closing and reopening; ``write_consensus`` is the one writer of a consensus
row). New code imports from those; the names below are re-exported for the callers that use the
package as a namespace (``services.record_review(...)``).
"""

from kinerja.reviews.services.f02 import (
    MAX_NOTE,
    ReviewConflict,
    record_review,
    review_round,
    reviewed_indicator,
    submit_reviews,
)
from kinerja.reviews.services.plenary import (
    ConsensusConflict,
    accept_aggregate,
    close_plenary,
    open_plenary,
    reopen_plenary,
    set_consensus,
    write_consensus,
)

__all__ = [
    "MAX_NOTE",
    "ConsensusConflict",
    "ReviewConflict",
    "accept_aggregate",
    "close_plenary",
    "open_plenary",
    "record_review",
    "reopen_plenary",
    "review_round",
    "reviewed_indicator",
    "set_consensus",
    "submit_reviews",
    "write_consensus",
]
